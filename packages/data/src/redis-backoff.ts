// A back-off after a Redis failure, per Redis URL and isolate: while it lasts, its callers skip Redis
// and take their fallback at once, so an outage costs one timeout rather than one per request. How
// long it lasts is each caller's: what its fallback costs against how soon Redis is worth trying again
// (the cache and the rate limits: cache/redis-guard.ts; the gateway's revocation check and canary
// settings). Plain numbers: no I/O object is kept across requests.
import type { DataEnv } from "./env";

export interface RedisBackoff {
  /** False while the back-off after this env's Redis failed lasts. */
  usable(env: DataEnv, now?: number): boolean;
  /** Redis failed: skip it for the back-off's interval from now. */
  failed(env: DataEnv, now?: number): void;
  /** Redis answered: the back-off (if any) ends now. */
  answered(env: DataEnv): void;
  /** Tests only: forget every failure. */
  reset(): void;
}

export function redisBackoff(intervalMs: number): RedisBackoff {
  const downUntil = new Map<string, number>();
  const urlOf = (env: DataEnv) => env.UPSTASH_REDIS_REST_URL ?? "";
  return {
    usable(env, now = Date.now()) {
      const until = downUntil.get(urlOf(env));
      return until === undefined || now >= until;
    },
    failed(env, now = Date.now()) {
      downUntil.set(urlOf(env), now + intervalMs);
    },
    answered(env) {
      downUntil.delete(urlOf(env));
    },
    reset() {
      downUntil.clear();
    },
  };
}
