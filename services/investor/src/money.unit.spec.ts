import { describe, expect, it } from "vitest";
import { exactCents } from "./money";

describe("exactCents", () => {
  it.each([
    ["0", 0],
    ["41500", 41_500],
    ["-7000", -7_000],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
    ["-9007199254740991", -Number.MAX_SAFE_INTEGER],
  ])("gives %s as the number %d", (text, n) => expect(exactCents(text)).toBe(n));

  // 2^53 and 2^53 + 1 both become 9007199254740992 as a float: past the safe range only the digits are exact.
  it.each(["9007199254740992", "9007199254740993", "123456789012345678901", "-9007199254740993"])("keeps %s as its exact digits", (text) => {
    expect(exactCents(text)).toBe(text);
  });
});
