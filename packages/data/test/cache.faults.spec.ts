// Back-ends failing: Redis unreachable (closed port, or the stand-in's outage switch) and Postgres
// down. Reads keep working from what the other layers hold; only what nothing holds fails, as a 503.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { REDIS_TIMEOUT_MS, TAG_SYNC_MS } from "@pitchey/data";
import { call, createItem, drop, eventually, get, outage, setup, sleep } from "./helpers";

const CLOSED = { "x-test-redis-url": "http://127.0.0.1:1" }; // nothing listens on port 1

beforeAll(setup);
afterEach(() => outage({ postgres: "up", redis: "up" }));

describe("Redis unreachable", () => {
  it("serves reads from memory and the database when Redis is at a closed port, and health says redis down", async () => {
    const id = await createItem({ name: "no redis" });
    const first = await get(`/items/${id}`, CLOSED);
    expect(first.status).toBe(200);
    expect(first.json.data.name).toBe("no redis");
    expect(first.layers).toEqual(["database"]);
    const second = await get(`/items/${id}`, CLOSED);
    expect(second.status).toBe(200);
    expect(second.layers).toEqual(["memory"]);

    // A write still invalidates for this isolate (tag bumped locally; retried in Redis later).
    expect((await call("PUT", `/items/${id}`, { body: { name: "written" }, headers: CLOSED })).status).toBe(200);
    const after = await get(`/items/${id}`, CLOSED);
    expect(after.json.data.name).toBe("written");

    const health = await get("/health", CLOSED);
    expect(health.status).toBe(200);
    expect(health.json.data.dependencies.redis.status).toBe("down");
    expect(health.json.data.dependencies.database.status).toBe("ok");
    expect(health.json.data.status).toBe("degraded");
    expect((await get("/health")).json.data.dependencies.redis.status).toBe("ok");
  });

  it("does not fill when Redis could not confirm the write's versions", async () => {
    const id = await createItem({ name: "u1" });
    await get(`/items/${id}`, CLOSED);
    expect((await call("PUT", `/items/${id}?fill=1`, { body: { name: "u2" }, headers: CLOSED })).status).toBe(200);
    const read = await get(`/items/${id}`, CLOSED);
    expect(read.json.data).toMatchObject({ name: "u2" });
    expect(read.layers).toEqual(["database"]);
  });

  it("never answers a tagged read from a shared layer under versions it cannot confirm", async () => {
    const id = await createItem({ name: "before" });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]); // Cache API and Redis filled
    await sleep(150);
    await drop(id, ["memory"]);
    // Another isolate writes: the row changes and the tag moves on in Redis…
    await call("PUT", `/items/${id}?invalidate=0`, { body: { name: "after" } });
    expect((await call("POST", "/__tags/remote-bump", { body: { tags: [`item:${id}`] } })).status).toBe(200);
    // …while this isolate does not know the tag (a new isolate, or one that evicted it) and Redis fails.
    expect((await call("POST", "/__tags/forget", { body: { tags: [`item:${id}`] } })).status).toBe(204);
    const r = await get(`/items/${id}`, CLOSED);
    expect(r.status).toBe(200);
    expect(r.json.data.name).toBe("after"); // not the Cache API's entry from before the write
    expect(r.layers).toEqual(["database"]);
    // With Redis back, the isolate learns the version and the shared layers serve again.
    const learned = await get(`/items/${id}`);
    expect(learned.json.data.name).toBe("after");
    expect(learned.layers).toEqual(["database"]);
    await sleep(150);
    await drop(id, ["memory"]);
    const back = await get(`/items/${id}`);
    expect(back.layers).toEqual(["cacheApi"]);
    expect(back.json.data.name).toBe("after");
  });

  it("answers from memory without waiting out a Redis that hangs", async () => {
    const id = await createItem({ name: "hang" });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    await outage({ redis: "hang" });
    await sleep(TAG_SYNC_MS + 100); // a tag sync is due, and Redis will not answer it
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const r = await get(`/items/${id}`);
      expect(r.status).toBe(200);
      expect(r.json.data.name).toBe("hang");
      expect(r.layers).toEqual(["memory"]);
      // Not a performance figure: a read that waited for Redis would take its whole timeout (and a retry).
      expect(Date.now() - t0).toBeLessThan(REDIS_TIMEOUT_MS);
    }
  });

  it("falls through to the database when Redis fails mid-flight (outage switch)", async () => {
    const id = await createItem({ name: "outage" });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    await sleep(150);
    await drop(id, ["memory", "cacheApi"]); // only Redis holds it now
    await outage({ redis: "down" });
    const r = await get(`/items/${id}`);
    expect(r.status).toBe(200);
    expect(r.json.data.name).toBe("outage");
    expect(r.layers).toEqual(["database"]);
    expect((await get("/health")).json.data.dependencies.redis.status).toBe("down");

    await outage({ redis: "up" });
    const healthy = await eventually(
      () => get("/health"),
      (h) => h.json.data.dependencies.redis.status === "ok",
    );
    expect(healthy.json.data.status).toBe("ok");
  });
});

describe("Postgres down", () => {
  it("serves a value memory held past memoryTtl, inside its grace, when no other layer and no database answers", async () => {
    const noRedis = { "x-test-redis-url": "none" }; // tagged entries then live in memory only
    const id = await createItem({ name: "held" });
    expect((await get(`/items/${id}?policy=mem`, noRedis)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}?policy=mem`, noRedis)).layers).toEqual(["memory"]);
    await sleep(1_100); // past memoryTtl (1 s): memory no longer answers on its own
    expect((await get(`/items/${id}?policy=mem`, noRedis)).layers).toEqual(["database"]);
    await sleep(1_100);
    await outage({ postgres: "down" });
    const r = await get(`/items/${id}?policy=mem`, noRedis);
    expect(r.status).toBe(200);
    expect(r.json.data.name).toBe("held");
    expect(r.layers).toEqual(["memory:stale"]);
  });

  it("serves values inside their grace and answers the rest with a 503 problem", async () => {
    const stale = await createItem({ name: "in grace" });
    const expired = await createItem({ name: "past grace" });
    const fresh = await createItem({ name: "fresh" });
    const uncached = await createItem({ name: "never read" });
    await get(`/items/${stale}?policy=swr`);
    await get(`/items/${expired}?policy=short`);
    await get(`/items/${fresh}`);
    await sleep(1_150); // swr: stale but in grace; short: dead

    await outage({ postgres: "down" });
    const s = await get(`/items/${stale}?policy=swr`);
    expect(s.status).toBe(200);
    expect(s.json.data.name).toBe("in grace");
    expect(s.layers).toEqual(["memory:stale"]);
    await sleep(100); // its background refresh fails…
    const s2 = await get(`/items/${stale}?policy=swr`);
    expect(s2.status).toBe(200); // …and the value is still served
    expect(s2.json.data.name).toBe("in grace");

    expect((await get(`/items/${fresh}`)).status).toBe(200);

    for (const id of [expired, uncached]) {
      const r = await get(`/items/${id}${id === expired ? "?policy=short" : ""}`);
      expect(r.status).toBe(503);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.headers.get("retry-after")).toBe("5");
      expect(r.json).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    }

    await outage({ postgres: "up" });
    const back = await get(`/items/${uncached}`);
    expect(back.status).toBe(200);
    expect(back.json.data.name).toBe("never read");
  });
});
