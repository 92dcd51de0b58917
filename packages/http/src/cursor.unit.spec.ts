import * as z from "zod";
import { describe, expect, it } from "vitest";
import { cursorKey, decodeCursor, encodeCursor, isCursorFloat8, isCursorInstant, paginate } from "./cursor";
import { textToBase64url } from "./encoding";
import { HttpError } from "./problem";

const Position = z.object({ at: z.string(), id: z.string().regex(/^[0-9]+$/) });

function expectCursor400(fn: () => unknown) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(HttpError);
  const h = err as HttpError;
  expect(h.status).toBe(400);
  expect(h.code).toBe("VALIDATION_FAILED");
  expect(h.extra.errors?.map((e) => e.path)).toEqual(["cursor"]);
}

describe("cursors", () => {
  it("round-trips a position, as URL-safe text", () => {
    const pos = { at: "2026-04-01T12:00:00.000Z", id: "123456789012345678" };
    const c = encodeCursor(pos);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, Position)).toEqual(pos);
    const text = { at: "Ünïcødé 🎬 ?&=/+", id: "1" };
    expect(decodeCursor(encodeCursor(text), Position)).toEqual(text);
  });

  it("answers 400 naming `cursor` for anything that is not one of ours", () => {
    const bad = [
      "", // empty
      "not a cursor!", // outside the alphabet
      "Zm9v+/==", // standard base64
      "A".repeat(513), // too long
      "Zm9vY", // impossible length
      textToBase64url("not json"),
      textToBase64url(JSON.stringify({ at: "x" })), // JSON, but not this endpoint's position
      textToBase64url(JSON.stringify({ at: "x", id: "1; drop table" })),
      "_w", // the byte 0xff: not UTF-8
    ];
    for (const c of bad) expectCursor400(() => decodeCursor(c, Position));
  });
});

describe("paginate", () => {
  const rows = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), at: `t${n}` }));
  const cursorOf = (r: { id: string; at: string }) => ({ at: r.at, id: r.id });

  it("shows `limit` rows and a cursor at the last shown one when a row more was fetched", () => {
    const page = paginate(rows.slice(0, 3), 2, cursorOf);
    expect(page.items.map((r) => r.id)).toEqual(["1", "2"]);
    expect(decodeCursor(page.nextCursor!, Position)).toEqual({ at: "t2", id: "2" });
  });

  it("has no next cursor on the last page, full or short, nor for no rows", () => {
    expect(paginate(rows.slice(0, 2), 2, cursorOf)).toEqual({ items: rows.slice(0, 2), nextCursor: null });
    expect(paginate(rows.slice(0, 1), 2, cursorOf).nextCursor).toBeNull();
    expect(paginate([], 2, cursorOf)).toEqual({ items: [], nextCursor: null });
  });

  it("maps the shown rows, never the extra one", () => {
    const seen: string[] = [];
    const page = paginate(rows, 4, cursorOf, (r) => (seen.push(r.id), Number(r.id) * 10));
    expect(page.items).toEqual([10, 20, 30, 40]);
    expect(seen).toEqual(["1", "2", "3", "4"]);
    expect(decodeCursor(page.nextCursor!, Position).id).toBe("4");
  });
});

describe("cursor keys: only values the column's Postgres type can hold", () => {
  it("timestamptz: real instants in isoText()'s form, years 1–9999", () => {
    for (const ok of ["2026-04-01T12:00:00.000000Z", "2024-02-29T23:59:59.999999Z", "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"]) {
      expect(isCursorInstant(ok), ok).toBe(true);
    }
    for (const bad of [
      "9999-99-99T99:99:99.000000Z",
      "2023-02-29T00:00:00.000000Z",
      "2026-04-31T00:00:00.000000Z",
      "0000-01-01T00:00:00.000000Z",
      "2026-13-01T00:00:00.000000Z",
      "2026-00-10T00:00:00.000000Z",
      "2026-01-00T00:00:00.000000Z",
      "2026-01-01T24:00:00.000000Z",
      "2026-01-01T00:60:00.000000Z",
      "2026-01-01T00:00:60.000000Z",
      "2026-01-01T00:00:00Z",
      "2026-01-01 00:00:00.000000Z",
      "infinity",
    ]) {
      expect(isCursorInstant(bad), bad).toBe(false);
    }
  });

  it("count (bigint ≥ 0): up to 2^63 − 1", () => {
    expect(cursorKey.count.safeParse("9223372036854775807").success).toBe(true);
    expect(cursorKey.count.safeParse("0").success).toBe(true);
    for (const bad of ["9223372036854775808", "9999999999999999999", "99999999999999999999", "-1", "1e3", ""]) {
      expect(cursorKey.count.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("float8: finite, no underflow to zero (Postgres refuses both)", () => {
    for (const ok of ["-1e+09", "0", "-0", "0.0", "12345.678", "1.2345e+20", "1.7976931348623157e308", "4e-320", "0e-999"]) {
      expect(isCursorFloat8(ok), ok).toBe(true);
    }
    for (const bad of ["1e999", "-1e309", "1e-400", "0.1e-400", "NaN", "Infinity", "1e", ".5", "1".repeat(41)]) {
      expect(isCursorFloat8(bad), bad).toBe(false);
    }
  });

  it("a cursor whose key is out of its column's range is a 400 naming `cursor`", () => {
    const P = z.object({ k: cursorKey.timestamptz, n: cursorKey.count, f: cursorKey.float8 });
    const good = { k: "2026-04-01T12:00:00.000000Z", n: "5", f: "1.5" };
    expect(decodeCursor(encodeCursor(good), P)).toEqual(good);
    for (const bad of [{ k: "9999-99-99T99:99:99.000000Z" }, { n: "99999999999999999999" }, { f: "1e999" }]) {
      expectCursor400(() => decodeCursor(encodeCursor({ ...good, ...bad }), P));
    }
  });
});
