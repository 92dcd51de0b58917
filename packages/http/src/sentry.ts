// Unhandled errors to Sentry (DESIGN §5), and a sampled share of requests as transactions, only when
// SENTRY_DSN is set; nothing changes without it. Nothing of the SDK runs at startup or on a request
// that is not reported: the SDK module (sentry-client.ts) is imported the first time there is
// something to send — esbuild keeps it in the bundle but does not evaluate it before then — and its
// client lives for that one report, sent after the response (ctx.waitUntil; no client or scope is
// kept across requests, DESIGN §3). What leaves is scrubbed in beforeSend (sentry-scrub.ts).
// Errors that are answers (HttpError: 4xx, a 503 for a database that is down) are not reported: they
// are not bugs, and an outage would flood the project.
import type { BaseEnv, RequestContext } from "./context";
import type { ErrorReport, TransactionReport } from "./sentry-client";

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
    // Every header goes to the SDK, and beforeSend keeps only the harmless ones: one place decides.
    request: { method: rc.request.method, url: rc.request.url, headers: Object.fromEntries(rc.request.headers) },
  };
}

/** Sends this request (or RPC call) as a transaction, when sampled: its span and its Server-Timing
 *  entries as child spans. `name`: "GET /api/pitches/:id", "auth.getUsers". Never throws. */
export function reportRequest(rc: RequestContext<any>, status: number, name: string, op: "http.server" | "rpc"): void {
  if (!shouldTrace(rc.env)) return;
  const t = rc.timing;
  const txn: TransactionReport = { name, op, status, startedAt: t.startedAt, durMs: t.elapsed(), spans: [...t.spans] };
  const report = reportOf(rc);
  rc.defer(import("./sentry-client").then((m) => m.sendTransaction(report, txn)));
}

/** Reports an unhandled error of this request (or RPC call) after the response; never throws. */
export function reportError(rc: RequestContext<any>, err: unknown): void {
  if (!shouldReport(rc.env)) return;
  const report = reportOf(rc);
  rc.defer(import("./sentry-client").then((m) => m.sendError(report, err)));
}
