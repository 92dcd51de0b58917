// Idempotency-Key policy (Stripe semantics), pure: request fingerprints and what an existing key
// record means for a new request. Storage is in store.ts, the flow in idempotently.ts.
import { sha256Hex } from "@pitchey/http";

/** How long an attempt holds a key before another attempt with the same request may take it over. */
export const CLAIM_LEASE_SECONDS = 60;

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * sha-256 over method, path and the validated body (defaults applied), so key order, whitespace and
 * an explicit default (`"currency":"USD"`) do not make "another body".
 */
export async function fingerprint(method: string, path: string, body: unknown): Promise<string> {
  return sha256Hex(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`);
}

export interface KeyRecord {
  fingerprint: string;
  responseStatus: number | null;
  responseBody: string | null;
  requestId: string | null;
  expired: boolean;
}

export type KeyDecision = "expired" | "reused" | "replay" | "in_progress";

/** What to answer when the key already has a record: another body → 422, done → replay, else 409. */
export function decide(record: KeyRecord, requestFingerprint: string): KeyDecision {
  if (record.expired) return "expired";
  if (record.fingerprint !== requestFingerprint) return "reused";
  return record.responseBody !== null ? "replay" : "in_progress";
}
