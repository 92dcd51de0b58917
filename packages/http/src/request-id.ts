// Request ids and W3C trace context: accepted from the caller when well-formed, else made here.
import { bytesToHex } from "./encoding";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Trace and span ids are random but not secret: they come from a pool refilled 4 KiB at a time, one
// getRandomValues call per ~170 requests instead of two per request.
let pool = new Uint8Array(0);
let used = 0;
function hex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    used = 0;
  }
  used += bytes;
  return bytesToHex(pool, used - bytes, used);
}

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** Keeps the caller's trace id and starts a new span for this hop. */
export function traceparentFrom(headers: Headers): string {
  const m = TRACEPARENT.exec(headers.get("traceparent") ?? "");
  const traceId = m && m[1] !== "0".repeat(32) ? m[1] : hex(16);
  return `00-${traceId}-${hex(8)}-${m?.[3] ?? "01"}`;
}
