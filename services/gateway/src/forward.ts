// Calling the chosen arm through its binding: the identity only the gateway can sign, the request
// id and trace, the caller's Workers version key; a timeout, one retry for idempotent requests, a
// circuit breaker per binding, and a failing or slow service — unreachable, hanging, or answering
// 500s — turned into 503/504 with Retry-After for that service's routes alone.
import { HttpError, IDENTITY_HEADER, readBytes, signCaller, type Stage } from "@pitchey/http";
import { canCall, recordFailure, recordSuccess } from "./breaker";
import { DRAIN_BODY_BYTES } from "./drain";
import type { Gw } from "./gateway.context";

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);
/** Headers only the gateway may set; whatever a client sends under these names is dropped. */
const INTERNAL_HEADERS = [IDENTITY_HEADER, "x-pitchey-service", "x-pitchey-gateway-version", "cloudflare-workers-version-key", "cf-connecting-ip", "x-pitchey-arm"];

export const forward: Stage<Gw> = async (rc, next) => {
  void next; // the last stage
  const { request, env, target } = rc;
  const t = target!;
  const headers = new Headers(request.headers);
  for (const h of INTERNAL_HEADERS) headers.delete(h);
  headers.set("x-request-id", rc.requestId);
  headers.set("traceparent", rc.traceparent);
  headers.set("x-pitchey-gateway-version", rc.version);
  // Cloudflare's gradual deployments keep one key on one version of the callee.
  headers.set("cloudflare-workers-version-key", t.cohort);
  if (env.IDENTITY_HMAC_SECRET) {
    headers.set(IDENTITY_HEADER, await signCaller({ user: rc.auth?.user ?? null, client: rc.address, lastWrite: rc.auth?.lastWrite ?? null }, rc.requestId, env.IDENTITY_HMAC_SECRET));
  }
  // The body is read here, within the limit (a bigger one is read to its end, then refused: drain.ts),
  // and sent on as bytes: a service that answers without reading it (401, 403) leaves no half-read
  // stream behind, and a retry can resend it.
  const body = request.method === "GET" || request.method === "HEAD" ? null : await readBytes(request, MAX_BODY_BYTES, { drainUpTo: DRAIN_BODY_BYTES });
  const name = `${t.service}@${t.arm}`;
  const timeoutMs = env.UPSTREAM_TIMEOUT_MS ? Number(env.UPSTREAM_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  const t0 = performance.now();
  try {
    return await call(t.binding, () => new Request(request.url, { method: request.method, headers, body }), name, t.service, IDEMPOTENT.has(request.method) ? 2 : 1, timeoutMs);
  } finally {
    rc.timing.add("upstream", performance.now() - t0, name);
  }
};

/** A service's own failure. 503 and 504 are already the answer a client should see (the service's
 *  database or Redis is down: problem+json with Retry-After) and pass through. */
const failed = (res: Response) => res.status >= 500 && res.status !== 503 && res.status !== 504;

async function call(binding: Fetcher, make: () => Request, breaker: string, service: string, attempts: number, timeoutMs: number): Promise<Response> {
  if (!canCall(breaker)) {
    throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${service} service is unavailable; try again shortly.`, { headers: { "retry-after": "10" } });
  }
  let lastError: unknown;
  let timedOut = false;
  for (let attempt = 1; attempt <= attempts && !timedOut; attempt++) {
    // A timer cleared as soon as the answer starts (AbortSignal.timeout's timer would live on for
    // the whole budget after every request).
    const abort = new AbortController();
    const timer = setTimeout(() => ((timedOut = true), abort.abort()), timeoutMs);
    try {
      const res = await binding.fetch(make(), { signal: abort.signal });
      recordSuccess(breaker);
      if (!failed(res)) return res;
      // The service answered that it failed (500, 502…): the same clean 503 with Retry-After as a
      // service that cannot be reached. Not tried again: a second attempt would hide a failing arm
      // from the canary's error rate (and its rollback). Answers do not open the breaker either: a
      // client must not be able to take a service offline for everyone by repeating a failing request.
      await res.body?.cancel();
      break;
    } catch (err) {
      lastError = err;
      recordFailure(breaker);
    } finally {
      clearTimeout(timer);
    }
  }
  if (timedOut) {
    throw new HttpError(504, "SERVICE_TIMEOUT", `The ${service} service did not answer in ${timeoutMs} ms.`, { headers: { "retry-after": "5" } });
  }
  throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${service} service is unavailable; try again shortly.`, { headers: { "retry-after": "5" } });
}
