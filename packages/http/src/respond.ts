// The outermost stage of every pipeline: every answer carries the request id and Server-Timing (this
// hop's entries first, then what the hop behind it reported), and one JSON log line is written per
// request. toProblem is every pipeline's error handler: any error becomes problem+json, and one that
// is not an HttpError (a bug) is reported to Sentry (sentry.ts; only with SENTRY_DSN).
import type { RequestContext } from "./context";
import type { Stage } from "./pipeline";
import { HttpError, problemResponse } from "./problem";
import { reportError, reportRequest, routeName } from "./sentry";

export function toProblem(err: unknown, rc: RequestContext<any>): Response {
  const instance = rc.url.pathname;
  if (err instanceof HttpError) {
    if (err.status >= 500) rc.log.warn("request failed", { status: err.status, code: err.code, detail: err.message });
    return problemResponse(err.status, err.code, err.message, { instance, requestId: rc.requestId, errors: err.extra.errors, headers: err.extra.headers });
  }
  rc.log.error("unhandled error", { err });
  reportError(rc, err);
  return problemResponse(500, "INTERNAL", "Something went wrong on our side; the request id identifies it in our logs.", { instance, requestId: rc.requestId });
}

/** Headers of a Response that may be immutable (one from fetch() or a binding): a copy only then. */
export function writable(res: Response): Response {
  try {
    res.headers.set("x-request-id", "");
    return res;
  } catch {
    return new Response(res.body, res);
  }
}

/** Requests slower than this are always logged, whatever the sample. */
const SLOW_MS = 1_000;
let sampleOf: { from: string | undefined; rate: number } = { from: undefined, rate: 1 };

/** LOG_SAMPLE: the share of successful requests whose line is written (0–1; default 1, all). Errors
 *  (status ≥ 400) and slow requests are always written. Production sets 0.1 (docs/operations.md). */
export function logSample(setting: string | undefined): number {
  if (sampleOf.from !== setting) {
    const n = setting === undefined || setting === "" ? 1 : Number(setting);
    sampleOf = { from: setting, rate: Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1 };
  }
  return sampleOf.rate;
}

export function respond<C extends RequestContext<any>>(): Stage<C> {
  return async (rc, next) => {
    const res = writable(await next());
    const h = res.headers;
    h.set("x-request-id", rc.requestId);
    const own = rc.timing.header({ name: rc.service });
    const behind = h.get("server-timing");
    h.set("server-timing", behind ? `${own}, ${behind}` : own);
    const ms = rc.timing.elapsed();
    if (res.status >= 400 || ms >= SLOW_MS || Math.random() < logSample((rc.env as { LOG_SAMPLE?: string }).LOG_SAMPLE)) {
      rc.log.info("request", { method: rc.request.method, path: rc.url.pathname, status: res.status, durMs: Math.round(ms * 10) / 10, ...rc.logFields });
    }
    reportRequest(rc, res.status, `${rc.request.method} ${routeName(rc.url.pathname)}`, "http.server");
    return res;
  };
}
