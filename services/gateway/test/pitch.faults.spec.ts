// Fault isolation through the gateway: with Postgres unreachable, pitches already cached are still
// served, an uncached one is a clear 503 problem for the pitch routes only, and routes that need no
// database keep working; with Redis unreachable every read still succeeds; a service answering 500s
// is a 503 with Retry-After for its routes alone.
import { afterEach, describe, expect, it } from "vitest";
import { fault } from "./canary.helpers";
import { call, outage, signUp } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

describe("pitch reads when a back-end fails", () => {
  afterEach(() => outage({ postgres: "up", redis: "up" }));

  it("serves cached pitches with Postgres down, and answers 503 problem+json for the rest", async () => {
    const c = await signUp("creator");
    const cached = await createPitch(c.accessToken, { title: "Cached before the outage" });
    await publish(c.accessToken, cached.id);
    // Never read, and not written through to the cache either (publishing and edits fill it with the row
    // they wrote): a draft, which only its creation touched.
    const cold = await createPitch(c.accessToken, { title: "Never read before the outage" });
    expect((await call("GET", `/api/pitches/${cached.id}`)).status).toBe(200);

    await outage({ postgres: "down" });
    const warm = await call("GET", `/api/pitches/${cached.id}`);
    expect(warm.status).toBe(200);
    expect(warm.json.data.title).toBe("Cached before the outage");

    const miss = await call("GET", `/api/pitches/${cold.id}`);
    expect(miss.status).toBe(503);
    expect(miss.headers.get("content-type")).toContain("application/problem+json");
    expect(miss.json).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    expect(miss.headers.get("retry-after")).toBeTruthy();
    expect(miss.headers.get("x-pitchey-service")).toBe("pitch@stable");

    // Other routes that need no database keep answering.
    expect((await call("GET", "/api/health/live")).status).toBe(200);
    expect((await call("GET", "/api/nope")).status).toBe(404);
  });

  it("keeps reads and writes working with Redis down (cache without its Redis layer)", async () => {
    const c = await signUp("creator");
    await outage({ redis: "down" });
    const p = await createPitch(c.accessToken, { title: "Written while Redis is down" });
    await publish(c.accessToken, p.id);
    const r = await call("GET", `/api/pitches/${p.id}`);
    expect(r.status).toBe(200);
    expect(r.json.data.status).toBe("published");
    const list = await call("GET", `/api/pitches?creatorId=${c.user.id}`);
    expect(list.status).toBe(200);
    expect(list.json.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });
});

describe("a service that answers 500s", () => {
  afterEach(() => fault("pitch", "stable", null));

  it("is a 503 problem+json with Retry-After for its routes, reads and writes; other services keep answering", async () => {
    const c = await signUp("creator");
    await fault("pitch", "stable", { error: 1 });
    await new Promise((r) => setTimeout(r, 600)); // the switch is re-read every 500 ms
    for (const r of [await call("GET", "/api/pitches"), await call("POST", "/api/pitches", { token: c.accessToken, body: {} })]) {
      expect(r.status).toBe(503);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.json).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
      expect(r.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(r.headers.get("x-pitchey-service")).toBe("pitch@stable");
    }
    expect((await call("GET", "/api/auth/me", { token: c.accessToken })).status).toBe(200);
    expect((await call("GET", "/api/health/live")).status).toBe(200);
    await fault("pitch", "stable", null);
    await new Promise((r) => setTimeout(r, 600));
    expect((await call("GET", "/api/pitches")).status).toBe(200);
  });
});
