// Auth contracts: HTTP bodies of /api/auth/*, the token constants the auth service and the gateway
// share, and the auth service's RPC methods.
import * as z from "zod";
import { Id, IsoDate, Role, storable, text } from "./common";
import type { CallTrace } from "./call";
import { STAFF_FLAGS } from "./constants";
import type { SelfCheck } from "./health";

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

/** GET /api/auth/me */
export const Me = z.object({ user: User });

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
