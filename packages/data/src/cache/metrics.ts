// Cache and database counters (metrics:cache:<minute> in Redis, through metrics/counters.ts) and
// their summary for the health service.
import type { BaseEnv, RequestContext } from "@pitchey/http";
import type { DataEnv } from "../env";
import { counterStore } from "../metrics/counters";
import { retryPendingTags } from "./tags";
import type { CacheMetricsWindow, LayerFigures } from "./types";

export type Counter =
  | "requests"
  | "reads"
  | "stale"
  | "coalesced"
  | "loads"
  | "dbQueries"
  | "hit.memory"
  | "hit.cacheApi"
  | "hit.redis"
  | "hit.database"
  | "miss.memory"
  | "miss.cacheApi"
  | "miss.redis"
  | "err.cacheApi"
  | "err.redis"
  | "err.database";

const store = counterStore("cache", { beforeFlush: retryPendingTags });

export function count(rc: RequestContext<DataEnv & BaseEnv>, counter: Counter, n = 1): void {
  store.add(rc.env, rc.ctx, counter, n);
}

/** Sends this isolate's counts to Redis now (the periodic flush calls it; tests and benchmarks may
 *  too). Also retries tag invalidations that did not reach Redis. Never throws. */
export const flushCacheMetrics = (env: DataEnv) => store.flush(env);

/** The cache's figures over the last `minutes` (the current minute included). */
export async function readCacheMetrics(env: DataEnv, minutes = 5): Promise<CacheMetricsWindow> {
  const { window, source, sums, error } = await store.read(env, minutes);
  return { ...summarise(window, source, sums), ...(error ? { error } : {}) };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

function summarise(window: CacheMetricsWindow["window"], source: CacheMetricsWindow["source"], s: Map<string, number>): CacheMetricsWindow {
  const n = (k: Counter) => s.get(k) ?? 0;
  const layer = (l: "memory" | "cacheApi" | "redis"): LayerFigures => {
    const hits = n(`hit.${l}`);
    const misses = n(`miss.${l}`);
    return { hits, misses, hitRatio: ratio(hits, hits + misses), errors: l === "memory" ? 0 : n(`err.${l}`) };
  };
  const reads = n("reads");
  const errors = n("err.cacheApi") + n("err.redis") + n("err.database");
  return {
    window,
    source,
    requests: n("requests"),
    reads,
    hitRatio: ratio(reads - n("hit.database"), reads),
    layers: {
      memory: layer("memory"),
      cacheApi: layer("cacheApi"),
      redis: layer("redis"),
      database: { reads: n("hit.database"), loads: n("loads"), queries: n("dbQueries"), errors: n("err.database") },
    },
    dbQueriesPerRequest: ratio(n("dbQueries"), n("requests")),
    staleServed: n("stale"),
    coalesced: n("coalesced"),
    errors,
  };
}
