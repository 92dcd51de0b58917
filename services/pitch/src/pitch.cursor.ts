// Cursors of the pitch lists. The key's shape depends on the sort, and is checked against the range of
// the column it stands for before it reaches SQL: a hand-made cursor is a 400, never a database cast
// error.
import * as z from "zod";
import { Id } from "@pitchey/contracts";
import { cursorKey } from "@pitchey/http";

export const BrowseCursor = z.discriminatedUnion("s", [
  z.strictObject({ s: z.literal("new"), k: cursorKey.timestamptz, id: Id }), // published_at
  z.strictObject({ s: z.literal("popular"), k: cursorKey.count, id: Id }), // view_count
  z.strictObject({ s: z.literal("trending"), k: cursorKey.float8, id: Id }), // trending_log
]);

/** Lists ordered by creation time (mine, NDAs). */
export const CreatedCursor = z.strictObject({ k: cursorKey.timestamptz, id: Id });
