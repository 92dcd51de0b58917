// The cache as a client of the gateway sees it: the layer that answered, named in Server-Timing; the
// writer's change on its next read; and caching headers that let browsers and CDNs keep only what is
// the same for everyone.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FORMATS, GENRES, lastWriteKey } from "@pitchey/contracts";
import { SHARED_MAX_CHARS, redis, type DataEnv } from "@pitchey/data";
import { call, signUp } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

const forge = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The layers named by the pitch service's `cache;…;desc="…"` entry, in read order (the pitch first). */
const layers = (r: { headers: Headers }) => (/(?:^|,\s*)cache;[^,]*desc="([^"]*)"/.exec(r.headers.get("server-timing") ?? "")?.[1] ?? "").split(" ");

describe("the pitch cache through the gateway", () => {
  it("names the layer that answered in Server-Timing, and shows the owner's write on the next read", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken, { title: "Before the edit" });
    // The owner's reads of the draft (the pitch, then its NDA-only material): loaded, then from memory.
    // (The owner's cohort keeps them on one arm, the arm that also takes the owner's writes.)
    const owner = { token: c.accessToken };
    const first = await call("GET", `/api/pitches/${p.id}`, owner);
    expect(first.status).toBe(200);
    expect(layers(first).slice(0, 2)).toEqual(["database", "database"]);
    const second = await call("GET", `/api/pitches/${p.id}`, owner);
    expect(second.json.data.title).toBe("Before the edit");
    expect(layers(second).slice(0, 2)).toEqual(["memory", "memory"]);
    await publish(c.accessToken, p.id);
    // no-cache: past the gateway's own response cache (response-cache.spec.ts), to the pitch service's.
    const fresh = { headers: { "cache-control": "no-cache" } };
    expect((await call("GET", `/api/pitches/${p.id}`, fresh)).json.data.title).toBe("Before the edit");

    const edit = await call("PATCH", `/api/pitches/${p.id}`, { token: c.accessToken, body: { title: "After the edit" } });
    expect(edit.status).toBe(200);
    const after = await call("GET", `/api/pitches/${p.id}`, fresh);
    expect(after.json.data.title).toBe("After the edit");
    // Written through by the edit (the row and its NDA-only material, under the versions the edit made):
    // the owner's next read — on the arm that took the edit, as the owner's cohort is the same — makes no
    // query. (An anonymous reader may be on the other arm, whose memory the edit did not fill.)
    const mine = await call("GET", `/api/pitches/${p.id}`, owner);
    expect(mine.json.data.title).toBe("After the edit");
    expect(mine.headers.get("x-pitchey-service")).toBe(edit.headers.get("x-pitchey-service"));
    expect(layers(mine).slice(0, 2)).toEqual(["memory", "memory"]);
    expect(mine.headers.get("server-timing")).not.toMatch(/db;[^,]*desc="[1-9]/);
    // And through the gateway's cache too: the write's answer told this gateway which tags moved.
    expect((await call("GET", `/api/pitches/${p.id}`)).json.data.title).toBe("After the edit");
  });

  it("remembers the writer's latest write, which the gateway names on the writer's next request", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken, { title: "Read your writes" });
    await publish(c.accessToken, p.id);
    const key = lastWriteKey(c.user.id);
    const r = redis(env as unknown as DataEnv)!;
    const afterPublish = await r.get<string>(key);
    expect(afterPublish).toMatch(/^\d+-\d+$/); // an entry of the invalidation log
    const edit = await call("PATCH", `/api/pitches/${p.id}`, { token: c.accessToken, body: { title: "Edited" } });
    expect(edit.status).toBe(200);
    const afterEdit = await r.get<string>(key);
    expect(afterEdit).toMatch(/^\d+-\d+$/);
    expect(afterEdit).not.toBe(afterPublish);
    // The writer's next read, on whichever isolate, is answered after the log was read that far.
    const mine = await call("GET", `/api/pitches/${p.id}`, { token: c.accessToken });
    expect(mine.json.data.title).toBe("Edited");
  });

  it("lets shared caches keep an anonymous read of a public pitch, never a signed-in one", async () => {
    const c = await signUp("creator");
    const reader = await signUp("investor");
    const p = await createPitch(c.accessToken, { title: "Caching headers" });
    await publish(c.accessToken, p.id);

    const anonymous = await call("GET", `/api/pitches/${p.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("cache-control")).toMatch(/^public\b/);
    const signedIn = await call("GET", `/api/pitches/${p.id}`, { token: reader.accessToken });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    const owner = await call("GET", `/api/pitches/${p.id}`, { token: c.accessToken });
    expect(owner.headers.get("cache-control")).toBe("private, no-store");
  });

  it('a "not found" cached for an id that does not exist yet ends when a pitch is created under it (no 404 for its owner)', async () => {
    const c = await signUp("creator");
    const last = Number((await createPitch(c.accessToken)).id);
    // An anonymous client probes the next ids (sequential): each "not found" is cached (negativeTtl 30 s).
    const probed = Array.from({ length: 5 }, (_, i) => String(last + 1 + i));
    for (const id of probed) expect((await call("GET", `/api/pitches/${id}`)).status).toBe(404);
    const again = await call("GET", `/api/pitches/${probed[0]}`);
    expect(again.status).toBe(404);
    expect(layers(again)[0]).toBe("memory"); // the probe's answer is what is cached

    const created = await createPitch(c.accessToken, { title: "Probed before it existed" });
    expect(probed).toContain(created.id); // else this run did not test what it means to
    const owner = await call("GET", `/api/pitches/${created.id}`, { token: c.accessToken });
    expect(owner.status, owner.text).toBe(200);
    expect(owner.json.data.title).toBe("Probed before it existed");
    expect("protected" in owner.json.data).toBe(true);
    // Anonymous callers still get 404 for the draft, from the pitch now, not from the probe's entry.
    expect((await call("GET", `/api/pitches/${created.id}`)).status).toBe(404);
    await publish(c.accessToken, created.id);
    expect((await call("GET", `/api/pitches/${created.id}`)).status).toBe(200);
    expect((await call("POST", `/api/pitches/${created.id}/views`)).status).toBe(202);
  });

  it("bounds what browsing can make Redis hold: only first pages of fixed-list filters at the default size, one entry per key", async () => {
    const r = redis(env as unknown as DataEnv)!;
    const browseKeys = async () => {
      const out = new Map<string, number>();
      let cursor = "0";
      do {
        const [next, keys] = await r.scan(cursor, { match: "cache:pitch-list:browse:*", count: 1000 });
        for (const k of keys) out.set(k, Number(await r.strlen(k)));
        cursor = String(next);
      } while (cursor !== "0");
      return out;
    };
    const added = (before: Map<string, number>, after: Map<string, number>) => [...after.keys()].filter((k) => !before.has(k));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // fills land in waitUntil

    const c = await signUp("creator");
    for (let i = 0; i < 3; i++) await publish(c.accessToken, (await createPitch(c.accessToken)).id);
    const page2 = (await call("GET", "/api/pitches?limit=2")).json.meta.nextCursor as string;
    const before = await browseKeys();
    // 60 combinations a client chooses freely: budgets, searches, creators, page sizes, later pages.
    const free = [
      ...Array.from({ length: 15 }, (_, i) => `minBudget=${1000 + i}`),
      ...Array.from({ length: 15 }, (_, i) => `q=${["drama", "heist", "space", "Love"][i % 4]}%20${i}&genre=drama`),
      ...Array.from({ length: 10 }, (_, i) => `limit=${i + 21}`),
      ...Array.from({ length: 10 }, (_, i) => `creatorId=${Number(c.user.id) + i}`),
      ...Array.from({ length: 10 }, (_, i) => `limit=2&cursor=${i ? forge({ s: "new", k: `2026-01-${10 + i}T00:00:00.000000Z`, id: "1" }) : page2}`),
    ];
    for (const q of free) expect((await call("GET", `/api/pitches?${q}`)).status, q).toBe(200);
    await settle();
    expect(added(before, await browseKeys())).toEqual([]);

    // Fixed-list filters on a first page are shared: one Redis entry each.
    const common = ["genre=western&format=web-series&sort=popular", "genre=musical&format=short&sort=trending", "format=limited-series&genre=family"];
    for (const q of common) expect((await call("GET", `/api/pitches?${q}`)).status).toBe(200);
    await settle();
    const shared = await browseKeys();
    expect(added(before, shared)).toHaveLength(common.length);
    // A write moves the list's tag; the next reads replace those entries instead of adding new ones.
    await publish(c.accessToken, (await createPitch(c.accessToken, { genre: "western", format: "web-series" })).id);
    for (const q of common) expect((await call("GET", `/api/pitches?${q}`)).status).toBe(200);
    await settle();
    const afterWrite = await browseKeys();
    expect(afterWrite.size).toBe(shared.size);
    // The stated bound: 2 audiences × 3 sorts × (genres + none) × (formats + none) keys, each ≤ SHARED_MAX_CHARS.
    expect(afterWrite.size).toBeLessThanOrEqual(2 * 3 * (GENRES.length + 1) * (FORMATS.length + 1));
    for (const size of afterWrite.values()) expect(size).toBeLessThanOrEqual(SHARED_MAX_CHARS);
  });
});
