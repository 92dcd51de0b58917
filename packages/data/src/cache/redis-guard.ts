// A short back-off after a Redis failure, per Redis URL and isolate: while it lasts, reads skip the
// Redis layer (and tag-version lookups use what the isolate last knew) instead of each paying the
// timeout again. Health is unaffected: selfCheck pings Redis itself.
import type { DataEnv } from "../env";

export const REDIS_BACKOFF_MS = 1_000;

const downUntil = new Map<string, number>();

const urlOf = (env: DataEnv) => env.UPSTASH_REDIS_REST_URL ?? "";

export function redisUsable(env: DataEnv, now = Date.now()): boolean {
  const until = downUntil.get(urlOf(env));
  return until === undefined || now >= until;
}

export function redisFailed(env: DataEnv, now = Date.now()): void {
  downUntil.set(urlOf(env), now + REDIS_BACKOFF_MS);
}

export function redisAnswered(env: DataEnv): void {
  downUntil.delete(urlOf(env));
}
