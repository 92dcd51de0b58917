// Auth contracts: HTTP bodies of /api/auth/*, the token constants the auth service and the gateway
// share, and the auth service's RPC methods.
import * as z from "zod";
import { Id, IsoDate, Role, envelope, storable, text } from "./common";
import type { CallTrace } from "./call";
import type { SelfCheck } from "./health";

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

/** Lower-cased by the service; 254 is the longest address SMTP can carry. z.email() takes ASCII
 *  only (so no NUL or surrogate either); storable() also says why such a value is refused. */
export const Email = storable(z.email("must be an email address")).max(254);
/** Not trimmed: a password is taken exactly as typed. */
export const NewPassword = text({ min: 10, max: 256, trim: false });

export const RegisterBody = z.strictObject({
  email: Email,
  password: NewPassword,
  name: text({ min: 1, max: 100 }),
  role: Role,
  companyName: text({ max: 200 }).nullable().optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({
  email: Email,
  password: text({ min: 1, max: 256, trim: false }),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** 32 random bytes, base64url without padding. */
export const RefreshToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a refresh token as issued");
export const RefreshBody = z.strictObject({ refreshToken: RefreshToken });
export type RefreshBody = z.infer<typeof RefreshBody>;

/** A user as the API shows it: never a password hash. */
export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  companyName: z.string().nullable(),
  createdAt: IsoDate,
});
export type User = z.infer<typeof User>;

export const AuthResult = z.object({
  user: User,
  accessToken: z.string(),
  refreshToken: RefreshToken,
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});
export type AuthResult = z.infer<typeof AuthResult>;

export const AuthResponse = envelope(AuthResult);
export const MeResponse = envelope(z.object({ user: User }));

/** Staff flags an account may carry (set by operators in the database, never by sign-up): a tester
 *  or operator may force a canary arm with `X-Pitchey-Arm`. */
export const STAFF_FLAGS = ["tester", "operator"] as const;
export const StaffFlag = z.enum(STAFF_FLAGS);

/** The claims of an access token, as the gateway accepts them. */
export const AccessClaims = z.object({
  sub: Id,
  role: Role,
  sid: z.uuid(),
  jti: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  /** Present only for staff accounts. */
  flags: z.array(StaffFlag).max(STAFF_FLAGS.length).optional(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

export interface UserSummary {
  id: string;
  name: string;
}

/** RPC methods of pitchey-auth, for other services. */
export interface AuthRpc {
  /** Public display data of users, batched; unknown ids are left out. */
  getUsers(ids: string[], trace?: CallTrace): Promise<UserSummary[]>;
  /** False when the session was revoked (logout, refresh-token reuse) or never existed; null when
   *  the database cannot be reached (cannot tell). The gateway asks when Redis cannot answer or holds
   *  no record of the session; the answer is written back to Redis (sessionKey) for the next request. */
  isSessionActive(sid: string, trace?: CallTrace): Promise<boolean | null>;
  health(trace?: CallTrace): Promise<SelfCheck>;
}
