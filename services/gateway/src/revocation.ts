// Is this session revoked? One Redis round trip per authenticated request: a GET of the session's
// record (`auth:session:<sid>`, written by the auth service: `active` on register, login and refresh,
// `revoked:<reason>` on logout and refresh-token reuse). The check fails closed on missing data: no
// record (never written, expired, evicted, flushed) means "ask the auth service" over RPC, as when
// Redis is not configured or fails; auth answers from Postgres (the source of truth) and writes the
// record back. If that fails too, the request is refused with 503 — never waved through. The RPC goes
// through callWorker (the request's id and trace go along) with a deadline, so a hung auth service
// costs a request two seconds, not the platform's whole timeout.
import { sessionKey, sessionStateOf } from "@pitchey/contracts/constants";
import { redis } from "@pitchey/data";
import { HttpError, callWorker, type RequestContext } from "@pitchey/http";
import type { Env } from "./gateway.context";

/** After a Redis failure, skip straight to the fallback this long, so an outage costs one timeout, not one per request. */
export const REDIS_BACKOFF_MS = 5_000;
// A plain number per isolate: no I/O object is kept across requests.
let redisSkipUntil = 0;
/** How long the fallback waits for the auth service's answer before refusing with 503. */
export const AUTH_RPC_DEADLINE_MS = 2_000;

export interface RevocationCheck {
  revoked: boolean;
  /** What decided: the session's record in Redis, or the auth service (no record, or Redis unusable). */
  via: "redis" | "rpc";
}

export async function checkRevocation(rc: RequestContext<Env>, sid: string, now = Date.now()): Promise<RevocationCheck> {
  const { env, log } = rc;
  const r = now >= redisSkipUntil ? redis(env) : null;
  if (r) {
    try {
      const state = sessionStateOf(await r.get<string>(sessionKey(sid)));
      if (state) return { revoked: state === "revoked", via: "redis" };
      // No record: Redis lost it or never had it. Absence is not "not revoked"; the auth service knows.
    } catch (err) {
      redisSkipUntil = Date.now() + REDIS_BACKOFF_MS;
      log.warn("revocation check: Redis failed; asking the auth service", { err });
    }
  }
  let active: boolean | null = null;
  try {
    active = await callWorker(rc, { service: "auth", label: "auth.isSessionActive", deadlineMs: AUTH_RPC_DEADLINE_MS }, (trace) => env.AUTH.isSessionActive(sid, trace));
  } catch {
    // callWorker logged why; whatever it was, the session cannot be vouched for.
  }
  if (active === null) {
    throw new HttpError(503, "SERVICE_UNAVAILABLE", "Sessions cannot be checked right now; try again shortly.", { headers: { "retry-after": "5" } });
  }
  return { revoked: !active, via: "rpc" };
}

/** Tests only: forget a Redis failure seen earlier in this isolate. */
export function resetRevocationBackoff(): void {
  redisSkipUntil = 0;
}
