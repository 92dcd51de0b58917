// The settings the cache-and-DB package reads from a Worker's env.
export interface DataEnv {
  /** Postgres connection string (Neon's, or the local Postgres behind the stand-in). */
  DATABASE_URL?: string;
  /** Local development only: the stand-in's HTTP SQL endpoint and WebSocket proxy (host:port/path). */
  NEON_HTTP_ENDPOINT?: string;
  NEON_WS_PROXY?: string;
  /** Upstash REST; both unset = run without the Redis layer. */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** "off": cache(rc).read() runs the loader every time and touches no layer (benchmarks' uncached
   *  arm; an emergency switch). Invalidations still bump tag versions, so Workers sharing Redis with
   *  the cache on stay correct. Unset or any other value: the cache is on. */
  CACHE_MODE?: string;
}

/** The settings a Worker may go without whatever its config lists (its generated bindings make every
 *  secret required): without the Upstash pair it runs without the Redis layer. */
export type OptionalDataSettings = "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN";
