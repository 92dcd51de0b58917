// The circuit breaker per binding (breaker.ts), on a clock of its own: five failures in a row open
// it for 10 s, then one trial call is let through at a time; a success closes it.
import { describe, expect, it } from "vitest";
import { breakerState, canCall, recordFailure, recordSuccess } from "./breaker";

const fail = (name: string, times: number, now: number) => {
  for (let k = 0; k < times; k++) recordFailure(name, now);
};

describe("circuit breaker", () => {
  it("stays closed through four failures and opens on the fifth, for that binding only", () => {
    fail("b1", 4, 1_000);
    expect(breakerState("b1", 1_000)).toBe("closed");
    expect(canCall("b1", 1_000)).toBe(true);
    recordFailure("b1", 1_000);
    expect(breakerState("b1", 1_000)).toBe("open");
    expect(canCall("b1", 1_001)).toBe(false);
    expect(canCall("b1-other", 1_001)).toBe(true);
  });

  it("a success in between starts the count again", () => {
    fail("b2", 4, 1_000);
    recordSuccess("b2");
    fail("b2", 4, 1_000);
    expect(breakerState("b2", 1_000)).toBe("closed");
  });

  it("after 10 s lets one trial through, holds the others, and closes on its success", () => {
    fail("b3", 5, 0);
    expect(canCall("b3", 9_999)).toBe(false);
    expect(canCall("b3", 10_000)).toBe(true);
    expect(canCall("b3", 10_001)).toBe(false);
    recordSuccess("b3");
    expect(canCall("b3", 10_002)).toBe(true);
    expect(breakerState("b3", 10_002)).toBe("closed");
  });

  it("a failed trial keeps it open for another 10 s", () => {
    fail("b4", 5, 0);
    expect(canCall("b4", 10_000)).toBe(true);
    recordFailure("b4", 10_000);
    expect(canCall("b4", 19_999)).toBe(false);
    expect(canCall("b4", 20_000)).toBe(true);
  });
});
