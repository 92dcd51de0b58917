// The pitch lists' cursors, without HTTP: each sort's key must be of its column's kind, so a cursor
// made for one sort, or by hand, is refused before SQL (services/gateway/test/input.cursors.spec.ts
// checks the 400 through the whole mesh).
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, HttpError } from "@pitchey/http";
import { BrowseCursor, CreatedCursor } from "./pitch.cursor";

const AT = "2026-03-01T12:00:00.123456Z";
const refused = (position: unknown, schema: typeof BrowseCursor | typeof CreatedCursor) => {
  try {
    decodeCursor(encodeCursor(position), schema);
  } catch (err) {
    return err instanceof HttpError && err.status === 400;
  }
  return false;
};

describe("BrowseCursor", () => {
  it("round-trips each sort's position", () => {
    for (const p of [
      { s: "new", k: AT, id: "7" },
      { s: "popular", k: "9223372036854775807", id: "8" },
      { s: "trending", k: "-1.25e-07", id: "9" },
    ]) {
      expect(decodeCursor(encodeCursor(p), BrowseCursor)).toEqual(p);
    }
  });

  it("refuses a key of another sort's kind, an unknown sort, an extra field and a bad id", () => {
    expect(refused({ s: "new", k: "12", id: "7" }, BrowseCursor)).toBe(true);
    expect(refused({ s: "popular", k: AT, id: "7" }, BrowseCursor)).toBe(true);
    expect(refused({ s: "popular", k: "9223372036854775808", id: "7" }, BrowseCursor)).toBe(true);
    expect(refused({ s: "trending", k: "NaN-ish", id: "7" }, BrowseCursor)).toBe(true);
    expect(refused({ s: "oldest", k: AT, id: "7" }, BrowseCursor)).toBe(true);
    expect(refused({ s: "new", k: AT, id: "7", extra: 1 }, BrowseCursor)).toBe(true);
    expect(refused({ s: "new", k: AT, id: "07" }, BrowseCursor)).toBe(true);
  });
});

describe("CreatedCursor", () => {
  it("takes a creation instant and an id, and nothing else", () => {
    expect(decodeCursor(encodeCursor({ k: AT, id: "3" }), CreatedCursor)).toEqual({ k: AT, id: "3" });
    expect(refused({ k: "2026-02-30T00:00:00.000000Z", id: "3" }, CreatedCursor)).toBe(true);
    expect(refused({ s: "new", k: AT, id: "3" }, CreatedCursor)).toBe(true);
  });
});
