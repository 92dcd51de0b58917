// Rate limits of sign-in and refresh. API.md: "at most 10 failed logins per account and 100 per client
// address per 15 minutes". Exactly:
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
// Counters live in Redis; when Redis cannot answer they fail open: a Redis outage must not lock every
// user out, and each guess still costs a full PBKDF2 run.
import type { RateLimitEntry, RateLimitPolicy } from "@pitchey/data";
import { bytesToHex, sha256 } from "@pitchey/http";

const WINDOW = 15 * 60;

export const LOGIN_PER_ACCOUNT: RateLimitPolicy = { name: "auth-login-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const LOGIN_PER_CLIENT: RateLimitPolicy = { name: "auth-login-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_ACCOUNT: RateLimitPolicy = { name: "auth-refresh-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_CLIENT: RateLimitPolicy = { name: "auth-refresh-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };

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
