// What the shared layers (Cache API, Redis) may hold is bounded whatever clients ask for: one entry per
// key however often its tags move, nothing over SHARED_MAX_CHARS, no "not found", nothing a key
// family's budget keeps out (`shared: false`). All of those still answer from isolate memory.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { SHARED_MAX_CHARS, redis, type DataEnv } from "@pitchey/data";
import { call, createItem, drop, get, newId, setup, sleep } from "./helpers";

beforeAll(setup);

const r = () => redis(env as unknown as DataEnv)!;
/** Every Redis key of one item's entry (policy `item`, key `item:<id>`), whatever follows the key. */
async function redisKeysOf(id: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await r().scan(cursor, { match: `cache:item:item:${id}*`, count: 1000 });
    out.push(...keys);
    cursor = String(next);
  } while (cursor !== "0");
  return out;
}
const FILLS_MS = 150; // shared layers are filled in waitUntil

describe("bounds on the shared layers", () => {
  it("keeps one entry per key in Redis however often its tags move, and uses it only under the current versions", async () => {
    const id = await createItem({ name: "v1" });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    await sleep(FILLS_MS);
    expect(await redisKeysOf(id)).toEqual([`cache:item:item:${id}`]);
    for (const name of ["v2", "v3", "v4"]) {
      expect((await call("PUT", `/items/${id}`, { body: { name } })).status).toBe(200);
      const read = await get(`/items/${id}`);
      expect(read.json.data.name).toBe(name);
      expect(read.layers).toEqual(["database"]); // no entry of an older version was taken
      await sleep(FILLS_MS);
    }
    expect(await redisKeysOf(id)).toEqual([`cache:item:item:${id}`]);
    const stored = JSON.parse((await r().get<string>(`cache:item:item:${id}`))!);
    expect(stored.v.name).toBe("v4");
    expect(stored.t).toMatch(new RegExp(`^item:${id}=\\d+$`));
    // The shared layers answer for it (after memory forgets it) …
    await drop(id, ["memory", "cacheApi"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["redis"]);
    // … but not once its versions are not the reader's: an entry written under others is a miss.
    await r().set(`cache:item:item:${id}`, JSON.stringify({ ...stored, t: `item:${id}=0` }), { px: 60_000 });
    await drop(id, ["memory", "cacheApi"]);
    const other = await get(`/items/${id}`);
    expect(other.layers).toEqual(["database"]);
    expect(other.json.data.name).toBe("v4");
  });

  it("keeps an entry larger than SHARED_MAX_CHARS in memory only", async () => {
    const id = await createItem({ name: "x".repeat(SHARED_MAX_CHARS) });
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["memory"]);
    await sleep(FILLS_MS);
    expect(await redisKeysOf(id)).toEqual([]);
    await drop(id, ["memory"]);
    expect((await get(`/items/${id}`)).layers).toEqual(["database"]); // neither Cache API nor Redis had it
    // One just under the bound is shared as usual.
    const small = await createItem({ name: "x".repeat(SHARED_MAX_CHARS - 200) });
    await get(`/items/${small}`);
    await sleep(FILLS_MS);
    expect(await redisKeysOf(small)).toHaveLength(1);
  });

  it('keeps a "not found" in memory only: the ids a client asks for are its choice', async () => {
    const ids = Array.from({ length: 20 }, newId);
    for (const id of ids) expect((await get(`/items/${id}`)).status).toBe(404);
    expect((await get(`/items/${ids[0]}`)).layers).toEqual(["memory"]); // still cached, in memory
    await sleep(FILLS_MS);
    for (const id of ids) expect(await redisKeysOf(id)).toEqual([]);
    await drop(ids[0]!, ["memory"]);
    expect((await get(`/items/${ids[0]}`)).layers).toEqual(["database"]);
  });

  it("keeps what a key family's budget leaves out (`shared: false`) in memory only", async () => {
    const id = await createItem({ name: "memory only" });
    expect((await get(`/items/${id}?shared=0`)).layers).toEqual(["database"]);
    expect((await get(`/items/${id}?shared=0`)).layers).toEqual(["memory"]);
    await sleep(FILLS_MS);
    expect(await redisKeysOf(id)).toEqual([]);
    await drop(id, ["memory"], { shared: false });
    const again = await get(`/items/${id}?shared=0`);
    expect(again.layers).toEqual(["database"]);
    expect(again.json.data.name).toBe("memory only");
  });
});
