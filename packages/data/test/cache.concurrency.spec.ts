// Concurrent requests on one isolate: coalesced misses, and per-request I/O that must stay per request.
import { beforeAll, describe, expect, it } from "vitest";
import { call, createItem, get, setup } from "./helpers";

beforeAll(setup);

describe("coalescing", () => {
  it("turns 50 concurrent misses of one key into exactly one database query", async () => {
    const id = await createItem({ name: "popular" });
    const replies = await Promise.all(Array.from({ length: 50 }, () => get(`/items/${id}?slow=300`)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    for (const r of replies) expect(r.json.data).toEqual({ id, grp: "g0", name: "popular", version: 1 });
    expect(replies.reduce((n, r) => n + r.dbQueries, 0)).toBe(1);
    const layers = replies.map((r) => r.layers.join(" ")).sort();
    expect(layers.filter((l) => l === "database")).toHaveLength(1);
    expect(layers.filter((l) => l === "memory:shared")).toHaveLength(49);
  });

  it("lets each coalesced request go on with I/O of its own (no cross-request I/O)", async () => {
    const id = await createItem({ name: "shared" });
    const others: string[] = [];
    for (let i = 0; i < 50; i++) others.push(await createItem({ name: `own ${i}` }));
    const replies = await Promise.all(others.map((o) => get(`/items/${id}?slow=300&also=${o}`)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    replies.forEach((r, i) => {
      expect(r.json.data.item.name).toBe("shared");
      expect(r.json.data.also).toMatchObject({ id: others[i], name: `own ${i}` });
    });
    // One load of the shared item, one of each request's own.
    expect(replies.reduce((n, r) => n + r.dbQueries, 0)).toBe(51);
  });

  it("gives every waiting request the shared not-found answer", async () => {
    // A missing row: the leader's load finds nothing, every waiter gets the (negative) answer.
    const replies = await Promise.all(Array.from({ length: 20 }, () => get(`/items/999999999999999?slow=200`)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(404));
    expect(replies.reduce((n, r) => n + r.dbQueries, 0)).toBe(1);
  });
});

describe("interactive transactions", () => {
  it("runs two requests' transactions side by side on one isolate", async () => {
    const a = await createItem();
    const b = await createItem();
    const replies = await Promise.all([
      call("POST", `/items/${a}/bump?hold=300`),
      call("POST", `/items/${b}/bump?hold=300`),
      call("POST", `/items/${a}/bump?hold=100`),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[1]!.json.data).toMatchObject({ id: b, version: 2 });
    // Two transactions on one row serialise on its lock: each saw the other's commit.
    expect([replies[0]!.json.data.version, replies[2]!.json.data.version].sort()).toEqual([2, 3]);
    expect((await get(`/items/${a}`)).json.data.version).toBe(3);
  });
});
