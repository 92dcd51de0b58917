// Conditional requests (docs/api.md "HTTP semantics"): ETag on single resources and lists, If-None-Match → 304,
// If-Match on PATCH/DELETE of a pitch → 412 when stale (nothing written), Link on lists.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

let owner: TestUser;
beforeAll(async () => {
  owner = await signUp("creator");
});

describe("ETag and If-None-Match", () => {
  it("tags a pitch and answers 304 to a client that has it, until it changes", async () => {
    const id = (await createPitch(owner.accessToken)).id;
    await publish(owner.accessToken, id);
    const first = await call("GET", `/api/pitches/${id}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const again = await call("GET", `/api/pitches/${id}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    await call("PATCH", `/api/pitches/${id}`, { token: owner.accessToken, body: { title: "Changed title" } });
    const changed = await call("GET", `/api/pitches/${id}`, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.json.data.title).toBe("Changed title");
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("tags list pages, answers 304 for an unchanged one, always sends nextCursor and hasMore, and links the next page", async () => {
    const first = await call("GET", "/api/pitches?limit=2");
    expect(first.json.meta).toEqual({ requestId: expect.any(String), nextCursor: expect.any(String), hasMore: true });
    const link = first.headers.get("link")!;
    expect(link).toBe(`</api/pitches?limit=2&cursor=${first.json.meta.nextCursor}>; rel="next"`);
    const next = await call("GET", link.slice(1, link.indexOf(">")));
    expect(next.status).toBe(200);
    expect(next.json.data[0].id).not.toBe(first.json.data[0].id);
    expect((await call("GET", "/api/pitches?limit=2", { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
    // The last page: null and false, no Link.
    const none = await call("GET", `/api/pitches?creatorId=${owner.user.id}&q=zzzyyyxxx`);
    expect(none.json.meta).toEqual({ requestId: expect.any(String), nextCursor: null, hasMore: false });
    expect(none.headers.get("link")).toBeNull();
    // A signed-in list (per user) is tagged too.
    const mine = await call("GET", "/api/pitches/mine", { token: owner.accessToken });
    expect((await call("GET", "/api/pitches/mine", { token: owner.accessToken, headers: { "if-none-match": mine.headers.get("etag")! } })).status).toBe(304);
  });
});

describe("If-Match on PATCH and DELETE of a pitch", () => {
  it("applies a change made from the current version, and answers the new ETag", async () => {
    const id = (await createPitch(owner.accessToken)).id;
    const read = await call("GET", `/api/pitches/${id}`, { token: owner.accessToken });
    const updated = await call("PATCH", `/api/pitches/${id}`, {
      token: owner.accessToken,
      headers: { "if-match": read.headers.get("etag")! },
      body: { title: "First edit" },
    });
    expect(updated.status).toBe(200);
    const reread = await call("GET", `/api/pitches/${id}`, { token: owner.accessToken });
    expect(reread.headers.get("etag")).toBe(updated.headers.get("etag"));
    // `*` matches any current version.
    expect((await call("PATCH", `/api/pitches/${id}`, { token: owner.accessToken, headers: { "if-match": "*" }, body: { title: "Star" } })).status).toBe(200);
  });

  it("refuses a stale If-Match with 412 PRECONDITION_FAILED and writes nothing; a weak tag never matches", async () => {
    const id = (await createPitch(owner.accessToken)).id;
    const etag = (await call("GET", `/api/pitches/${id}`, { token: owner.accessToken })).headers.get("etag")!;
    await call("PATCH", `/api/pitches/${id}`, { token: owner.accessToken, body: { title: "Someone else's edit" } });
    const stale = await call("PATCH", `/api/pitches/${id}`, { token: owner.accessToken, headers: { "if-match": etag }, body: { title: "Lost update" } });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe("PRECONDITION_FAILED");
    expect((await call("DELETE", `/api/pitches/${id}`, { token: owner.accessToken, headers: { "if-match": etag } })).status).toBe(412);
    const now = await call("GET", `/api/pitches/${id}`, { token: owner.accessToken });
    expect(now.json.data.title).toBe("Someone else's edit");
    const weak = await call("PATCH", `/api/pitches/${id}`, {
      token: owner.accessToken,
      headers: { "if-match": `W/${now.headers.get("etag")}` },
      body: { title: "x" },
    });
    expect(weak.status).toBe(412);
    expect((await call("DELETE", `/api/pitches/${id}`, { token: owner.accessToken, headers: { "if-match": now.headers.get("etag")! } })).status).toBe(204);
    expect((await call("GET", `/api/pitches/${id}`, { token: owner.accessToken })).status).toBe(404);
  });

  it("lets exactly one of two concurrent edits from one version through", async () => {
    const id = (await createPitch(owner.accessToken)).id;
    const etag = (await call("GET", `/api/pitches/${id}`, { token: owner.accessToken })).headers.get("etag")!;
    const results = await Promise.all(
      ["A", "B", "C", "D"].map((t) =>
        call("PATCH", `/api/pitches/${id}`, { token: owner.accessToken, headers: { "if-match": etag }, body: { title: `Edit ${t}` } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200)!.json.data.title;
    expect((await call("GET", `/api/pitches/${id}`, { token: owner.accessToken })).json.data.title).toBe(winner);
  });

  it("keeps the usual answers for other callers: 404 for a stranger, 403 for one who may see it", async () => {
    const id = (await createPitch(owner.accessToken)).id;
    const stranger = await signUp("creator");
    expect((await call("PATCH", `/api/pitches/${id}`, { token: stranger.accessToken, headers: { "if-match": "*" }, body: { title: "x" } })).status).toBe(404);
    await publish(owner.accessToken, id);
    expect((await call("PATCH", `/api/pitches/${id}`, { token: stranger.accessToken, headers: { "if-match": "*" }, body: { title: "x" } })).status).toBe(403);
  });
});
