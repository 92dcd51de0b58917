// Watchlist: add (201 new, 200 again — idempotent), only published pitches the investor may see,
// list with live pitch data through the cache (a change shows on the next read), remove (204).
import { beforeAll, describe, expect, it } from "vitest";
import { WatchlistItem, envelope, pageOf } from "@pitchey/contracts";
import { call, signUp } from "./helpers";
import { publishedPitch, q, world, type TestUser, type World } from "./investor.fixtures";

const list = (token: string, query = "") => call("GET", `/api/investor/watchlist${query}`, { token });
const add = (token: string, body: unknown) => call("POST", "/api/investor/watchlist", { token, body });
const remove = (token: string, pitchId: string) => call("DELETE", `/api/investor/watchlist/${pitchId}`, { token });
const rowsOf = (investorId: string) =>
  q<{ pitch_id: string; note: string | null }>("select pitch_id::text, note from investor.watchlist where investor_id = $1 order by id", [investorId]);

describe("investor watchlist", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("adds a published pitch once: 201, then 200 with the entry unchanged", async () => {
    const me = await signUp("investor");
    // Warm the list cache first: the add must show on the very next read.
    expect((await list(me.accessToken)).json.data).toEqual([]);

    const first = await add(me.accessToken, { pitchId: w.pitches.public.id, note: "Strong logline" });
    expect(first.status, first.text).toBe(201);
    expect(envelope(WatchlistItem).parse(first.json).data).toEqual({
      pitchId: w.pitches.public.id,
      note: "Strong logline",
      addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pitch: { id: w.pitches.public.id, title: w.pitches.public.title, genre: w.pitches.public.genre, status: "published" },
    });

    const again = await add(me.accessToken, { pitchId: w.pitches.public.id, note: "Another note" });
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual(first.json.data);
    expect(await rowsOf(me.user.id)).toEqual([{ pitch_id: w.pitches.public.id, note: "Strong logline" }]);

    const page = await list(me.accessToken);
    expect(page.status).toBe(200);
    expect(pageOf(WatchlistItem).parse(page.json).data).toEqual([first.json.data]);
    expect(page.json.meta).toMatchObject({ nextCursor: null, hasMore: false });
    expect(page.headers.get("cache-control")).toContain("private");
  });

  it("accepts an investors-only pitch", async () => {
    const me = await signUp("investor");
    const r = await add(me.accessToken, { pitchId: w.pitches.investors.id });
    expect(r.status, r.text).toBe(201);
    expect(r.json.data).toMatchObject({ note: null, pitch: { id: w.pitches.investors.id, status: "published" } });
  });

  it.each(["draft", "private", "archived"] as const)("refuses a %s pitch with 404 and writes nothing", async (state) => {
    const me = await signUp("investor");
    const r = await add(me.accessToken, { pitchId: w.pitches[state].id });
    expect(r.status).toBe(404);
    expect(r.json.code).toBe("NOT_FOUND");
    expect(await rowsOf(me.user.id)).toEqual([]);
  });

  it("refuses an unknown pitch with 404", async () => {
    const r = await add(w.investor.accessToken, { pitchId: "987654321987" });
    expect(r.status).toBe(404);
  });

  it.each([
    [{}, "pitchId"],
    [{ pitchId: 12 }, "pitchId"],
    [{ pitchId: "abc" }, "pitchId"],
    [{ pitchId: "1", note: "x".repeat(1001) }, "note"],
    [{ pitchId: "1", extra: true }, "extra"],
  ])("refuses body %j naming %s", async (body, field) => {
    const r = await add(w.investor.accessToken, body);
    expect(r.status).toBe(400);
    expect(r.json.code).toBe("VALIDATION_FAILED");
    expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it("removes with 204 (again 204), and the next read shows it gone", async () => {
    const me = await signUp("investor");
    await add(me.accessToken, { pitchId: w.pitches.public.id });
    await add(me.accessToken, { pitchId: w.pitches.investors.id });
    expect((await list(me.accessToken)).json.data).toHaveLength(2);

    const r = await remove(me.accessToken, w.pitches.public.id);
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
    expect((await list(me.accessToken)).json.data.map((i: { pitchId: string }) => i.pitchId)).toEqual([w.pitches.investors.id]);
    expect((await remove(me.accessToken, w.pitches.public.id)).status).toBe(204);
    expect((await remove(me.accessToken, "abc")).status).toBe(404);
    expect(await rowsOf(me.user.id)).toEqual([{ pitch_id: w.pitches.investors.id, note: null }]);
  });

  it("is per investor: another investor neither sees nor removes my entries", async () => {
    const a = await signUp("investor");
    const b = await signUp("investor");
    await add(a.accessToken, { pitchId: w.pitches.public.id });
    expect((await list(b.accessToken)).json.data).toEqual([]);
    expect((await remove(b.accessToken, w.pitches.public.id)).status).toBe(204);
    expect(await rowsOf(a.user.id)).toHaveLength(1);
    expect((await list(a.accessToken)).json.data).toHaveLength(1);
  });

  it("shows live pitch data: archived keeps its title, made-private shows pitch null", async () => {
    const me = await signUp("investor");
    const archived = await publishedPitch(w.creator, { genre: "comedy" });
    const hidden = await publishedPitch(w.creator, { genre: "horror" });
    await add(me.accessToken, { pitchId: archived.id });
    await add(me.accessToken, { pitchId: hidden.id });
    expect((await call("POST", `/api/pitches/${archived.id}/archive`, { token: w.creator.accessToken })).status).toBe(200);
    expect((await call("PATCH", `/api/pitches/${hidden.id}`, { token: w.creator.accessToken, body: { visibility: "private" } })).status).toBe(200);
    const items = (await list(me.accessToken)).json.data as { pitchId: string; pitch: unknown }[];
    expect(items).toEqual([
      expect.objectContaining({ pitchId: hidden.id, pitch: null }),
      expect.objectContaining({ pitchId: archived.id, pitch: { id: archived.id, title: archived.title, genre: "comedy", status: "archived" } }),
    ]);
  });

  describe("pagination", () => {
    let me: TestUser;
    let ids: string[];
    beforeAll(async () => {
      me = await signUp("investor");
      ids = [];
      for (let i = 0; i < 5; i++) {
        const p = await publishedPitch(w.creator);
        expect((await add(me.accessToken, { pitchId: p.id })).status).toBe(201);
        ids.unshift(p.id); // newest first
      }
    });

    it("walks the list with limit and cursor, newest first", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await list(me.accessToken, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(r.status).toBe(200);
        expect(r.json.data.length).toBeLessThanOrEqual(2);
        seen.push(...r.json.data.map((i: { pitchId: string }) => i.pitchId));
        cursor = r.json.meta.nextCursor;
        expect(r.json.meta.hasMore).toBe(cursor !== null);
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
      expect((await list(me.accessToken)).json.data.map((i: { pitchId: string }) => i.pitchId)).toEqual(ids);
    });

    it.each(["?limit=0", "?limit=101", "?limit=abc", "?cursor=%%%", "?cursor=bm90LWEtY3Vyc29y", "?sort=new"])("refuses %s with 400", async (query) => {
      const r = await list(me.accessToken, query);
      expect(r.status).toBe(400);
      expect(r.json.code).toBe("VALIDATION_FAILED");
    });

    it("refuses an investments cursor on the watchlist", async () => {
      const a = await signUp("investor");
      const p = await publishedPitch(w.creator);
      for (let i = 0; i < 2; i++) {
        expect((await call("POST", "/api/investor/investments", { token: a.accessToken, body: { pitchId: p.id, amountCents: 100 } })).status).toBe(201);
      }
      const page = await call("GET", "/api/investor/investments?limit=1", { token: a.accessToken });
      expect(page.json.meta.nextCursor).toEqual(expect.any(String));
      const r = await list(me.accessToken, `?cursor=${page.json.meta.nextCursor}`);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].path).toBe("cursor");
    });
  });
});
