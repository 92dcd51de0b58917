// The auth service's Idempotency-Key records: registrations, scoped by the email being registered
// (migrations/0020_idempotency_keys.sql; the mechanism is @pitchey/data's idempotently()).
import type { KeyTable } from "@pitchey/data";

export const AUTH_KEYS: KeyTable = { table: "auth.idempotency_keys", scope: "scope" };
