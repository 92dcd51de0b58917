// Cursors of the pitch lists. The key's shape depends on the sort, and is checked before it reaches
// SQL: a hand-made cursor is a 400, never a database cast error.
import * as z from "zod";
import { Id } from "@pitchey/contracts";

const IsoKey = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
const IntKey = z.string().regex(/^\d{1,19}$/);
const FloatKey = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i).max(40);

export const BrowseCursor = z.discriminatedUnion("s", [
  z.strictObject({ s: z.literal("new"), k: IsoKey, id: Id }),
  z.strictObject({ s: z.literal("popular"), k: IntKey, id: Id }),
  z.strictObject({ s: z.literal("trending"), k: FloatKey, id: Id }),
]);

/** Lists ordered by creation time (mine, NDAs). */
export const CreatedCursor = z.strictObject({ k: IsoKey, id: Id });
