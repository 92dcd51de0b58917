import * as z from "zod";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, paginate } from "./cursor";
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
