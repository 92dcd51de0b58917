// Opaque pagination cursors: base64url JSON of the last row's sort key, validated on the way back in.
import type * as z from "zod";
import { badRequest } from "./problem";

const toB64url = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function encodeCursor(position: unknown): string {
  return toB64url(JSON.stringify(position));
}

/** The position inside a cursor, or a 400 naming `cursor` when it is not one of ours. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  const fail = () => badRequest("Invalid query: cursor.", [{ path: "cursor", message: "not a cursor returned by this endpoint" }]);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw fail();
  let json: unknown;
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw fail();
  }
  const r = schema.safeParse(json);
  if (!r.success) throw fail();
  return r.data;
}
