// Rate limits of sign-in, refresh and registration. The auth operations' documented limits: "at most 10 failed logins per account and
// 100 per client address per 15 minutes"; registrations are limited per client address. Exactly:
// - Every sign-in attempt with a well-formed body takes one slot in both counters (the account's, keyed
//   by a hash of the email whether or not the account exists, and the client address's) *before* its
//   password is checked, atomically (@pitchey/data rate-limit `hit`). An attempt that takes slot 11 of
//   the account or slot 101 of the address is refused with 429 and gives both slots back, so refusals
//   are not failures and never run PBKDF2. Hence at most 10 password checks per account and 100 per
//   address can fail in a window, however many attempts arrive at once (attempts still in flight hold
//   their slots: a burst is counted as if each of them failed).
// - A correct password gives its slots back (so does a wrong portal, 403, whose password was right, and
//   an attempt cut short by an outage before its verdict). Successes never reset the counters: the
//   failures already made keep counting until the window ends, so an account at 10 failures is refused,
//   right password included, until then.
// - A window is fixed: it starts with the first counted attempt and lasts 15 minutes (Retry-After says
//   when it ends); later attempts do not extend it.
// - Refresh: each attempt takes a slot of the address's 100 the same way and gives it back on success;
//   a failed refresh of a token that belongs to an account also counts against that account's 10 (known
//   only after the lookup; refresh tokens are 256-bit random, so that order lets no guess through), and
//   past them the failure is answered 429.
// - Registration: at most 10 per client address per hour (REGISTER_LIMIT_PER_HOUR overrides the 10).
//   Every well-formed attempt takes a slot before PBKDF2 runs, the same way, and keeps it whether it
//   made an account (201) or found the email taken (409): the limit bounds both the hashing a client
//   can make the service do and how many emails it can probe through the 409. Refusals (429) give
//   their slot back; an attempt cut short by an outage too. Why 10 an hour: a person registers once,
//   a household or an office behind one address a few times; 10 costs at most 10 PBKDF2 runs and
//   reveals at most 10 emails' existence per address per hour.
// Counters live in Redis; when Redis cannot answer they fail open: a Redis outage must not lock every
// user out, and each guess still costs a full PBKDF2 run.
import type { RateLimitEntry, RateLimitPolicy } from "@pitchey/data";
import { bytesToHex, sha256 } from "@pitchey/http";

const WINDOW = 15 * 60;

export const LOGIN_PER_ACCOUNT: RateLimitPolicy = { name: "auth-login-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const LOGIN_PER_CLIENT: RateLimitPolicy = { name: "auth-login-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_ACCOUNT: RateLimitPolicy = { name: "auth-refresh-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_CLIENT: RateLimitPolicy = { name: "auth-refresh-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };

export const REGISTER_WINDOW_SECONDS = 60 * 60;
export const REGISTER_DEFAULT_LIMIT = 10;

/** Registrations per client address per hour; `REGISTER_LIMIT_PER_HOUR` (a positive integer) replaces
 *  the default — the tests raise it, since all their requests come from one address. */
export function registerPerClient(env: { REGISTER_LIMIT_PER_HOUR?: string }): RateLimitPolicy {
  const configured = Number(env.REGISTER_LIMIT_PER_HOUR);
  const limit = Number.isSafeInteger(configured) && configured > 0 ? configured : REGISTER_DEFAULT_LIMIT;
  return { name: "auth-register-client", limit, windowSeconds: REGISTER_WINDOW_SECONDS, whenUnavailable: "allow" };
}

/** The account key is a hash of the email: the counter exists for unknown emails too (so a 429 says
 *  nothing about whether the account exists), and no address sits in Redis in clear. */
export async function accountKey(email: string): Promise<string> {
  return bytesToHex((await sha256(email)).subarray(0, 16));
}

export async function loginLimits(email: string, clientId: string): Promise<RateLimitEntry[]> {
  return [
    { policy: LOGIN_PER_ACCOUNT, id: await accountKey(email) },
    { policy: LOGIN_PER_CLIENT, id: clientId },
  ];
}
