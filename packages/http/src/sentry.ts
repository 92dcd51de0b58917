// Unhandled errors to Sentry (DESIGN §5), only when SENTRY_DSN is set; nothing changes without it.
// Nothing of the SDK runs at startup or on a request that goes well: the SDK module (sentry-client.ts)
// is imported the first time there is an error to send — esbuild keeps it in the bundle but does not
// evaluate it before then — and its client lives for that one report, sent after the response
// (ctx.waitUntil; no client or scope is kept across requests, DESIGN §3). What leaves is scrubbed in
// beforeSend (sentry-scrub.ts). Errors that are answers (HttpError: 4xx, a 503 for a database that is
// down) are not reported: they are not bugs, and an outage would flood the project.
import type { BaseEnv, RequestContext } from "./context";
import type { ErrorReport } from "./sentry-client";

/** A share from a var: a number in 0–1, else `fallback`. */
export function shareOf(v: string | undefined, fallback: number): number {
  const n = v === undefined || v.trim() === "" ? NaN : Number(v);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;
}

/** Whether to send one error: a DSN, and this error falls inside SENTRY_SAMPLE_RATE (default 1). */
export const shouldReport = (env: BaseEnv, random = Math.random()): boolean => Boolean(env.SENTRY_DSN) && random < shareOf(env.SENTRY_SAMPLE_RATE, 1);

function reportOf(rc: RequestContext<BaseEnv>): ErrorReport {
  const [, traceId = "", spanId = ""] = rc.traceparent.split("-");
  return {
    dsn: rc.env.SENTRY_DSN!,
    release: rc.version,
    environment: rc.env.SENTRY_ENVIRONMENT || "development",
    service: rc.service,
    arm: rc.env.ARM ?? "stable",
    requestId: rc.requestId,
    traceId,
    spanId,
    userId: rc.user?.sub ?? null,
    // Every header goes to the SDK, and beforeSend keeps only the harmless ones: one place decides.
    request: { method: rc.request.method, url: rc.request.url, headers: Object.fromEntries(rc.request.headers) },
  };
}

/** Reports an unhandled error of this request (or RPC call) after the response; never throws. */
export function reportError(rc: RequestContext<any>, err: unknown): void {
  if (!shouldReport(rc.env)) return;
  const report = reportOf(rc);
  rc.defer(import("./sentry-client").then((m) => m.sendError(report, err)));
}
