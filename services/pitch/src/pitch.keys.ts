// The pitch service's Idempotency-Key records (migrations/0020_idempotency_keys.sql; the mechanism is
// @pitchey/data's idempotently()).
import type { KeyTable } from "@pitchey/data";

export const PITCH_KEYS: KeyTable = { table: "pitch.idempotency_keys", scope: "scope" };
