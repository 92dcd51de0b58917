// The auth service's scheduled clean-up (cron in wrangler.jsonc, wired in index.ts): refresh tokens
// a week past their expiry, then sessions left with no refresh token, and expired Idempotency-Key
// records of registrations. Rules: migrations/README.md.
import { SESSION_KEY_TTL_SECONDS } from "@pitchey/contracts";
import { db, purgeExpiredKeys, SWEEP_LIMITS, sweepInBatches, type SweepLimits, type SweepResult } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import { deleteDeadSessions, deleteExpiredRefreshTokens } from "./auth.repo";
import { AUTH_KEYS } from "./auth.keys";

/** A spent token presented again still revokes its session (theft detection), and a failed refresh
 *  with it still counts against its account, for this long after it expired. */
export const REFRESH_TOKEN_RETENTION_S = 7 * 24 * 3600;

export interface AuthSweep {
  refreshTokens: SweepResult;
  sessions: SweepResult;
  idempotencyKeys: SweepResult;
}

export async function sweepAuth(rc: RequestContext<Env>, limits: SweepLimits = SWEEP_LIMITS): Promise<AuthSweep> {
  const d = db(rc);
  // Tokens first: a session goes only once it has none, so deleting it never cascades.
  const refreshTokens = await sweepInBatches((n) => deleteExpiredRefreshTokens(d, n, REFRESH_TOKEN_RETENTION_S), limits);
  // Unused for an access token's lifetime plus skew: its last access token is dead too.
  const sessions = await sweepInBatches((n) => deleteDeadSessions(d, n, SESSION_KEY_TTL_SECONDS), limits);
  const idempotencyKeys = await sweepInBatches((n) => purgeExpiredKeys(d, AUTH_KEYS, n), limits);
  rc.log.info("swept expired refresh tokens, dead sessions and expired idempotency keys", { refreshTokens, sessions, idempotencyKeys });
  return { refreshTokens, sessions, idempotencyKeys };
}
