// Rate limits of sign-in and refresh (API.md: 10 failures per account and 100 per client address per
// 15 minutes). Only failures are counted. Counters live in Redis (@pitchey/data rate-limit); when Redis
// cannot answer they fail open: a Redis outage must not lock every user out, and each guess still
// costs a full PBKDF2 run.
import type { RateLimitEntry, RateLimitPolicy } from "@pitchey/data";

const WINDOW = 15 * 60;

export const LOGIN_PER_ACCOUNT: RateLimitPolicy = { name: "auth-login-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const LOGIN_PER_CLIENT: RateLimitPolicy = { name: "auth-login-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_ACCOUNT: RateLimitPolicy = { name: "auth-refresh-account", limit: 10, windowSeconds: WINDOW, whenUnavailable: "allow" };
export const REFRESH_PER_CLIENT: RateLimitPolicy = { name: "auth-refresh-client", limit: 100, windowSeconds: WINDOW, whenUnavailable: "allow" };

/** The account key is a hash of the email: the counter exists for unknown emails too (so a 429 says
 *  nothing about whether the account exists), and no address sits in Redis in clear. */
export async function accountKey(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email)));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function loginLimits(email: string, clientId: string): Promise<RateLimitEntry[]> {
  return [
    { policy: LOGIN_PER_ACCOUNT, id: await accountKey(email) },
    { policy: LOGIN_PER_CLIENT, id: clientId },
  ];
}
