// The gateway's request pipeline (DESIGN §2): request id and trace, CORS, route table, caller
// identity, forward through the service binding, response headers, one log line.
import { matchRoute } from "@pitchey/contracts";
import {
  HttpError, IDENTITY_HEADER, type LogLevel, readBytes, ServerTiming, createLogger, problemResponse, requestIdFrom, signCaller, traceparentFrom,
} from "@pitchey/http";
import { recordTraffic } from "@pitchey/data";
import { BINDING_OF, type Env } from "./gateway.context";
import { allowedOrigin, corsHeaders, preflight } from "./cors";
import { forward } from "./forward";
import { authenticate } from "./authenticate";

const MAX_BODY_BYTES = 1024 * 1024;
/** Headers only the gateway may set; whatever a client sends under these names is dropped. */
const INTERNAL_HEADERS = [IDENTITY_HEADER, "x-pitchey-service", "x-pitchey-gateway-version"];

export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const timing = new ServerTiming();
  const url = new URL(request.url);
  const requestId = requestIdFrom(request.headers);
  const traceparent = traceparentFrom(request.headers);
  const log = createLogger({ service: "gateway", version: env.SERVICE_VERSION ?? "dev", requestId, traceId: traceparent.split("-")[1] }, (env.LOG_LEVEL ?? "info") as LogLevel);
  const origin = allowedOrigin(request.headers.get("origin"), env.CORS_ORIGINS);
  let serviceLabel = "gateway";
  let service: string = "gateway";
  let userId: string | null = null;

  let response: Response;
  try {
    if (request.method === "OPTIONS") {
      response = preflight(origin);
    } else {
      const match = matchRoute(request.method, url.pathname);
      if (match.kind === "none") throw new HttpError(404, "NOT_FOUND", `No route for ${request.method} ${url.pathname}.`);
      if (match.kind === "method") {
        const allow = match.allow.includes("GET") ? [...match.allow, "HEAD"] : match.allow;
        throw new HttpError(405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${url.pathname}.`, { headers: { allow: allow.join(", ") } });
      }
      const target = match.route.service;
      service = target;
      serviceLabel = `${service}@stable`;
      const auth = await timing.time("auth", () => authenticate(request, env, ctx, timing, log));
      const user = auth?.user ?? null;
      userId = user?.sub ?? null;

      const headers = new Headers(request.headers);
      for (const h of INTERNAL_HEADERS) headers.delete(h);
      headers.set("x-request-id", requestId);
      headers.set("traceparent", traceparent);
      headers.set("x-pitchey-gateway-version", env.SERVICE_VERSION ?? "dev");
      const client = request.headers.get("cf-connecting-ip") ?? "unknown";
      if (env.IDENTITY_HMAC_SECRET) headers.set(IDENTITY_HEADER, await signCaller({ user, client, lastWrite: auth?.lastWrite ?? null }, requestId, env.IDENTITY_HMAC_SECRET));
      // The body is read here, within the limit, and sent on as bytes: a service that answers without
      // reading it (401, 403) leaves no half-read stream behind, and a retry can resend it.
      const body = request.method === "GET" || request.method === "HEAD" ? null : await readBytes(request, MAX_BODY_BYTES);
      const upstream = new Request(request.url, { method: request.method, headers, body });
      const t0 = performance.now();
      response = await forward(upstream, {
        service: target,
        binding: env[BINDING_OF[target]],
        timeoutMs: env.UPSTREAM_TIMEOUT_MS ? Number(env.UPSTREAM_TIMEOUT_MS) : undefined,
      });
      timing.add("upstream", performance.now() - t0, target);
    }
  } catch (err) {
    if (!(err instanceof HttpError)) log.error("gateway error", { err });
    const e = err instanceof HttpError ? err : new HttpError(500, "INTERNAL", "Something went wrong on our side; the request id identifies it in our logs.");
    response = problemResponse(e.status, e.code, e.message, { instance: url.pathname, requestId, errors: e.extra.errors, headers: e.extra.headers });
  }

  const out = new Response(response.body, response);
  out.headers.set("x-request-id", requestId);
  out.headers.set("x-pitchey-service", serviceLabel);
  const upstreamTiming = out.headers.get("server-timing");
  const own = timing.header({ name: "gateway" });
  out.headers.set("server-timing", upstreamTiming ? `${own}, ${upstreamTiming}` : own);
  for (const [k, v] of Object.entries(corsHeaders(origin))) out.headers.set(k, v);
  // Per-service rate, errors and latency for /api/health (counted in memory, flushed in waitUntil).
  recordTraffic(env, ctx, service, out.status, timing.elapsed());
  log.info("request", {
    method: request.method,
    path: url.pathname,
    status: out.status,
    service: serviceLabel,
    user: userId,
    durMs: Math.round(timing.elapsed() * 10) / 10,
  });
  return out;
}
