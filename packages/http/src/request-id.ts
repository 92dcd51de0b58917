// Request ids and W3C trace context: accepted from the caller when well-formed, else made here.
import { bytesToHex } from "./encoding";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

const hex = (bytes: number) => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));

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
