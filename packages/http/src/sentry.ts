// Unhandled errors to Sentry (docs/architecture.md#health), and a sampled share of requests as transactions, only when
// SENTRY_DSN is set; nothing changes without it. This module decides what to send and builds the
// report as plain data; the Worker's sender, chosen where it is wired (useSentry in its src/index.ts),
// sends it after the response (ctx.waitUntil). Only the health Worker carries the SDK (sentry-sdk.ts:
// imported the first time there is something to send, its client living for that one report); every
// other Worker relays its reports to it over RPC (sentry-relay.ts) — the SDK would be a fifth of each
// bundle. What leaves is scrubbed in beforeSend (sentry-scrub.ts).
// Errors that are answers (HttpError: 4xx, a 503 for a database that is down) are not reported: they
// are not bugs, and an outage would flood the project.
import type { BaseEnv, RequestContext } from "./context";
import { SAFE_HEADERS } from "./sentry-scrub";
import type { ErrorReport, TransactionReport } from "@pitchey/contracts";

/** Sends reports that sentry.ts decided to send (after the response: a failure is only logged). */
export interface SentrySender {
  error(report: ErrorReport, err: unknown): Promise<void>;
  transaction(report: ErrorReport, txn: TransactionReport): Promise<void>;
}

let senderOf: (env: any) => SentrySender | null = () => null;
/** Where this Worker's reports go, by its env: set once, where the Worker is wired. Until then (and
 *  when it gives null) nothing is sent. */
export function useSentry<E>(of: (env: E) => SentrySender | null): void {
  senderOf = of;
}

/** A share from a var: a number in 0–1, else `fallback`. */
export function shareOf(v: string | undefined, fallback: number): number {
  const n = v === undefined || v.trim() === "" ? NaN : Number(v);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;
}

/** Whether to send one error: a DSN, and this error falls inside SENTRY_SAMPLE_RATE (default 1). */
export const shouldReport = (env: BaseEnv, random = Math.random()): boolean => Boolean(env.SENTRY_DSN) && random < shareOf(env.SENTRY_SAMPLE_RATE, 1);

/** Whether to send this request as a transaction: a DSN, and inside SENTRY_TRACES_SAMPLE_RATE (default 0). */
export const shouldTrace = (env: BaseEnv, random = Math.random()): boolean => Boolean(env.SENTRY_DSN) && random < shareOf(env.SENTRY_TRACES_SAMPLE_RATE, 0);

/** Ids in a path become ":id", so that one route is one transaction name. */
export const routeName = (path: string): string => path.replace(/\/(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/gi, "/:id");

function reportOf(rc: RequestContext<BaseEnv>): ErrorReport {
  const [, traceId = "", spanId = ""] = rc.traceparent.split("-");
  // The caller's span, when it sent one (this hop's parent in the trace).
  const parent = /^00-[0-9a-f]{32}-([0-9a-f]{16})-/.exec(rc.request.headers.get("traceparent") ?? "")?.[1] ?? null;
  return {
    dsn: rc.env.SENTRY_DSN!,
    release: rc.version,
    environment: rc.env.SENTRY_ENVIRONMENT || "development",
    service: rc.service,
    arm: rc.env.ARM ?? "stable",
    requestId: rc.requestId,
    traceId,
    spanId,
    parentSpanId: parent,
    userId: rc.user?.sub ?? null,
    // Only the harmless headers and the path leave this Worker (a report may cross RPC to the health
    // Worker's SDK); beforeSend there scrubs every string of what it sends (sentry-scrub.ts).
    request: {
      method: rc.request.method,
      url: rc.request.url.split(/[?#]/)[0]!,
      headers: Object.fromEntries([...rc.request.headers].filter(([k]) => SAFE_HEADERS.has(k))),
    },
  };
}

/** Sends this request (or RPC call) as a transaction, when sampled: its span and its Server-Timing
 *  entries as child spans. `name`: "GET /api/pitches/:id", "auth.getUsers". Never throws. */
export function reportRequest(rc: RequestContext<any>, status: number, name: string, op: "http.server" | "rpc"): void {
  const sender = shouldTrace(rc.env) ? senderOf(rc.env) : null;
  if (!sender) return;
  const t = rc.timing;
  const txn: TransactionReport = { name, op, status, startedAt: t.startedAt, durMs: t.elapsed(), spans: [...t.spans] };
  const report = reportOf(rc);
  rc.defer(sender.transaction(report, txn));
}

/** Reports an unhandled error of this request (or RPC call) after the response; never throws. */
export function reportError(rc: RequestContext<any>, err: unknown): void {
  const sender = shouldReport(rc.env) ? senderOf(rc.env) : null;
  if (sender) rc.defer(sender.error(reportOf(rc), err));
}
