// Opaque pagination cursors: base64url JSON of the last row's sort key, validated on the way back in.
// A cursor's keys go into SQL as typed parameters, so each is checked against the range of the column
// it is compared with (cursorKey): a hand-made cursor is a 400, never a Postgres cast error (500).
import * as z from "zod";
import { CURSOR_MESSAGE, CURSOR_TEXT } from "@pitchey/contracts/constants";
import { base64urlToText, textToBase64url } from "./encoding";
import { badRequest } from "./problem";

const ISO_MICROS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const daysIn = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** A real instant in isoText()'s form: a date that exists, years 1–9999 (Postgres has no year 0). */
export function isCursorInstant(s: string): boolean {
  const m = ISO_MICROS.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h <= 23 && mi <= 59 && se <= 59;
}

const INT8_MAX = 9_223_372_036_854_775_807n;
const FLOAT_TEXT = /^-?(\d+)(?:\.(\d+))?(?:e[+-]?\d+)?$/i;

/** A value Postgres reads as float8 without error: finite, and not a non-zero that underflows to 0. */
export function isCursorFloat8(s: string): boolean {
  const m = FLOAT_TEXT.exec(s);
  if (!m || s.length > 40) return false;
  const n = Number(s);
  if (!Number.isFinite(n)) return false;
  return n !== 0 || !/[1-9]/.test(m[1]! + (m[2] ?? ""));
}

/** Cursor keys by the Postgres type of the column they stand for. */
export const cursorKey = {
  /** timestamptz, as isoText() writes it (microseconds, UTC). */
  timestamptz: z.string().refine(isCursorInstant),
  /** A non-negative bigint (counts): at most 2^63 − 1. */
  count: z.string().refine((s) => /^\d{1,19}$/.test(s) && BigInt(s) <= INT8_MAX),
  /** double precision, as Postgres prints it. */
  float8: z.string().refine(isCursorFloat8),
};

export function encodeCursor(position: unknown): string {
  return textToBase64url(JSON.stringify(position));
}

/** The position inside a cursor, or a 400 naming `cursor` when it is not one of ours. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  const fail = () => badRequest("Invalid query: cursor.", [{ path: "cursor", message: CURSOR_MESSAGE }]);
  if (!CURSOR_TEXT.test(cursor)) throw fail();
  let json: unknown;
  try {
    json = JSON.parse(base64urlToText(cursor));
  } catch {
    throw fail();
  }
  const r = schema.safeParse(json);
  if (!r.success) throw fail();
  return r.data;
}

/** One page from rows fetched with `limit + 1`: the extra row only says whether there is more. */
export function paginate<R, T = R>(
  rows: R[],
  limit: number,
  cursorOf: (last: R) => unknown,
  map: (row: R) => T = (r) => r as unknown as T,
): { items: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
