// The session state the gateway checks on every authenticated request (services/gateway/src/
// revocation.ts): `auth:session:<sid>` is `active` from register, login and each refresh, and
// `revoked:<reason>` from logout and refresh-token reuse, each for SESSION_KEY_TTL_SECONDS (longer than
// any access token written meanwhile lives). Postgres (auth.sessions.revoked_at) stays the source of
// truth: a missing record — never written, expired, evicted, flushed — makes the gateway ask
// isSessionActive over RPC, which answers from Postgres and writes the record again (republish). So
// lost Redis data costs an RPC, never a revocation.
import { SESSION_ACTIVE, SESSION_KEY_TTL_SECONDS, legacyRevokedKey, sessionKey, sessionRevoked } from "@pitchey/contracts";
import { redis } from "@pitchey/data";
import { withDeadline, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";

type Reason = "logout" | "refresh_reuse";
const RETRY_AFTER_MS = 1_000;

// `active` never replaces `revoked:…`: a refresh (or an RPC's republish) that read Postgres just
// before a logout must not bring the session back when its write lands after the logout's.
const ACTIVATE = `local v = redis.call("GET", KEYS[1])
if v and string.sub(v, 1, 8) == "revoked:" then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2])
return 1`;

/** How long a sign-in waits for the session record to be written: Redis answers in a millisecond or
 *  two; a Redis that hangs must not hold the sign-in for its whole timeout (the write goes on after
 *  the response, and until it lands the gateway asks this service instead). */
export const PUBLISH_WAIT_MS = 250;

/** Marks the session active (register, login, refresh). A failure is logged, not thrown: without the
 *  record the gateway asks this service instead. */
export async function publishActive(rc: RequestContext<Env>, sid: string): Promise<void> {
  const r = redis(rc.env);
  if (!r) return;
  const write = r.eval(ACTIVATE, [sessionKey(sid)], [SESSION_ACTIVE, String(SESSION_KEY_TTL_SECONDS)]).then(
    () => {},
    (err: unknown) => rc.log.warn("session record not written; the gateway will ask over RPC", { err, sid }),
  );
  rc.defer(write);
  await withDeadline(write, PUBLISH_WAIT_MS, "session record").catch(() => {});
}

/**
 * Marks the session revoked (and writes the legacy marker older gateways read). Without Redis there is
 * nothing to publish (the gateway then asks this service). If Redis fails the write, it is tried once
 * more after the response; see migrations/README.md for what that window means.
 */
export async function publishRevocation(rc: RequestContext<Env>, sid: string, reason: Reason): Promise<void> {
  const r = redis(rc.env);
  if (!r) return;
  const write = () =>
    r
      .multi()
      .set(sessionKey(sid), sessionRevoked(reason), { ex: SESSION_KEY_TTL_SECONDS })
      .set(legacyRevokedKey(sid), reason, { ex: SESSION_KEY_TTL_SECONDS })
      .exec();
  try {
    await write();
  } catch (err) {
    rc.log.error("revocation not published to Redis; retrying after the response", { err, sid });
    rc.defer(new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS)).then(write));
  }
}

/** After the RPC fallback read Postgres: writes what it found, so the session's next request is one
 *  Redis read again. After the response (the caller is waiting on the answer, not on this). */
export function republish(rc: RequestContext<Env>, sid: string, state: { active: true } | { active: false; reason: Reason }): void {
  rc.defer(state.active ? publishActive(rc, sid) : publishRevocation(rc, sid, state.reason));
}
