// The investor service's Idempotency-Key records, for investments and watchlist additions alike
// (migrations/0001 and 0020; the mechanism is @pitchey/data's idempotently()). A key used for one
// of them and then the other is "another request": 422.
import type { KeyTable } from "@pitchey/data";

export const INVESTOR_KEYS: KeyTable = { table: "investor.idempotency_keys", scope: "investor_id" };
