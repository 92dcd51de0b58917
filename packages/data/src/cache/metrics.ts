// Cache and database counters, aggregated across isolates (DESIGN §3, §5).
// The hot path only adds to this isolate's counts (memory). At most every FLUSH_EVERY_MS, one request
// flushes them in waitUntil as one Redis pipeline — HINCRBY metrics:cache:<minute> <counter> <n>, plus
// EXPIRE — so Redis sees a few writes per isolate per minute, never one per request.
// readCacheMetrics sums the last N minute buckets for the health service and writes nothing.
// Without Redis the counts stay in this isolate (health then sees only its own isolate's reads).
import type { BaseEnv, RequestContext } from "@pitchey/http";
import { withDeadline } from "@pitchey/http";
import type { DataEnv } from "../env";
import { redis, redisConfigured } from "../redis";
import { retryPendingTags } from "./tags";
import type { CacheMetricsWindow, LayerFigures } from "./types";

export type Counter =
  | "requests" | "reads" | "stale" | "coalesced" | "loads" | "dbQueries"
  | "hit.memory" | "hit.cacheApi" | "hit.redis" | "hit.database"
  | "miss.memory" | "miss.cacheApi" | "miss.redis"
  | "err.cacheApi" | "err.redis" | "err.database";

export const FLUSH_EVERY_MS = 5_000;
export const RETAIN_MINUTES = 120;
const BUCKET_MS = 60_000;
const READ_DEADLINE_MS = 1_500;
export const metricsKey = (minute: number) => `metrics:cache:${minute}`;

/** minute → counts not flushed yet (with Redis), or kept for the window (without). */
const counts = new Map<number, Map<string, number>>();
let lastFlush = 0;
let flushing: Promise<void> | null = null;

function add(minute: number, counter: string, n: number): void {
  let m = counts.get(minute);
  if (!m) {
    m = new Map();
    counts.set(minute, m);
    for (const old of counts.keys()) if (old <= minute - RETAIN_MINUTES) counts.delete(old);
  }
  m.set(counter, (m.get(counter) ?? 0) + n);
}

export function count(rc: RequestContext<DataEnv & BaseEnv>, counter: Counter, n = 1): void {
  if (!n) return;
  const now = Date.now();
  add(Math.floor(now / BUCKET_MS), counter, n);
  if (!flushing && now - lastFlush >= FLUSH_EVERY_MS && redisConfigured(rc.env)) {
    lastFlush = now;
    rc.ctx.waitUntil(flushCacheMetrics(rc.env));
  }
}

/** Sends this isolate's counts to Redis now (the periodic flush calls it; tests and benchmarks may
 *  too). Also retries tag invalidations that did not reach Redis. Never throws: on failure the counts
 *  are kept for the next flush. */
export async function flushCacheMetrics(env: DataEnv): Promise<void> {
  while (flushing) await flushing; // one flush at a time, so a forced flush sees the earlier ones land
  flushing = flushNow(env).finally(() => (flushing = null));
  return flushing;
}

async function flushNow(env: DataEnv): Promise<void> {
  const r = redis(env);
  if (!r) return;
  await retryPendingTags(r).catch(() => {});
  const snapshot = [...counts];
  counts.clear();
  if (!snapshot.length) return;
  try {
    const p = r.pipeline();
    for (const [minute, m] of snapshot) {
      for (const [counter, n] of m) p.hincrby(metricsKey(minute), counter, n);
      p.expire(metricsKey(minute), RETAIN_MINUTES * 60);
    }
    await p.exec();
  } catch {
    for (const [minute, m] of snapshot) for (const [counter, n] of m) add(minute, counter, n);
  }
}

/** Upstash sends HGETALL as a flat [field, value, …] array (RESP2); accept an object too. */
function addReply(into: Map<string, number>, reply: unknown): void {
  const pairs: [string, unknown][] = Array.isArray(reply)
    ? Array.from({ length: reply.length / 2 }, (_, i) => [String(reply[2 * i]), reply[2 * i + 1]])
    : reply && typeof reply === "object" ? Object.entries(reply) : [];
  for (const [k, v] of pairs) into.set(k, (into.get(k) ?? 0) + Number(v));
}

/** The cache's figures over the last `minutes` (the current minute included). */
export async function readCacheMetrics(env: DataEnv, minutes = 5): Promise<CacheMetricsWindow> {
  const span = Math.max(1, Math.min(RETAIN_MINUTES, Math.floor(minutes)));
  const now = Date.now();
  const last = Math.floor(now / BUCKET_MS);
  const first = last - span + 1;
  const window = { minutes: span, from: new Date(first * BUCKET_MS).toISOString(), to: new Date(now).toISOString() };
  const sums = new Map<string, number>();
  const r = redis(env);
  if (!r) {
    for (const [minute, m] of counts) if (minute >= first) for (const [k, v] of m) sums.set(k, (sums.get(k) ?? 0) + v);
    return summarise(window, "isolate", sums);
  }
  try {
    const p = r.pipeline();
    for (let m = first; m <= last; m++) p.hgetall(metricsKey(m));
    const replies = await withDeadline(p.exec<unknown[]>(), READ_DEADLINE_MS, "cache metrics");
    for (const reply of replies) addReply(sums, reply);
    return summarise(window, "redis", sums);
  } catch (err) {
    return { ...summarise(window, "unavailable", sums), error: String((err as Error)?.message ?? err).slice(0, 200) };
  }
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
