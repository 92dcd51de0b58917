// The gateway's response cache: anonymous reads of public answers come from the gateway's memory,
// invalidated by the services' cache tags; signed-in callers and private answers never do.
import { afterEach, describe, expect, it } from "vitest";
import { call, outage, signUp } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

const hit = (r: { headers: Headers }) => /gwcache;[^,]*desc="hit"/.test(r.headers.get("server-timing") ?? "");

/** Polls until `check` holds (an invalidation reaches the gateway within ~1 s); fails after `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t0;
}

describe("the gateway's response cache", () => {
  afterEach(() => outage({ redis: "up" }));

  it("answers a repeated anonymous read of a public pitch itself, as the service answered it", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken, { title: "Cached at the edge" });
    await publish(c.accessToken, p.id);
    const first = await call("GET", `/api/pitches/${p.id}`);
    expect(first.status).toBe(200);
    expect(hit(first)).toBe(false);
    const second = await call("GET", `/api/pitches/${p.id}`);
    expect(hit(second)).toBe(true);
    expect(second.json.data).toEqual(first.json.data);
    expect(second.headers.get("x-pitchey-service")).toBe("pitch@stable");
    expect(second.headers.get("x-pitchey-version")).toBe("test");
    expect(second.headers.get("cache-control")).toMatch(/public/);
    expect(Number(second.headers.get("age"))).toBeGreaterThanOrEqual(0);
    // Every answer names its own request id, in the header and in the body (docs/api.md), hits included.
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(second.json.meta.requestId).toBe(second.headers.get("x-request-id"));
    const mine = await call("GET", `/api/pitches/${p.id}`, { headers: { "x-request-id": "client-chosen-0001" } });
    expect(hit(mine)).toBe(true);
    expect(mine.json.meta.requestId).toBe("client-chosen-0001");
    for (const r of [first, second]) expect(r.headers.get("x-pitchey-tags")).toBeNull(); // internal
  });

  it("never answers a signed-in caller from it, nor a request asking for a fresh answer", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken);
    await publish(c.accessToken, p.id);
    await call("GET", `/api/pitches/${p.id}`);
    expect(hit(await call("GET", `/api/pitches/${p.id}`))).toBe(true);
    const investor = await signUp("investor");
    expect(hit(await call("GET", `/api/pitches/${p.id}`, { token: investor.accessToken }))).toBe(false);
    expect(hit(await call("GET", `/api/pitches/${p.id}`, { headers: { "cache-control": "no-cache" } }))).toBe(false);
    expect(hit(await call("GET", `/api/pitches/${p.id}`, { headers: { cookie: "a=b" } }))).toBe(false);
  });

  it("shows an edit to anonymous callers within about a second (the same tags as the services' caches)", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken, { title: "Before the edit" });
    await publish(c.accessToken, p.id);
    await call("GET", `/api/pitches/${p.id}`);
    expect(hit(await call("GET", `/api/pitches/${p.id}`))).toBe(true);
    expect((await call("PATCH", `/api/pitches/${p.id}`, { token: c.accessToken, body: { title: "After the edit" } })).status).toBe(200);
    const ms = await within(2_500, async () => (await call("GET", `/api/pitches/${p.id}`)).json.data.title === "After the edit");
    console.log(`[gateway cache] edit seen by anonymous callers after ${ms} ms`);
    // Archived: gone for anonymous callers within the same bound.
    expect((await call("POST", `/api/pitches/${p.id}/archive`, { token: c.accessToken })).status).toBe(200);
    await within(2_500, async () => (await call("GET", `/api/pitches/${p.id}`)).status === 404);
  });

  it("shares one entry between the same query in another order, and keeps private or missing answers out", async () => {
    const a = await call("GET", "/api/pitches?genre=drama&limit=5&sort=new");
    expect(a.status).toBe(200);
    expect(hit(await call("GET", "/api/pitches?sort=new&limit=5&genre=drama"))).toBe(true);
    const missing = "/api/pitches/999999999";
    await call("GET", missing);
    expect(hit(await call("GET", missing))).toBe(false);
    const c = await signUp("creator");
    const draft = await createPitch(c.accessToken);
    await call("GET", `/api/pitches/${draft.id}`);
    expect(hit(await call("GET", `/api/pitches/${draft.id}`))).toBe(false);
  });

  it("answers nothing from memory while tag versions cannot be confirmed (Redis down)", async () => {
    const c = await signUp("creator");
    const p = await createPitch(c.accessToken);
    await publish(c.accessToken, p.id);
    await call("GET", `/api/pitches/${p.id}`);
    expect(hit(await call("GET", `/api/pitches/${p.id}`))).toBe(true);
    await outage({ redis: "down" });
    await new Promise((r) => setTimeout(r, 2_100)); // past the window in which versions count as certain
    const r = await call("GET", `/api/pitches/${p.id}`);
    expect(r.status).toBe(200);
    expect(hit(r)).toBe(false);
  });
});
