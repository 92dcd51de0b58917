// Typed replies become the Response: envelope, page meta and Link, strong ETags, 304 on a matching
// If-None-Match (GET and HEAD only), and stored answers byte for byte.
import { describe, expect, it } from "vitest";
import { createContext } from "./context";
import { created, etagMatches, etagOf, listed, noContent, ok, storedReply, toResponse } from "./reply";
import { bytesToBase64url } from "./encoding";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
const rc = (url: string, init: RequestInit = {}) => createContext("test", new Request(url, init), { LOG_LEVEL: "error" }, ctx, null, "req-12345678");

describe("toResponse", () => {
  it("wraps one value in the envelope with a strong ETag of its data", async () => {
    const res = await toResponse(rc("https://x.test/a"), ok({ id: "1", n: 2 }));
    expect(await res.text()).toBe('{"data":{"id":"1","n":2},"meta":{"requestId":"req-12345678"}}');
    expect(res.headers.get("etag")).toBe(await etagOf('{"id":"1","n":2}'));
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("gives the same data the same ETag whatever the request id, and other data another", async () => {
    const a = await toResponse(rc("https://x.test/a"), ok({ id: "1" }));
    const b = await toResponse(createContext("test", new Request("https://x.test/a"), {}, ctx, null, "other-req-id"), ok({ id: "1" }));
    const c = await toResponse(rc("https://x.test/a"), ok({ id: "2" }));
    expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
    expect(a.headers.get("etag")).not.toBe(c.headers.get("etag"));
  });

  it("answers a GET whose If-None-Match names the ETag with 304, no body, the ETag and caching headers", async () => {
    const first = await toResponse(rc("https://x.test/a"), ok({ id: "1" }, { cacheControl: "public, max-age=30", headers: { vary: "Authorization" } }));
    const etag = first.headers.get("etag")!;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const res = await toResponse(
        rc("https://x.test/a", { headers: { "if-none-match": inm } }),
        ok({ id: "1" }, { cacheControl: "public, max-age=30", headers: { vary: "Authorization" } }),
      );
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe("public, max-age=30");
      expect(res.headers.get("vary")).toBe("Authorization");
    }
    expect((await toResponse(rc("https://x.test/a", { headers: { "if-none-match": '"other"' } }), ok({ id: "1" }))).status).toBe(200);
    // Only reads are answered 304.
    expect((await toResponse(rc("https://x.test/a", { method: "PATCH", headers: { "if-none-match": etag } }), ok({ id: "1" }))).status).toBe(200);
  });

  it("always sends nextCursor and hasMore on a page, and Link to the next page keeping the query", async () => {
    const more = await toResponse(rc("https://x.test/api/pitches?genre=drama&cursor=old&limit=5"), listed([{ id: "1" }], "abc"));
    expect(await more.json()).toEqual({ data: [{ id: "1" }], meta: { requestId: "req-12345678", nextCursor: "abc", hasMore: true } });
    expect(more.headers.get("link")).toBe('</api/pitches?genre=drama&cursor=abc&limit=5>; rel="next"');
    const last = await toResponse(rc("https://x.test/api/pitches"), listed([], null));
    expect(await last.json()).toEqual({ data: [], meta: { requestId: "req-12345678", nextCursor: null, hasMore: false } });
    expect(last.headers.get("link")).toBeNull();
    expect(last.headers.get("etag")).not.toBe(more.headers.get("etag"));
  });

  it("sends a stored answer byte for byte as the first one went, under the first request id", async () => {
    const data = { id: "7", note: 'a "quoted" é', n: null };
    const first = await (await toResponse(rc("https://x.test/a", { method: "POST" }), created(data, { headers: { location: "/a/7" } }))).text();
    const replay = await toResponse(
      createContext("test", new Request("https://x.test/a", { method: "POST" }), {}, ctx, null, "later-request"),
      storedReply(201, JSON.stringify(data), "req-12345678", { headers: { location: "/a/7" } }),
    );
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(first);
    expect(replay.headers.get("location")).toBe("/a/7");
  });

  it("sends 204 with no body and no content type", async () => {
    const res = await toResponse(rc("https://x.test/a", { method: "DELETE" }), noContent());
    expect(res.status).toBe(204);
    expect(res.headers.get("content-type")).toBeNull();
  });
});

describe("etagMatches", () => {
  it("compares strongly for If-Match (a weak tag never matches) and weakly for If-None-Match", () => {
    expect(etagMatches('"a"', '"a"', false)).toBe(true);
    expect(etagMatches('W/"a"', '"a"', false)).toBe(false);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b" , "a"', '"a"', false)).toBe(true);
    expect(etagMatches("*", '"a"', false)).toBe(true);
    expect(etagMatches(null, '"a"')).toBe(false);
  });
});

describe("etagOf", () => {
  it("is the first 128 bits of the text's sha-256, whether remembered, evicted or too long to remember", async () => {
    const direct = async (t: string) =>
      `"${bytesToBase64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t))).subarray(0, 16))}"`;
    const texts = Array.from({ length: 300 }, (_, i) => `{"id":"${i}"}`);
    for (const t of texts) expect(await etagOf(t)).toBe(await direct(t));
    // The first ones were evicted by the later ones; remembered ones come back unchanged.
    for (const t of [texts[0]!, texts[299]!, texts[299]!]) expect(await etagOf(t)).toBe(await direct(t));
    const long = "x".repeat(20_000);
    expect(await etagOf(long)).toBe(await direct(long));
    expect(await etagOf(long)).toBe(await direct(long));
  });
});
