// Everything a handler needs about the request it serves. Created per request, never kept.
import type { CallTrace, Identity, Role } from "@pitchey/contracts";
import { createLogger, type Logger, type LogLevel } from "./logger";
import { forbidden, unauthenticated } from "./problem";
import { requestIdFrom, traceparentFrom } from "./request-id";
import { ServerTiming } from "./timing";
import type { Caller } from "./identity";

export interface BaseEnv {
  SERVICE_VERSION?: string;
  /** Which arm this instance is: "stable" (unset) or "canary" (docs/releases.md). */
  ARM?: string;
  /** "on" only on local and test instances: the fault switch (data package canary/faults.ts) works. */
  FAULT_SWITCH?: string;
  /** Share of successful requests whose log line is written (respond.ts); errors always are. */
  LOG_SAMPLE?: string;
  IDENTITY_HMAC_SECRET?: string;
  LOG_LEVEL?: string;
  /** Sentry (sentry.ts): unset = nothing is reported. A secret per environment. */
  SENTRY_DSN?: string;
  /** Sentry's environment name ("production", "staging"); default "development". */
  SENTRY_ENVIRONMENT?: string;
  /** Share of unhandled errors reported, 0–1 (default 1). */
  SENTRY_SAMPLE_RATE?: string;
  /** Share of requests sent as a Sentry transaction of their Server-Timing spans, 0–1 (default 0). */
  SENTRY_TRACES_SAMPLE_RATE?: string;
}

export interface RequestContext<E extends BaseEnv = BaseEnv> {
  readonly request: Request;
  readonly url: URL;
  readonly env: E;
  readonly ctx: ExecutionContext;
  readonly service: string;
  readonly version: string;
  readonly requestId: string;
  readonly traceparent: string;
  readonly timing: ServerTiming;
  readonly log: Logger;
  /** The user the gateway verified, or null (anonymous, or the request did not come through the gateway). */
  readonly user: Identity | null;
  /** The client address as the gateway saw it; "unverified" when the gateway's signature is missing. */
  readonly clientId: string;
  /** The invalidation-log entry of this user's latest write, when recent (from the gateway): the
   *  cache reads the log up to it before answering, so the writer sees its write on any isolate. */
  readonly lastWrite: string | null;
  /** Fields stages add to this request's one log line (the user, the arm that answered, …). */
  readonly logFields: Record<string, unknown>;
  /** Run on a service's answer before it leaves (packages that add headers of their own). */
  readonly respondHooks: ((res: Response) => void)[];
  /** Runs work after the response (cache fills, counters); errors are logged, never thrown. */
  defer(work: Promise<unknown>): void;
}

/** The context of one request; `caller` is what the gateway vouched for (null: anonymous or not through the gateway). */
export function createContext<E extends BaseEnv>(
  service: string,
  request: Request,
  env: E,
  ctx: ExecutionContext,
  caller: Caller | null = null,
  requestId = requestIdFrom(request.headers),
): RequestContext<E> {
  const traceparent = traceparentFrom(request.headers);
  const version = env.SERVICE_VERSION ?? "dev";
  // Made on first use: most requests write no line of their own (LOG_SAMPLE) and never need one.
  let logger: Logger | undefined;
  const log = () => (logger ??= createLogger({ service, version, requestId, traceId: traceparent.split("-")[1] }, (env.LOG_LEVEL ?? "info") as LogLevel));
  return {
    request,
    url: new URL(request.url),
    env,
    ctx,
    service,
    version,
    requestId,
    traceparent,
    timing: new ServerTiming(),
    get log() {
      return log();
    },
    user: caller?.user ?? null,
    clientId: caller?.client ?? "unverified",
    lastWrite: caller?.lastWrite ?? null,
    logFields: caller?.user ? { user: caller.user.sub } : {},
    respondHooks: [],
    defer(work) {
      ctx.waitUntil(work.catch((err) => log().error("deferred work failed", { err })));
    },
  };
}

/** The signed-in user, or 401; with roles, also 403 for any other role. */
export function requireUser(rc: RequestContext, roles?: readonly Role[]): Identity {
  if (!rc.user) throw unauthenticated();
  if (roles && !roles.includes(rc.user.role)) throw forbidden(`This needs a ${roles.join(" or ")} account.`);
  return rc.user;
}

const RPC_HOST = "rpc.internal";

/** A context for an RPC call (no HTTP request): the same logger, timing and deferral as a request.
 *  `trace`, the caller's (contracts' CallTrace, the method's last argument), keeps its request id and
 *  trace; without one (a caller of the previous release, a cron) a new request id starts here. */
export async function rpcContext<E extends BaseEnv>(
  service: string,
  method: string,
  env: E,
  ctx: ExecutionContext,
  trace?: unknown,
): Promise<RequestContext<E>> {
  const headers = new Headers();
  // Arrives over RPC unvalidated: only well-formed values are taken (request-id.ts checks them).
  const t = trace && typeof trace === "object" ? (trace as Partial<CallTrace>) : {};
  if (typeof t.requestId === "string") headers.set("x-request-id", t.requestId);
  if (typeof t.traceparent === "string") headers.set("traceparent", t.traceparent);
  return createContext(service, new Request(`https://${RPC_HOST}/${service}/${method}`, { method: "POST", headers }), env, ctx);
}

/** True for an RPC call's context: part of a request another service is serving, not a request of its own. */
export const isRpcContext = (rc: RequestContext<any>): boolean => rc.url.hostname === RPC_HOST;
