// Opaque pagination cursors: base64url JSON of the last row's sort key, validated on the way back in.
import type * as z from "zod";
import { base64urlToText, textToBase64url } from "./encoding";
import { badRequest } from "./problem";

export function encodeCursor(position: unknown): string {
  return textToBase64url(JSON.stringify(position));
}

/** The position inside a cursor, or a 400 naming `cursor` when it is not one of ours. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  const fail = () => badRequest("Invalid query: cursor.", [{ path: "cursor", message: "not a cursor returned by this endpoint" }]);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw fail();
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
export function paginate<R, T = R>(rows: R[], limit: number, cursorOf: (last: R) => unknown, map: (row: R) => T = (r) => r as unknown as T): { items: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
