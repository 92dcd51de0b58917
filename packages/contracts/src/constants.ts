// Constants and key names shared by Workers, free of zod: the gateway imports them (through
// "@pitchey/contracts/constants") and bundles no schema library. The zod schemas that use them live in
// auth.ts and common.ts.

/** Access tokens: what the auth service signs and the gateway checks. */
export const ACCESS_TOKEN = {
  issuer: "pitchey-auth",
  audience: "pitchey-api",
  /** JWT `typ` header (RFC 9068), so an ID token or any other JWT cannot pass as an access token. */
  type: "at+jwt",
  ttlSeconds: 15 * 60,
} as const;

/** Refresh tokens expire this long after they are issued; each use issues a new one. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/** For this long after a refresh, the token it spent may be presented again (a lost response, two
 *  tabs) and gets the same new pair; any other reuse of a spent token revokes the session. */
export const REFRESH_GRACE_SECONDS = 10;

/**
 * Redis key of a session's state, read by the gateway on every authenticated request: `active`
 * (written on register, login and refresh) or `revoked:<reason>` (logout, refresh-token reuse).
 * No record — never written, expired, evicted, flushed — means "ask the auth service", never "not
 * revoked": the check fails closed on missing data.
 */
export const sessionKey = (sid: string) => `auth:session:${sid}`;
export const SESSION_ACTIVE = "active";
export const sessionRevoked = (reason: "logout" | "refresh_reuse") => `revoked:${reason}`;
/** What a session record says; null when there is none (or it is not one of ours). */
export function sessionStateOf(value: unknown): "active" | "revoked" | null {
  if (value === SESSION_ACTIVE) return "active";
  return typeof value === "string" && value.startsWith("revoked:") ? "revoked" : null;
}
/** A record outlives every access token issued when it was written: their lifetime plus a minute of clock skew. */
export const SESSION_KEY_TTL_SECONDS = ACCESS_TOKEN.ttlSeconds + 60;
/** The revocation marker gateways read before `auth:session:*` existed. The auth service still writes
 *  it on revocation, so a gateway deployed after auth (callee first) keeps refusing logged-out tokens;
 *  stop writing it once every gateway reads sessionKey. */
export const legacyRevokedKey = (sid: string) => `auth:revoked:${sid}`;

/** Redis key holding the invalidation-log entry of a user's latest write (written by the cache
 *  package, read by the gateway with the revocation check) — read-your-writes across isolates. */
export const lastWriteKey = (userId: string) => `tagv:@wrote:${userId}`;
/** A stream entry id of the invalidation log: `<ms>-<seq>`. */
export const LOG_ENTRY_ID = /^\d{1,16}-\d{1,16}$/;

/** Staff flags an account may carry (set by operators in the database, never by sign-up): a tester
 *  or operator may force a canary arm with `X-Pitchey-Arm`. */
export const STAFF_FLAGS = ["tester", "operator"] as const;

/** A list's page size when the client names none. */
export const DEFAULT_LIMIT = 20;

/** What a pagination cursor looks like on the wire (base64url of JSON; see @pitchey/http cursor.ts,
 *  which also checks what is inside). */
export const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,512}$/;
export const CURSOR_MESSAGE = "not a cursor returned by this endpoint";

/** Cache tag for "this user's approved NDAs": the pitch service bumps it on every NDA decision and
 *  the investor dashboard reads with it, so a decision shows on the dashboard's next read. */
export const approvedNdasTag = (userId: string) => `user:${userId}:ndas`;
