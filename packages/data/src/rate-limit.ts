// Rate limits with Redis counters: fixed windows, one key per (policy, subject), and the 429 a client
// understands (Retry-After, and the IETF draft's RateLimit-Policy / RateLimit fields).
//
// Count first, then work: an attempt takes its slot atomically before the expensive or guessable work,
// so concurrent attempts cannot all slip past one read of the counter.
//
//   const limits = rateLimiter(rc.env, rc.log);
//   const entries = [{ policy: LOGIN_PER_ACCOUNT, id: emailHash }, { policy: LOGIN_PER_CLIENT, id: rc.clientId }];
//   const counted = await limits.hit(entries);          // INCR + EXPIRE NX, one MULTI for all entries
//   if (anyExceeded(counted)) { await limits.undo(entries); throw tooManyRequests(counted); }
//   …work; when it turns out not to count (say, a correct password): await limits.undo(entries)
//
// Keys: `rl:<policy name>:<subject id>` → integer count, with the window as TTL (set by the first hit).
//
// When Redis is not configured or fails, each policy says what happens (`whenUnavailable`):
// "allow" (fail open: the work goes ahead uncounted; the choice for sign-in, where failing closed
// would lock every user out during a Redis outage, and the password hash's cost still slows guessing)
// or "deny" (fail closed: refuse with a short Retry-After). After a failure the isolate leaves Redis
// alone for a moment (cache/redis-guard.ts, shared with the cache): a hanging Redis costs one timeout,
// not one per call a request makes.
import { HttpError } from "@pitchey/http";
import { redisAnswered, redisFailed, redisUsable } from "./cache/redis-guard";
import type { Logger } from "@pitchey/http";
import type { DataEnv } from "./env";
import { redis as redisClient } from "./redis";
import { UNDO_SCRIPT } from "./redis-scripts";

export interface RateLimitPolicy {
  /** Short, stable name: in keys and in the RateLimit-Policy header ("auth-login-account"). */
  name: string;
  /** How many hits a subject may make in one window. */
  limit: number;
  windowSeconds: number;
  whenUnavailable: "allow" | "deny";
}

export interface RateLimitEntry {
  policy: RateLimitPolicy;
  /** Whom the limit applies to (an account, a client address); becomes part of the key. */
  id: string;
}

export interface RateLimitState {
  policy: RateLimitPolicy;
  /** Hits in the current window (after `hit`: including this one). */
  count: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
  /** peek: the next hit would be over the limit. hit: this hit is over the limit. */
  exceeded: boolean;
  /** Redis could not answer; the state is the policy's `whenUnavailable` choice, not a count. */
  unavailable: boolean;
}

/** Retry-After when a fail-closed policy cannot reach Redis. */
const UNAVAILABLE_RETRY_SECONDS = 5;

export const rateLimitKey = (e: RateLimitEntry) => `rl:${e.policy.name}:${e.id}`;

/** `counted`: whether `count` includes the request asking (after a hit) or not (a peek). */
function state(policy: RateLimitPolicy, count: number, ttl: number, counted: boolean): RateLimitState {
  return {
    policy,
    count,
    remaining: Math.max(0, policy.limit - count),
    // TTL is -2 for a missing key and -1 for one without expiry (a hit whose EXPIRE was lost).
    resetSeconds: ttl > 0 ? Math.min(ttl, policy.windowSeconds) : policy.windowSeconds,
    exceeded: counted ? count > policy.limit : count >= policy.limit,
    unavailable: false,
  };
}

function unavailable(policy: RateLimitPolicy): RateLimitState {
  const deny = policy.whenUnavailable === "deny";
  return {
    policy,
    count: 0,
    remaining: deny ? 0 : policy.limit,
    resetSeconds: deny ? UNAVAILABLE_RETRY_SECONDS : policy.windowSeconds,
    exceeded: deny,
    unavailable: true,
  };
}

export interface RateLimiter {
  /** The current counts, without counting this request. One Redis round trip for all entries. */
  peek(entries: RateLimitEntry[]): Promise<RateLimitState[]>;
  /** Counts one hit against every entry, atomically, and returns the counts including it; `exceeded`
   *  marks the entries this hit went over. One round trip. */
  hit(entries: RateLimitEntry[]): Promise<RateLimitState[]>;
  /** Takes one hit back from every entry (an attempt that turned out not to count, or was refused). A
   *  counter that is gone (its window ended) or at 0 is left alone, so an undo never lends a later
   *  window extra hits beyond the one it took. One round trip. */
  undo(entries: RateLimitEntry[]): Promise<void>;
  /** Forgets the entries' counts. */
  reset(entries: RateLimitEntry[]): Promise<void>;
}

export function rateLimiter(env: DataEnv, log?: Logger): RateLimiter {
  const fallback = (entries: RateLimitEntry[], err: unknown) => {
    if (err) {
      redisFailed(env);
      log?.warn("rate limit counters unavailable", { err, policies: entries.map((e) => e.policy.name) });
    }
    return entries.map((e) => unavailable(e.policy));
  };
  const redis = (e: DataEnv) => (redisUsable(e) ? redisClient(e) : null);
  return {
    async peek(entries) {
      if (!entries.length) return [];
      const r = redis(env);
      if (!r) return fallback(entries, null);
      try {
        const p = r.pipeline();
        for (const e of entries) p.get(rateLimitKey(e)).ttl(rateLimitKey(e));
        const out = (await p.exec()) as unknown[];
        redisAnswered(env);
        return entries.map((e, i) => state(e.policy, Number(out[2 * i] ?? 0) || 0, Number(out[2 * i + 1]), false));
      } catch (err) {
        return fallback(entries, err);
      }
    },
    async hit(entries) {
      if (!entries.length) return [];
      const r = redis(env);
      if (!r) return fallback(entries, null);
      try {
        // INCR then EXPIRE NX in one transaction: the first hit opens the window, later hits keep it.
        const m = r.multi();
        for (const e of entries) m.incr(rateLimitKey(e)).expire(rateLimitKey(e), e.policy.windowSeconds, "NX").ttl(rateLimitKey(e));
        const out = (await m.exec()) as unknown[];
        redisAnswered(env);
        return entries.map((e, i) => state(e.policy, Number(out[3 * i]), Number(out[3 * i + 2]), true));
      } catch (err) {
        return fallback(entries, err);
      }
    },
    async undo(entries) {
      const r = redis(env);
      if (!r || !entries.length) return;
      try {
        await r.eval(UNDO_SCRIPT, entries.map(rateLimitKey), []);
      } catch (err) {
        redisFailed(env);
        // The hit stays counted: errs on the strict side.
        log?.warn("rate limit undo failed", { err, policies: entries.map((e) => e.policy.name) });
      }
    },
    async reset(entries) {
      const r = redis(env);
      if (!r || !entries.length) return;
      try {
        await r.del(...entries.map(rateLimitKey));
      } catch (err) {
        redisFailed(env);
        log?.warn("rate limit reset failed", { err });
      }
    },
  };
}

export const anyExceeded = (states: RateLimitState[]) => states.some((s) => s.exceeded);
/** Whether Redis counted any of these hits (else there is nothing to undo). */
export const anyCounted = (states: RateLimitState[]) => states.some((s) => !s.unavailable);

/**
 * RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers, structured-field form):
 *   RateLimit-Policy: "auth-login-account";q=10;w=900, "auth-login-client";q=100;w=900
 *   RateLimit: "auth-login-account";r=0;t=540, "auth-login-client";r=97;t=800
 */
export function rateLimitHeaders(states: RateLimitState[]): Record<string, string> {
  if (!states.length) return {};
  return {
    "ratelimit-policy": states.map((s) => `"${s.policy.name}";q=${s.policy.limit};w=${s.policy.windowSeconds}`).join(", "),
    ratelimit: states.map((s) => `"${s.policy.name}";r=${s.remaining};t=${s.resetSeconds}`).join(", "),
  };
}

/** The 429 problem (code RATE_LIMITED): Retry-After is when the last spent window ends. */
export function tooManyRequests(states: RateLimitState[], detail = "Too many attempts; try again later."): HttpError {
  const spent = states.filter((s) => s.exceeded);
  const retryAfter = Math.max(1, ...spent.map((s) => s.resetSeconds));
  return new HttpError(429, "RATE_LIMITED", `${detail} Retry in ${retryAfter} s.`, {
    headers: { "retry-after": String(retryAfter), ...rateLimitHeaders(states) },
  });
}
