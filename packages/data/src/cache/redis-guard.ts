// The cache's and the rate limits' Redis back-off (redis-backoff.ts): while it lasts, reads skip the
// Redis layer (and tag-version lookups use what the isolate last knew) and rate limits fail open,
// instead of each paying the timeout again. Short, since the fallback is cheap and Redis is soon worth
// trying again. Health is unaffected: selfCheck pings Redis itself.
import { redisBackoff } from "../redis-backoff";

export const REDIS_BACKOFF_MS = 1_000;

// The back-off's methods use no `this`: they are exported as they are.
export const { usable: redisUsable, failed: redisFailed, answered: redisAnswered } = /* @__PURE__ */ redisBackoff(REDIS_BACKOFF_MS);
