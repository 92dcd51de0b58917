// Tag versions that Redis no longer has — lost to FLUSHALL or eviction, or never sent because Redis
// was failing when the write was made. Isolates keep the highest version they have seen, so a
// counter that restarted below it, or one a local bump ran ahead of, must not make them miss later
// writes (storage.md: `tagv:<tag>`).
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { redis, TAG_SYNC_MS, type DataEnv } from "@pitchey/data";
import { call, createItem, get, setup, sleep } from "./helpers";

const CLOSED = { "x-test-redis-url": "http://127.0.0.1:1" }; // nothing listens on port 1

/** What FLUSHALL (or an eviction) does to one tag: its counter is gone. */
const loseCounter = (id: string) => redis(env as unknown as DataEnv)!.del(`tagv:item:${id}`);

async function writtenThrice(): Promise<string> {
  const id = await createItem({ name: "v0" });
  for (const name of ["v1", "v2", "v3"]) expect((await call("PUT", `/items/${id}`, { body: { name } })).status).toBe(200);
  expect((await get(`/items/${id}`)).json.data.name).toBe("v3");
  expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
  return id;
}

beforeAll(setup);

describe("tag versions Redis lost", () => {
  it("a write after Redis lost the tag's counter invalidates what this isolate holds", async () => {
    const id = await writtenThrice();
    await loseCounter(id);
    expect((await call("PUT", `/items/${id}`, { body: { name: "after the loss" } })).status).toBe(200);
    const r = await get(`/items/${id}`);
    expect(r.json.data.name).toBe("after the loss");
    expect(r.layers).toEqual(["database"]);
  });

  it("another isolate's write after the loss reaches this isolate at its next sync", async () => {
    const id = await writtenThrice();
    await loseCounter(id);
    await call("PUT", `/items/${id}?invalidate=0`, { body: { name: "written elsewhere" } });
    expect((await call("POST", "/__tags/remote-bump", { body: { tags: [`item:${id}`] } })).status).toBe(200);
    await sleep(TAG_SYNC_MS + 50);
    const r = await get(`/items/${id}`);
    expect(r.json.data.name).toBe("written elsewhere");
    expect(r.layers).toEqual(["database"]);
  });

  it("writes made while Redis failed, then one once it is back: reads show the last", async () => {
    const id = await createItem({ name: "v0" });
    expect((await get(`/items/${id}`)).json.data.name).toBe("v0");
    for (const name of ["while down 1", "while down 2"]) {
      expect((await call("PUT", `/items/${id}`, { body: { name }, headers: CLOSED })).status).toBe(200);
      expect((await get(`/items/${id}`, CLOSED)).json.data.name).toBe(name);
    }
    expect((await call("PUT", `/items/${id}`, { body: { name: "Redis back" } })).status).toBe(200);
    const r = await get(`/items/${id}`);
    expect(r.json.data.name).toBe("Redis back");
  });
});
