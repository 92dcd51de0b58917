// Calling the chosen arm through its binding with the shared callWorker (packages/http call.ts): the
// request id and trace, a deadline per attempt, one retry for idempotent requests, Server-Timing, and a
// failing or slow service — unreachable, hanging, or answering 500s — turned into 503/504 with
// Retry-After for that service's routes alone. Only the gateway adds: the identity only it can sign,
// the caller's Workers version key, and a circuit breaker per binding.
import { HttpError, IDENTITY_HEADER, fetchWorker, readBytes, signCaller, type Stage } from "@pitchey/http";
import { canCall, recordFailure, recordSuccess } from "./breaker";
import { DRAIN_BODY_BYTES } from "./drain";
import type { Gw } from "./gateway.context";

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);
/** Headers only the gateway may set; whatever a client sends under these names is dropped. */
const INTERNAL_HEADERS = [
  IDENTITY_HEADER,
  "x-pitchey-service",
  "x-pitchey-gateway-version",
  "cloudflare-workers-version-key",
  "cf-connecting-ip",
  "x-pitchey-arm",
];

export const forward: Stage<Gw> = async (rc, next) => {
  void next; // the last stage
  const { request, env, target } = rc;
  const t = target!;
  const headers = new Headers(request.headers);
  for (const h of INTERNAL_HEADERS) headers.delete(h);
  headers.set("x-pitchey-gateway-version", rc.version);
  // Cloudflare's gradual deployments keep one key on one version of the callee.
  headers.set("cloudflare-workers-version-key", t.cohort);
  if (env.IDENTITY_HMAC_SECRET) {
    headers.set(
      IDENTITY_HEADER,
      await signCaller({ user: rc.auth?.user ?? null, client: rc.address, lastWrite: rc.auth?.lastWrite ?? null }, rc.requestId, env.IDENTITY_HMAC_SECRET),
    );
  }
  // The body is read here, within the limit (a bigger one is read to its end, then refused: drain.ts),
  // and sent on as bytes: a service that answers without reading it (401, 403) leaves no half-read
  // stream behind, and a retry can resend it.
  const body = request.method === "GET" || request.method === "HEAD" ? null : await readBytes(request, MAX_BODY_BYTES, { drainUpTo: DRAIN_BODY_BYTES });
  const name = `${t.service}@${t.arm}`;
  if (!canCall(name)) {
    throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${t.service} service is unavailable; try again shortly.`, { headers: { "retry-after": "10" } });
  }
  return fetchWorker(rc, t.binding, () => new Request(request.url, { method: request.method, headers, body }), {
    service: t.service,
    label: name,
    deadlineMs: env.UPSTREAM_TIMEOUT_MS ? Number(env.UPSTREAM_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
    attempts: IDEMPOTENT.has(request.method) ? 2 : 1,
    onAttempt: (ok) => (ok ? recordSuccess(name) : recordFailure(name)),
  }).then(async (res) => {
    if (failed(res)) {
      // The service answered that it failed (500, 502…): the same clean 503 with Retry-After as a
      // service that cannot be reached. Not tried again: a second attempt would hide a failing arm
      // from the canary's error rate (and its rollback). An answer does not open the breaker either:
      // a client must not be able to take a service offline for everyone by repeating a failing request.
      await res.body?.cancel();
      throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${t.service} service is unavailable; try again shortly.`, { headers: { "retry-after": "5" } });
    }
    // A binding's Response has immutable headers: one copy here, and every later stage sets its own.
    return new Response(res.body, res);
  });
};

/** A service's own failure. 503 and 504 are already the answer a client should see (the service's
 *  database or Redis is down: problem+json with Retry-After) and pass through. */
const failed = (res: Response) => res.status >= 500 && res.status !== 503 && res.status !== 504;
