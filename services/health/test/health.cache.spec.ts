// /api/health carries the cache window: the counters every isolate flushed to Redis (per minute
// bucket), summed and turned into ratios — and reading it writes nothing.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const e = env as unknown as { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string };

/** What isolates' flushes leave in Redis (packages/data/src/cache/storage.md), sent as Upstash does. */
async function flushed(minute: number, counts: Record<string, number>) {
  const commands = Object.entries(counts).map(([k, n]) => ["HINCRBY", `metrics:cache:${minute}`, k, n]);
  const res = await fetch(`${e.UPSTASH_REDIS_REST_URL}/pipeline`, {
    method: "POST",
    headers: { authorization: `Bearer ${e.UPSTASH_REDIS_REST_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(commands),
  });
  expect(res.status).toBe(200);
  await res.text();
}

async function health() {
  const res = await SELF.fetch("http://health.local/api/health");
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

describe("health: cache window", () => {
  it("reports hit ratios per layer and database queries per request over the last 5 minutes", async () => {
    const before = (await health()).cache;
    expect(before.source).toBe("redis");
    expect(before.window.minutes).toBe(5);

    const now = Math.floor(Date.now() / 60_000);
    await flushed(now, {
      requests: 40,
      reads: 80,
      "hit.memory": 60,
      "miss.memory": 20,
      "hit.cacheApi": 8,
      "miss.cacheApi": 12,
      "hit.redis": 8,
      "miss.redis": 4,
      "hit.database": 4,
      loads: 4,
      dbQueries: 6,
      stale: 2,
      "err.redis": 1,
    });
    await flushed(now - 1, { requests: 10, reads: 20, "hit.memory": 20, dbQueries: 0 });
    await flushed(now - 30, { requests: 1000, reads: 1000, "hit.database": 1000 }); // outside the window

    const c = (await health()).cache;
    const d = (k: (w: any) => number) => k(c) - k(before);
    expect(d((w) => w.requests)).toBe(50);
    expect(d((w) => w.reads)).toBe(100);
    expect(d((w) => w.layers.memory.hits)).toBe(80);
    expect(d((w) => w.layers.database.reads)).toBe(4);
    expect(d((w) => w.staleServed)).toBe(2);
    expect(d((w) => w.errors)).toBe(1);
    const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
    expect(c.hitRatio).toBe(r4(1 - c.layers.database.reads / c.reads));
    expect(c.hitRatio).toBe(r4(1 - (before.layers.database.reads + 4) / (before.reads + 100)));
    expect(c.dbQueriesPerRequest).toBe(r4((before.layers.database.queries + 6) / (before.requests + 50)));
    expect(c.layers.cacheApi.hitRatio).toBe(r4((before.layers.cacheApi.hits + 8) / (before.layers.cacheApi.hits + before.layers.cacheApi.misses + 20)));
  });

  it("writes nothing on a health call", async () => {
    const a = (await health()).cache;
    const b = (await health()).cache;
    expect({ ...b, window: null }).toEqual({ ...a, window: null });
  });
});
