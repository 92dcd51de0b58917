// The read path through the four layers, freshness, tags and per-user keys — in workerd, against the
// real Postgres and Redis behind the stand-ins.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { lastWriteKey } from "@pitchey/contracts";
import { redis, type DataEnv } from "@pitchey/data";
import { asCaller, call, createItem, drop, eventually, get, newId, setup, sleep } from "./helpers";

beforeAll(setup);

describe("layers", () => {
  it("fills every layer from the database, then backfills faster layers from slower ones", async () => {
    const id = await createItem({ name: "layered" });
    const first = await get(`/items/${id}`);
    expect(first.status).toBe(200);
    expect(first.json.data).toMatchObject({ id, name: "layered", version: 1 });
    expect(first.layers).toEqual(["database"]);
    expect(first.dbQueries).toBe(1);

    const second = await get(`/items/${id}`);
    expect(second.layers).toEqual(["memory"]);
    expect(second.dbQueries).toBe(0);
    expect(second.json.data).toEqual(first.json.data);
    await sleep(150); // Cache API and Redis are filled in waitUntil

    await drop(id, ["memory"]);
    const fromCacheApi = await get(`/items/${id}`);
    expect(fromCacheApi.layers).toEqual(["cacheApi"]);
    expect(fromCacheApi.json.data).toEqual(first.json.data);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);

    await drop(id, ["memory", "cacheApi"]);
    const fromRedis = await get(`/items/${id}`);
    expect(fromRedis.layers).toEqual(["redis"]);
    expect(fromRedis.dbQueries).toBe(0);
    expect(fromRedis.json.data).toEqual(first.json.data);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    await sleep(150);
    await drop(id, ["memory"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["cacheApi"]); // backfilled from Redis

    await drop(id, ["memory", "cacheApi", "redis"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
  });

  it("names the cache layer and the database time in Server-Timing", async () => {
    const id = await createItem();
    const r = await get(`/items/${id}`);
    const timing = r.headers.get("server-timing")!;
    expect(timing).toMatch(/^cachetest;dur=[\d.]+/);
    expect(timing).toMatch(/cache;dur=[\d.]+;desc="database"/);
    expect(timing).toMatch(/db;dur=[\d.]+;desc="1 queries"/);
  });

  it("expires entries after their TTL when they have no grace", async () => {
    const id = await createItem({ name: "short" });
    expect((await get(`/items/${id}?policy=short`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}?policy=short`)).layers).toEqual(["memory"]);
    await sleep(1_150);
    const after = await get(`/items/${id}?policy=short`);
    expect(after.layers).toEqual(["database"]);
    expect(after.dbQueries).toBe(1);
  });

  it("serves a stale value inside its grace at once, then the refreshed one", async () => {
    const id = await createItem({ name: "before" });
    expect((await get(`/items/${id}?policy=swr`)).json.data.name).toBe("before");
    // Changed behind the cache's back (no invalidation): only the TTL can reveal it.
    expect((await call("PUT", `/items/${id}?invalidate=0`, { body: { name: "after" } })).status).toBe(200);
    expect((await get(`/items/${id}?policy=swr`)).json.data.name).toBe("before");
    await sleep(1_150);

    const stale = await get(`/items/${id}?policy=swr`);
    expect(stale.status).toBe(200);
    expect(stale.json.data.name).toBe("before");
    expect(stale.layers).toEqual(["memory:stale"]);
    expect(stale.dbQueries).toBe(0); // the refresh runs after the response

    const fresh = await eventually(
      () => get(`/items/${id}?policy=swr`),
      (r) => r.json.data.name === "after",
    );
    expect(fresh.json.data).toMatchObject({ name: "after", version: 2 });
    expect(fresh.layers).toEqual(["memory"]);
  });

  it("remembers a not-found for negativeTtl, and an invalidating create ends it at once", async () => {
    const id = newId();
    const miss = await get(`/items/${id}`);
    expect(miss.status).toBe(404);
    expect(miss.headers.get("content-type")).toContain("application/problem+json");
    expect(miss.layers).toEqual(["database"]);
    const again = await get(`/items/${id}`);
    expect(again.status).toBe(404);
    expect(again.layers).toEqual(["memory"]);
    expect(again.dbQueries).toBe(0);

    await createItem({ id, name: "appeared" }); // no invalidation: the negative entry stands until it expires
    expect((await get(`/items/${id}`)).status).toBe(404);
    await sleep(1_150);
    const found = await get(`/items/${id}`);
    expect(found.status).toBe(200);
    expect(found.json.data.name).toBe("appeared");

    const other = newId();
    expect((await get(`/items/${other}`)).status).toBe(404);
    await createItem({ id: other, invalidate: true });
    const now = await get(`/items/${other}`);
    expect(now.status).toBe(200);
    expect(now.layers).toEqual(["database"]);
  });
});

describe("tags", () => {
  it("gives the writer its own write on the next read (read-your-writes)", async () => {
    const id = await createItem({ name: "v1" });
    await get(`/items/${id}`);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    const put = await call("PUT", `/items/${id}`, { body: { name: "v2" } });
    expect(put.json.data).toMatchObject({ name: "v2", version: 2 });
    const read = await get(`/items/${id}`);
    expect(read.json.data).toMatchObject({ name: "v2", version: 2 });
    expect(read.layers).toEqual(["database"]);
  });

  it("serves a write-through fill at the write's new versions: no query after the write, in any layer", async () => {
    // Created with its tag bumped, as a service creates (a tag never bumped reads 0, and its first bump
    // jumps to a time-based start: not "one past", so that write is not filled).
    const id = await createItem({ name: "w1", invalidate: true });
    await get(`/items/${id}`);
    const put = await call("PUT", `/items/${id}?fill=1`, { body: { name: "w2" } });
    expect(put.status).toBe(200);
    const read = await get(`/items/${id}`);
    expect(read.json.data).toMatchObject({ name: "w2", version: 2 });
    expect(read.layers).toEqual(["memory"]);
    expect(read.dbQueries).toBe(0);
    await sleep(150); // the shared layers are filled in waitUntil
    await drop(id, ["memory"]);
    const shared = await get(`/items/${id}`);
    expect(shared.layers).toEqual(["cacheApi"]);
    expect(shared.json.data).toMatchObject({ name: "w2", version: 2 });
    await drop(id, ["memory", "cacheApi"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["redis"]);
  });

  it("does not fill when another write bumped the tag between this write's snapshot and its bump", async () => {
    const id = await createItem({ name: "r1", invalidate: true });
    await get(`/items/${id}`);
    // The fill would store this write's row one version past another write's: it must not.
    expect((await call("PUT", `/items/${id}?fill=1&race=1`, { body: { name: "r2" } })).status).toBe(200);
    const read = await get(`/items/${id}`);
    expect(read.json.data).toMatchObject({ name: "r2" });
    expect(read.layers).toEqual(["database"]);
  });

  it("sees another isolate's invalidation within the tag sync interval (1 s)", async () => {
    const id = await createItem({ name: "elsewhere" });
    await get(`/items/${id}`);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    await call("PUT", `/items/${id}?invalidate=0`, { body: { name: "changed elsewhere" } });
    expect((await call("POST", "/__tags/remote-bump", { body: { tags: [`item:${id}`] } })).status).toBe(200);
    await sleep(1_050);
    const r = await get(`/items/${id}`);
    expect(r.layers).toEqual(["database"]);
    expect(r.json.data.name).toBe("changed elsewhere");
  });

  it("shows users their own write made on another isolate at once, when the gateway names it", async () => {
    const id = await createItem({ name: "before" });
    await get(`/items/${id}`);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    // Another isolate's write for user u1: the row changes, the tag moves on and is logged; the
    // log entry is what the gateway passes on with u1's next request (tagv:@wrote:<user>).
    await call("PUT", `/items/${id}?invalidate=0`, { body: { name: "mine" } });
    const bump = await call("POST", "/__tags/remote-bump", { body: { tags: [`item:${id}`] } });
    expect(bump.status).toBe(200);
    const mine = await get(`/items/${id}`, await asCaller("u1", bump.json.data.entry));
    expect(mine.json.data.name).toBe("mine"); // no wait for the next sync
    expect(mine.layers).toEqual(["database"]);
    expect(mine.headers.get("server-timing")).toContain("ryw;");
    // Once caught up, the isolate does not read the log again for that entry.
    const again = await get(`/items/${id}`, await asCaller("u1", bump.json.data.entry));
    expect(again.layers).toEqual(["memory"]);
    expect(again.headers.get("server-timing")).not.toContain("ryw;");
  });

  it("records the writer's log entry, so the gateway can name it on the writer's next request", async () => {
    const id = await createItem({ name: "w" });
    const put = await call("PUT", `/items/${id}`, { body: { name: "w2" }, headers: await asCaller("writer-7", null) });
    expect(put.status).toBe(200);
    const entry = await redis(env as unknown as DataEnv)!.get<string>(lastWriteKey("writer-7"));
    expect(entry).toMatch(/^\d+-\d+$/);
  });

  it("invalidates every cached page of a listing with one tag, and only that listing", async () => {
    const grp = `t${newId()}`;
    const other = `t${newId()}`;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await createItem({ grp, name: `p${i}` }));
    await createItem({ grp: other });
    const pages = [1, 2, 3];
    for (const p of pages) expect((await get(`/groups/${grp}/items?page=${p}`)).layers).toEqual(["database"]);
    for (const p of pages) expect((await get(`/groups/${grp}/items?page=${p}`)).layers).toEqual(["memory"]);
    expect((await get(`/groups/${other}/items?page=1`)).layers).toEqual(["database"]);
    expect((await get(`/groups/${grp}/items?page=3`)).json.data.map((i: { id: string }) => i.id)).toEqual(ids.slice(10));

    expect((await call("PUT", `/items/${ids[11]}`, { body: { name: "changed" } })).status).toBe(200);
    for (const p of pages) {
      const r = await get(`/groups/${grp}/items?page=${p}`);
      expect(r.layers).toEqual(["database"]);
      if (p === 3) expect(r.json.data[1]).toMatchObject({ id: ids[11], name: "changed" });
    }
    expect((await get(`/groups/${other}/items?page=1`)).layers).toEqual(["memory"]);
  });
});

describe("per-user data", () => {
  it("keys entries by user in every layer and never puts them in the Cache API", async () => {
    const id = await createItem({ name: "private" });
    const alice = await get(`/me/items/${id}?as=alice`);
    expect(alice.json.data).toMatchObject({ id, viewer: "alice" });
    expect(alice.layers).toEqual(["database"]);
    expect(alice.headers.get("cache-control")).toContain("private");
    const bob = await get(`/me/items/${id}?as=bob`);
    expect(bob.json.data).toMatchObject({ id, viewer: "bob" });
    expect(bob.layers).toEqual(["database"]);
    expect((await get(`/me/items/${id}?as=alice`)).json.data.viewer).toBe("alice");
    expect((await get(`/me/items/${id}?as=bob`)).json.data.viewer).toBe("bob");
    await sleep(150);

    // Out of memory, the entry comes from Redis: the Cache API was skipped for it.
    await drop(id, ["memory"], { as: "alice" });
    const fromRedis = await get(`/me/items/${id}?as=alice`);
    expect(fromRedis.layers).toEqual(["redis"]);
    expect(fromRedis.json.data.viewer).toBe("alice");
    await drop(id, ["memory", "redis"], { as: "bob" });
    const bobAgain = await get(`/me/items/${id}?as=bob`);
    expect(bobAgain.layers).toEqual(["database"]);
    expect(bobAgain.json.data.viewer).toBe("bob");
  });
});

describe("confidential data", () => {
  it("keeps confidential entries out of the Cache API (memory and Redis only)", async () => {
    const id = await createItem({ name: "nda-only" });
    expect((await get(`/items/${id}?confidential=1`)).layers).toEqual(["database"]);
    await sleep(150); // the slower layers are filled in waitUntil
    await drop(id, ["memory"], { confidential: true });
    // Straight from Redis: the Cache API was never written for it.
    expect((await get(`/items/${id}?confidential=1`)).layers).toEqual(["redis"]);
    await drop(id, ["memory", "redis"], { confidential: true });
    expect((await get(`/items/${id}?confidential=1`)).layers).toEqual(["database"]);
  });
});

describe("without Redis", () => {
  it("says redis: disabled in health, and the service is ok without it", async () => {
    const h = await get("/health", { "x-test-redis-url": "none" });
    expect(h.status).toBe(200);
    expect(h.json.data.dependencies.redis).toMatchObject({ status: "disabled" });
    expect(h.json.data.status).toBe("ok");
  });

  it("keeps tagged entries out of the Cache API, where other isolates would outlive an invalidation", async () => {
    const id = await createItem({ name: "no-redis" });
    const noRedis = { "x-test-redis-url": "none" };
    expect((await get(`/items/${id}`, noRedis)).layers).toEqual(["database"]);
    await sleep(150);
    expect((await get(`/items/${id}`, noRedis)).layers).toEqual(["memory"]);
    await drop(id, ["memory"]);
    // Not in the Cache API: with no Redis to look in either, the next read loads again.
    expect((await get(`/items/${id}`, noRedis)).layers).toEqual(["database"]);
  });
});
