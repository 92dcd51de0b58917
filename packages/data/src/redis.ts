// Upstash Redis over REST. A client per request (it is cheap, and nothing doing I/O is kept across
// requests); auto-pipelining off so one request's command never rides in another's fetch.
import { Redis } from "@upstash/redis/cloudflare";
import type { DataEnv } from "./env";

export const REDIS_TIMEOUT_MS = 1_500;

export function redisConfigured(env: DataEnv): boolean {
  return Boolean(env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN);
}

/** A Redis client, or null when Redis is not configured (the cache then runs without that layer). */
export function redis(env: DataEnv): Redis | null {
  if (!redisConfigured(env)) return null;
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    enableAutoPipelining: false,
    enableTelemetry: false,
    automaticDeserialization: false,
    // Fail fast: a slow Redis must cost a request milliseconds, not seconds.
    retry: { retries: 1, backoff: () => 25 },
    signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
  });
}
