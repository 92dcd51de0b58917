// Is this session revoked? One Redis round trip per authenticated request (`auth:revoked:<sid>`,
// written by the auth service on logout and on refresh-token reuse). The same MGET reads the user's
// latest write (`tagv:@wrote:<user>`, written by the cache package), which the gateway passes on so
// any isolate can show the user their own write (read-your-writes). When Redis is not configured or fails, the
// auth service answers over RPC from Postgres (the source of truth); if that fails too, the request
// is refused with 503 — never waved through. The RPC has a deadline, so a hung auth service costs a
// request two seconds, not the platform's whole timeout.
import { LOG_ENTRY_ID, lastWriteKey, revokedSessionKey } from "@pitchey/contracts";
import { redis } from "@pitchey/data";
import { HttpError, withDeadline, type Logger } from "@pitchey/http";
import type { Env } from "./gateway.context";

/** After a Redis failure, skip straight to the fallback this long, so an outage costs one timeout, not one per request. */
export const REDIS_BACKOFF_MS = 5_000;
// A plain number per isolate: no I/O object is kept across requests.
let redisSkipUntil = 0;
/** How long the fallback waits for the auth service's answer before refusing with 503. */
export const AUTH_RPC_DEADLINE_MS = 2_000;

export interface RevocationCheck {
  revoked: boolean;
  via: "redis" | "rpc";
  /** The user's latest write, when asked for (userId) and Redis answered; null when none is recent. */
  lastWrite?: string | null;
}

export async function checkRevocation(env: Env, sid: string, log?: Logger, now = Date.now(), userId?: string): Promise<RevocationCheck> {
  const r = now >= redisSkipUntil ? redis(env) : null;
  if (r) {
    try {
      if (userId === undefined) return { revoked: (await r.get(revokedSessionKey(sid))) !== null, via: "redis" };
      const [revoked, wrote] = await r.mget<(string | null)[]>(revokedSessionKey(sid), lastWriteKey(userId));
      return { revoked: revoked !== null, via: "redis", lastWrite: typeof wrote === "string" && LOG_ENTRY_ID.test(wrote) ? wrote : null };
    } catch (err) {
      redisSkipUntil = Date.now() + REDIS_BACKOFF_MS;
      log?.warn("revocation check: Redis failed; asking the auth service", { err });
    }
  }
  let active: boolean | null = null;
  try {
    active = await withDeadline(env.AUTH.isSessionActive(sid), AUTH_RPC_DEADLINE_MS, "auth.isSessionActive");
  } catch (err) {
    log?.error("revocation check: the auth service did not answer", { err });
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
