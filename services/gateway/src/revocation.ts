// Is this session revoked? One Redis round trip per authenticated request: an MGET of the session's
// record (`auth:session:<sid>`, written by the auth service: `active` on register, login and refresh,
// `revoked:<reason>` on logout and refresh-token reuse) and the user's latest write
// (`tagv:@wrote:<user>`, written by the cache package), which the gateway passes on so any isolate can
// show the user their own write (read-your-writes). The check fails closed on missing data: no
// record (never written, expired, evicted, flushed) means "ask the auth service" over RPC, as when
// Redis is not configured or fails; auth answers from Postgres (the source of truth) and writes the
// record back. If that fails too, the request is refused with 503 — never waved through. The RPC goes
// through callWorker (the request's id and trace go along) with a deadline, so a hung auth service
// costs a request two seconds, not the platform's whole timeout.
import { LOG_ENTRY_ID, lastWriteKey, sessionKey, sessionStateOf } from "@pitchey/contracts/constants";
import { redis, redisBackoff } from "@pitchey/data";
import { HttpError, callWorker, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";

/** After a Redis failure, skip straight to the fallback this long, so an outage costs one timeout, not one per request;
 *  longer than the cache's 1 s (data package cache/redis-guard.ts): this fallback is an RPC and a Postgres read. */
export const REDIS_BACKOFF_MS = 5_000;
const backoff = redisBackoff(REDIS_BACKOFF_MS);
/** How long the fallback waits for the auth service's answer before refusing with 503. */
export const AUTH_RPC_DEADLINE_MS = 2_000;

export interface RevocationCheck {
  revoked: boolean;
  /** What decided: the session's record in Redis, or the auth service (no record, or Redis unusable). */
  via: "redis" | "rpc";
  /** The user's latest write, when asked for (userId) and Redis answered; null when none is recent. */
  lastWrite?: string | null;
}

export async function checkRevocation(rc: RequestContext<Env>, sid: string, now = Date.now(), userId?: string): Promise<RevocationCheck> {
  const { env, log } = rc;
  const r = backoff.usable(env, now) ? redis(env) : null;
  let lastWrite: { lastWrite?: string | null } = {};
  if (r) {
    try {
      const [record, wrote] =
        userId === undefined ? [await r.get<string>(sessionKey(sid))] : await r.mget<(string | null)[]>(sessionKey(sid), lastWriteKey(userId));
      if (userId !== undefined) lastWrite = { lastWrite: typeof wrote === "string" && LOG_ENTRY_ID.test(wrote) ? wrote : null };
      const state = sessionStateOf(record);
      if (state) return { revoked: state === "revoked", via: "redis", ...lastWrite };
      // No record: Redis lost it or never had it. Absence is not "not revoked"; the auth service knows.
    } catch (err) {
      backoff.failed(env);
      log.warn("revocation check: Redis failed; asking the auth service", { err });
    }
  }
  let active: boolean | null = null;
  try {
    active = await callWorker(rc, { service: "auth", label: "auth.isSessionActive", deadlineMs: AUTH_RPC_DEADLINE_MS }, (trace) =>
      env.AUTH.isSessionActive(sid, trace),
    );
  } catch {
    // callWorker logged why; whatever it was, the session cannot be vouched for.
  }
  if (active === null) {
    throw new HttpError(503, "SERVICE_UNAVAILABLE", "Sessions cannot be checked right now; try again shortly.", { headers: { "retry-after": "5" } });
  }
  return { revoked: !active, via: "rpc", ...lastWrite };
}

/** Tests only: forget a Redis failure seen earlier in this isolate. */
export function resetRevocationBackoff(): void {
  backoff.reset();
}
