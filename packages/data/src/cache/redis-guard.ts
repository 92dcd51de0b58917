// The cache's and the rate limits' Redis back-off (redis-backoff.ts): while it lasts, reads skip the
// Redis layer (and tag-version lookups use what the isolate last knew) and rate limits fail open,
// instead of each paying the timeout again. Short, since the fallback is cheap and Redis is soon worth
// trying again. Health is unaffected: selfCheck pings Redis itself.
import type { DataEnv } from "../env";
import { redisBackoff } from "../redis-backoff";

export const REDIS_BACKOFF_MS = 1_000;

const backoff = /* @__PURE__ */ redisBackoff(REDIS_BACKOFF_MS);

export const redisUsable = (env: DataEnv, now?: number): boolean => backoff.usable(env, now);
export const redisFailed = (env: DataEnv, now?: number): void => backoff.failed(env, now);
export const redisAnswered = (env: DataEnv): void => backoff.answered(env);
