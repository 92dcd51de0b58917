export * from "./env";
export * from "./errors";
export * from "./db";
export * from "./redis";
export * from "./health";
export * from "./request-stats";
export * from "./rate-limit";
export { redisAnswered, redisFailed, redisUsable } from "./cache/redis-guard";
export { redisBackoff, type RedisBackoff } from "./redis-backoff";
export type * from "./cache/types";
export { cache, cacheKey, tagsCurrent } from "./cache/cache";
export { Lru } from "./cache/lru";
/** The largest entry the shared layers (Cache API, Redis) take; key families size their budgets by it. */
export { SHARED_MAX_CHARS } from "./cache/layers";
export { firstPageShared } from "./cache/budget";
export { readCacheMetrics, flushCacheMetrics } from "./cache/metrics";
export {
  recordTraffic,
  readTraffic,
  flushTraffic,
  figuresOf,
  LATENCY_BOUNDS_MS,
  SERIES_MINUTES,
  type TrafficWindow,
  type TrafficSeries,
  type Series,
  type ServiceTraffic,
  type Figures,
} from "./metrics/traffic";
export { windowMinutes, sumBuckets } from "./metrics/counters";
export * from "./canary/index";
export * from "./sql";
export * from "./sweep";
/** How soon an isolate sees another isolate's (or service's) tag invalidation. */
export { TAG_SYNC_MS, TAG_WAIT_MS, forgetTags, learnTags } from "./cache/tags";
export * from "./idempotency/index";
