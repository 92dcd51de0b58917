// What the Workers sent out during a test, read back from the stand-ins' sinks
// (packages/local-backends/src/test-sinks.ts): Sentry envelopes, and console lines a tail Worker
// collected from the Workers of the "logged" aliases (vitest.config.ts).
import { env } from "cloudflare:test";
import type { Envelope, LogLine } from "../../../packages/local-backends/src/sink-types";

const base = () => (env as unknown as { TEST_SINKS_URL: string }).TEST_SINKS_URL;

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${base()}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const sentryEnvelopes = () => get<Envelope[]>("/__sentry/envelopes");
export const logLines = () => get<LogLine[]>("/__logs");

/** Polls `find` until it returns something (sends happen after the response, in waitUntil). */
export async function eventually<T>(what: string, find: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`${what}: nothing after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A W3C traceparent with a random trace id, as a client or an upstream proxy sends it. */
export function newTraceparent(): { traceparent: string; traceId: string } {
  const hex = (n: number) => [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const traceId = hex(16);
  return { traceparent: `00-${traceId}-${hex(8)}-01`, traceId };
}
