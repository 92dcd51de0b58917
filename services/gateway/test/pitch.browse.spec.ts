// Browse: cursor pagination at scale (also while pitches are inserted), filters, search, sorts, views.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";
import { eventually, sql } from "./sql";

async function collect(path: string, token?: string, between?: () => Promise<void>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await call("GET", `${path}${cursor ? `${sep}cursor=${cursor}` : ""}`, { token });
    expect(r.status, r.text).toBe(200);
    expect(r.json.meta.hasMore).toBe(r.json.meta.nextCursor !== null);
    ids.push(...r.json.data.map((p: { id: string }) => p.id));
    cursor = r.json.meta.nextCursor;
    pages++;
    if (between) await between();
  } while (cursor && pages < 200);
  return ids;
}

describe("browse at scale", () => {
  let creator: Awaited<ReturnType<typeof signUp>>;
  let seeded: string[];
  beforeAll(async () => {
    creator = await signUp("creator");
    // 1,000 published pitches for one creator, written in one statement (the API path is tested elsewhere).
    const rows = await sql().query(
      `insert into pitch.pitches (creator_id, title, logline, genre, format, budget_cents, status, visibility, published_at, view_count)
       select $1, 'Scale pitch ' || g, 'Logline ' || g, (array['drama','comedy','horror','sci-fi'])[1 + g % 4], 'feature',
              g * 1000, 'published', 'public', now() - (g || ' seconds')::interval, g % 7
         from generate_series(1, 1000) g returning id::text as id`,
      [creator.user.id],
    );
    seeded = rows.map((r) => r.id as string);
  });

  for (const sort of ["new", "popular", "trending"]) {
    it(`sort=${sort}: every row exactly once over pages of 37`, async () => {
      const ids = await collect(`/api/pitches?creatorId=${creator.user.id}&sort=${sort}&limit=37`);
      expect(ids.length).toBe(1000);
      expect(new Set(ids).size).toBe(1000);
      expect(new Set(ids)).toEqual(new Set(seeded));
    });
  }

  it("sort=new: no row skipped or repeated while new pitches are published between pages", async () => {
    const added: string[] = [];
    const ids = await collect(`/api/pitches?creatorId=${creator.user.id}&limit=50`, undefined, async () => {
      const p = await createPitch(creator.accessToken);
      await publish(creator.accessToken, p.id);
      added.push(p.id);
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of seeded) expect(ids).toContain(id);
    expect(added.length).toBeGreaterThan(15);
  });

  it("orders by popularity", async () => {
    const r = await call("GET", `/api/pitches?creatorId=${creator.user.id}&sort=popular&limit=100`);
    const counts = r.json.data.map((p: { viewCount: number }) => p.viewCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    expect(counts[0]).toBe(6);
  });
});

describe("filters and search", () => {
  let token: string;
  let creatorId: string;
  let horror: string;
  let scifi: string;
  beforeAll(async () => {
    const c = await signUp("creator");
    token = c.accessToken;
    creatorId = c.user.id;
    horror = (
      await createPitch(token, { genre: "horror", format: "short", budgetCents: 10_000, title: "The Whispering Orchard", logline: "Apples that remember" })
    ).id;
    scifi = (
      await createPitch(token, { genre: "sci-fi", format: "tv-series", budgetCents: 9_000_000, title: "Orbital Gardeners", logline: "Farming in zero gravity" })
    ).id;
    await publish(token, horror);
    await publish(token, scifi);
  });
  const ids = async (q: string) => (await call("GET", `/api/pitches?creatorId=${creatorId}&${q}`)).json.data.map((p: { id: string }) => p.id);

  it("filters by genre, format and budget range", async () => {
    expect(await ids("genre=horror")).toEqual([horror]);
    expect(await ids("format=tv-series")).toEqual([scifi]);
    expect(await ids("minBudget=100000")).toEqual([scifi]);
    expect(await ids("maxBudget=100000")).toEqual([horror]);
    expect(await ids("minBudget=1&maxBudget=5")).toEqual([]);
  });

  it("searches title and logline with full-text search (stemming, not substring)", async () => {
    expect(await ids("q=whispering")).toEqual([horror]);
    expect(await ids("q=gardener")).toEqual([scifi]);
    expect(await ids("q=apple")).toEqual([horror]);
    expect(await ids("q=orbit%20OR%20orchard")).toHaveLength(2);
    expect(await ids("q=submarine")).toEqual([]);
  });

  it("sees a new pitch in browse on the next read after publishing (tag invalidation)", async () => {
    expect(await ids("genre=western")).toEqual([]);
    const p = await createPitch(token, { genre: "western" });
    expect(await ids("genre=western")).toEqual([]);
    await publish(token, p.id);
    expect(await ids("genre=western")).toEqual([p.id]);
  });
});

describe("views", () => {
  it("counts a signed-in user once, and an anonymous client once per 24 h", async () => {
    const c = await signUp("creator");
    const viewer = await signUp("investor");
    const p = await createPitch(c.accessToken);
    await publish(c.accessToken, p.id);
    const count = async () => Number((await sql().query("select view_count from pitch.pitches where id = $1", [p.id]))[0]!.view_count);
    const viewsRows = async () => Number((await sql().query("select count(*) as n from pitch.views where pitch_id = $1", [p.id]))[0]!.n);

    for (let i = 0; i < 3; i++) expect((await call("POST", `/api/pitches/${p.id}/views`, { token: viewer.accessToken })).status).toBe(202);
    for (let i = 0; i < 3; i++) expect((await call("POST", `/api/pitches/${p.id}/views`, { headers: { "cf-connecting-ip": "203.0.113.7" } })).status).toBe(202);
    await call("POST", `/api/pitches/${p.id}/views`, { headers: { "cf-connecting-ip": "203.0.113.8" } });
    await eventually(async () => (await viewsRows()) === 3);
    expect(await eventually(async () => (await count()) === 3)).toBe(true);

    // 24 h later the same anonymous client counts again; the signed-in user never does.
    await sql().query("update pitch.views set last_counted_at = now() - interval '25 hours' where pitch_id = $1", [p.id]);
    await call("POST", `/api/pitches/${p.id}/views`, { headers: { "cf-connecting-ip": "203.0.113.7" } });
    await call("POST", `/api/pitches/${p.id}/views`, { token: viewer.accessToken });
    expect(await eventually(async () => (await count()) === 4)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await count()).toBe(4);
  });

  it("refuses views of pitches the caller may not see", async () => {
    const c = await signUp("creator");
    const draft = await createPitch(c.accessToken);
    expect((await call("POST", `/api/pitches/${draft.id}/views`)).status).toBe(404);
    expect((await call("POST", "/api/pitches/999999999/views")).status).toBe(404);
  });

  it("ranks trending by recent views", async () => {
    const c = await signUp("creator");
    const a = await createPitch(c.accessToken, { title: "Trending A" });
    const b = await createPitch(c.accessToken, { title: "Trending B" });
    await publish(c.accessToken, a.id);
    await publish(c.accessToken, b.id);
    for (let i = 0; i < 5; i++) await call("POST", `/api/pitches/${b.id}/views`, { headers: { "cf-connecting-ip": `198.51.100.${i}` } });
    await eventually(async () => Number((await sql().query("select view_count from pitch.pitches where id = $1", [b.id]))[0]!.view_count) === 5);
    const r = await call("GET", `/api/pitches?creatorId=${c.user.id}&sort=trending`);
    expect(r.json.data.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
  });
});
