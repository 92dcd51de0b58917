// CACHE_MODE=off (env.ts): reads go to the loader every time and leave every layer alone;
// invalidations still bump tags, so the cache is correct again the moment it is switched back on.
import { beforeAll, describe, expect, it } from "vitest";
import { call, createItem, get, setup } from "./helpers";

beforeAll(setup);

const OFF = { "x-test-cache-mode": "off" };

async function window() {
  expect((await call("POST", "/__metrics/flush")).status).toBe(204);
  return (await get("/__metrics?minutes=60")).json.data;
}

describe("CACHE_MODE=off", () => {
  it("queries the database on every read and fills no layer", async () => {
    const id = await createItem({ name: "uncached" });
    for (let i = 0; i < 3; i++) {
      const r = await get(`/items/${id}`, OFF);
      expect(r.status).toBe(200);
      expect(r.json.data).toMatchObject({ id, name: "uncached" });
      expect(r.layers).toEqual(["database:off"]);
      expect(r.dbQueries).toBe(1);
    }
    // Nothing was filled: with the cache on, the first read still goes to the database.
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    // Entries the cache holds are not served while it is off.
    expect((await get(`/items/${id}`, OFF)).layers).toEqual(["database:off"]);
  });

  it("still invalidates, so switching back on serves no value older than a write made while off", async () => {
    const id = await createItem({ name: "before" });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}`)).json.data.name).toBe("before");
    expect((await call("PUT", `/items/${id}`, { body: { name: "after" }, headers: OFF })).status).toBe(200);
    const back = await get(`/items/${id}`);
    expect(back.layers).toEqual(["database"]);
    expect(back.json.data.name).toBe("after");
  });

  it("counts every read as a database read in the metrics window", async () => {
    const id = await createItem();
    const before = await window();
    for (let i = 0; i < 4; i++) await get(`/items/${id}`, OFF);
    const after = await window();
    const d = (f: (w: any) => number) => f(after) - f(before);
    expect(d((w) => w.reads)).toBe(4);
    expect(d((w) => w.layers.database.reads)).toBe(4);
    expect(d((w) => w.layers.database.loads)).toBe(4);
    expect(d((w) => w.layers.database.queries)).toBe(4);
    expect(d((w) => w.layers.memory.hits + w.layers.memory.misses)).toBe(0);
  });
});
