// The metrics window: counts accumulate in isolate memory, are flushed to Redis per minute bucket,
// and read back summed — per layer hits and misses, loads, queries, stale values served, errors.
import { beforeAll, describe, expect, it } from "vitest";
import { call, createItem, get, setup, sleep } from "./helpers";

beforeAll(setup);

async function window() {
  expect((await call("POST", "/__metrics/flush")).status).toBe(204);
  const r = await get("/__metrics?minutes=60");
  expect(r.status).toBe(200);
  return r.json.data;
}

describe("cache metrics", () => {
  it("counts what each read did, across flushes, as a window the health service can read", async () => {
    const swr = await createItem();
    await get(`/items/${swr}?policy=swr`);
    await sleep(1_150);
    await sleep(50);
    const before = await window();
    expect(before.source).toBe("redis");

    const id = await createItem(); // 1 request, 1 query
    await get(`/items/${id}`); // database
    for (let i = 0; i < 3; i++) await get(`/items/${id}`); // memory
    await get(`/items/${swr}?policy=swr`); // stale from memory (+ a background refresh: 1 load, 1 query)
    await sleep(100);
    const other = await createItem(); // 1 request, 1 query
    await get(`/items/${other}`, { "x-test-redis-url": "http://127.0.0.1:1" }); // Redis error, then database
    const after = await window();

    const d = (f: (w: any) => number) => f(after) - f(before);
    expect(d((w) => w.requests)).toBe(8);
    expect(d((w) => w.reads)).toBe(6);
    expect(d((w) => w.layers.memory.hits)).toBe(4);
    expect(d((w) => w.layers.memory.misses)).toBe(2);
    // The read with Redis failing skips both shared layers: its tag version was not confirmed.
    expect(d((w) => w.layers.cacheApi.misses)).toBe(1);
    expect(d((w) => w.layers.redis.misses)).toBe(1);
    expect(d((w) => w.layers.database.reads)).toBe(2);
    expect(d((w) => w.layers.database.loads)).toBe(3);
    expect(d((w) => w.layers.database.queries)).toBe(5);
    expect(d((w) => w.staleServed)).toBe(1);
    expect(d((w) => w.layers.redis.errors)).toBe(1);
    expect(d((w) => w.errors)).toBe(1);

    expect(after.window.minutes).toBe(60);
    expect(after.hitRatio).toBeCloseTo(1 - after.layers.database.reads / after.reads, 4);
    expect(after.dbQueriesPerRequest).toBeCloseTo(after.layers.database.queries / after.requests, 4);
  });

  it("counts a request once, however many RPC calls serve it (their reads and queries count)", async () => {
    const a = await createItem();
    const b = await createItem();
    const before = await window();
    const r = await get(`/items/${a}/and-rpc/${b}`);
    expect(r.status).toBe(200);
    expect(r.json.data.other.id).toBe(b);
    const after = await window();
    expect(after.requests - before.requests).toBe(1);
    expect(after.reads - before.reads).toBe(2);
    expect(after.layers.database.queries - before.layers.database.queries).toBe(2);
  });

  it("writes nothing to Redis while reading the window", async () => {
    const a = await window();
    const b = (await get("/__metrics?minutes=60")).json.data;
    const c = (await get("/__metrics?minutes=60")).json.data;
    expect(c).toEqual({ ...b, window: c.window });
    expect(b.requests).toBe(a.requests);
  });
});
