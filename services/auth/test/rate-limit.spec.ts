// The shared Redis counter (@pitchey/data rate-limit) against real Redis through the Upstash stand-in.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { anyExceeded, rateLimitHeaders, rateLimitKey, rateLimiter, redis, tooManyRequests, type DataEnv, type RateLimitPolicy } from "@pitchey/data";

const dataEnv = env as unknown as DataEnv;
const policy = (limit: number, whenUnavailable: "allow" | "deny" = "allow"): RateLimitPolicy => ({
  name: `t-${crypto.randomUUID().slice(0, 8)}`,
  limit,
  windowSeconds: 60,
  whenUnavailable,
});

describe("rateLimiter", () => {
  it("counts hits per subject in a window that the first hit opens", async () => {
    const p = policy(3);
    const rl = rateLimiter(dataEnv);
    const a = { policy: p, id: "alice" };
    const b = { policy: p, id: "bob" };
    expect((await rl.peek([a]))[0]).toMatchObject({ count: 0, remaining: 3, resetSeconds: 60, exceeded: false, unavailable: false });
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push((await rl.hit([a, b]))[0]!.count);
    expect(counts).toEqual([1, 2, 3]);
    const [sa, sb] = await rl.peek([a, b]);
    // peek: the next hit would be the 4th of 3.
    expect(sa).toMatchObject({ count: 3, remaining: 0, exceeded: true });
    expect(sa!.resetSeconds).toBeGreaterThan(55);
    expect(sa!.resetSeconds).toBeLessThanOrEqual(60);
    expect(sb).toMatchObject({ count: 3, exceeded: true });
    expect(await redis(dataEnv)!.ttl(rateLimitKey(a))).toBeGreaterThan(0);
    await rl.reset([a]);
    expect((await rl.peek([a]))[0]).toMatchObject({ count: 0, exceeded: false });
  });

  it("counts concurrent hits exactly", async () => {
    const p = policy(1000);
    const rl = rateLimiter(dataEnv);
    const e = { policy: p, id: "burst" };
    await Promise.all(Array.from({ length: 50 }, () => rl.hit([e])));
    expect((await rl.peek([e]))[0]!.count).toBe(50);
  });

  it("marks a hit exceeded only when it goes over the limit (count first, then refuse)", async () => {
    const p = policy(2);
    const rl = rateLimiter(dataEnv);
    const e = { policy: p, id: "over" };
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await rl.hit([e]))[0]!);
    expect(states.map((s) => [s.count, s.remaining, s.exceeded])).toEqual([
      [1, 1, false],
      [2, 0, false],
      [3, 0, true],
    ]);
  });

  it("lets exactly `limit` of a concurrent burst through, and undo gives the refused slots back", async () => {
    const p = policy(10);
    const rl = rateLimiter(dataEnv);
    const e = { policy: p, id: "burst-undo" };
    const states = await Promise.all(Array.from({ length: 30 }, () => rl.hit([e])));
    expect(states.filter(([s]) => !s!.exceeded)).toHaveLength(10);
    await Promise.all(states.filter(([s]) => s!.exceeded).map(() => rl.undo([e])));
    expect((await rl.peek([e]))[0]).toMatchObject({ count: 10, exceeded: true });
  });

  it("undo takes one hit back from each entry, and leaves a gone or zero counter alone", async () => {
    const rl = rateLimiter(dataEnv);
    const r = redis(dataEnv)!;
    const a = { policy: policy(5), id: "a" };
    const b = { policy: policy(5), id: "b" };
    await rl.hit([a, b]);
    await rl.hit([a]);
    await rl.undo([a, b]);
    const [sa, sb] = await rl.peek([a, b]);
    expect(sa!.count).toBe(1);
    expect(sb!.count).toBe(0);
    expect(await r.ttl(rateLimitKey(a))).toBeGreaterThan(0); // the window is kept
    const gone = { policy: policy(5), id: "gone" };
    await rl.undo([gone, b]);
    expect(await r.exists(rateLimitKey(gone))).toBe(0);
    expect(Number(await r.get(rateLimitKey(b)))).toBe(0);
    await rl.undo([]);
    await rateLimiter({}).undo([a]); // no Redis: nothing to give back, no throw
  });

  it("keeps the window when later hits come (EXPIRE NX), and repairs a key that lost its TTL", async () => {
    const p = policy(5);
    const rl = rateLimiter(dataEnv);
    const e = { policy: p, id: "ttl" };
    const r = redis(dataEnv)!;
    await r.set(rateLimitKey(e), "2"); // no TTL, as if an EXPIRE had been lost
    const [s] = await rl.hit([e]);
    expect(s!.count).toBe(3);
    expect(await r.ttl(rateLimitKey(e))).toBe(60);
  });

  it("fails open or closed, as the policy says, when Redis is not configured", async () => {
    const rl = rateLimiter({});
    const [open, closed] = await rl.hit([
      { policy: policy(1, "allow"), id: "x" },
      { policy: policy(1, "deny"), id: "x" },
    ]);
    expect(open).toMatchObject({ exceeded: false, unavailable: true, remaining: 1 });
    expect(closed).toMatchObject({ exceeded: true, unavailable: true, remaining: 0, resetSeconds: 5 });
    expect(anyExceeded([open!])).toBe(false);
    expect(anyExceeded([open!, closed!])).toBe(true);
  });

  it("fails the same way when Redis answers with errors", async () => {
    const broken = { ...dataEnv, UPSTASH_REDIS_REST_TOKEN: "wrong-token" };
    const [s] = await rateLimiter(broken).peek([{ policy: policy(1, "deny"), id: "x" }]);
    expect(s).toMatchObject({ exceeded: true, unavailable: true });
  });
});

describe("headers and the 429", () => {
  const p1: RateLimitPolicy = { name: "login-account", limit: 10, windowSeconds: 900, whenUnavailable: "allow" };
  const p2: RateLimitPolicy = { name: "login-client", limit: 100, windowSeconds: 900, whenUnavailable: "allow" };
  const states = [
    { policy: p1, count: 10, remaining: 0, resetSeconds: 540, exceeded: true, unavailable: false },
    { policy: p2, count: 3, remaining: 97, resetSeconds: 800, exceeded: false, unavailable: false },
  ];

  it("writes RateLimit-Policy and RateLimit in the IETF draft's structured-field form", () => {
    expect(rateLimitHeaders(states)).toEqual({
      "ratelimit-policy": '"login-account";q=10;w=900, "login-client";q=100;w=900',
      ratelimit: '"login-account";r=0;t=540, "login-client";r=97;t=800',
    });
    expect(rateLimitHeaders([])).toEqual({});
  });

  it("makes a 429 RATE_LIMITED whose Retry-After is when the spent window ends", () => {
    const err = tooManyRequests(states, "Slow down.");
    expect(err.status).toBe(429);
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.message).toBe("Slow down. Retry in 540 s.");
    expect(err.extra.headers).toMatchObject({ "retry-after": "540", ratelimit: expect.stringContaining('"login-account";r=0') });
  });
});
