// Rate limits on sign-in, refresh and registration (429 with Retry-After, RateLimit-Policy, RateLimit), the
// revocation check's fallback when Redis is down, and the auth service's RPC methods.
import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuthRpc } from "@pitchey/contracts";
import { redis, type DataEnv } from "@pitchey/data";
import { bytesToHex, sha256 } from "@pitchey/http";
import { resetRevocationBackoff } from "../src/revocation";
import { call, login, outage, signUp } from "./helpers";

const AUTH = (env as unknown as { AUTH: Fetcher & AuthRpc }).AUTH;
/** A client address of its own per test, so counters never leak between tests (or into others' files). */
const newIp = () => `10.${rand()}.${rand()}.${rand()}`;
const rand = () => Math.floor(Math.random() * 254) + 1;
const fresh = () => `rl-${crypto.randomUUID()}@test.pitchey.dev`;

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

function expectRateLimited(r: Awaited<ReturnType<typeof call>>, policy: string, limit: number) {
  expect(r.status).toBe(429);
  expect(r.headers.get("content-type")).toContain("application/problem+json");
  expect(r.json.code).toBe("RATE_LIMITED");
  const retryAfter = Number(r.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(r.headers.get("ratelimit-policy")).toContain(`"${policy}";q=${limit};w=900`);
  expect(r.headers.get("ratelimit")).toMatch(new RegExp(`"${policy}";r=0;t=\\d+`));
  expect(r.text).not.toContain("accessToken");
}

describe("login rate limits", () => {
  it("allows 10 failures per account in 15 minutes, then 429 even for the right password", async () => {
    const u = await signUp("creator");
    // From different addresses: the account limit must not depend on the client.
    const failures = await inBatches(10, 5, () =>
      call("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" }, headers: { "cf-connecting-ip": newIp() } }),
    );
    expect(failures.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(failures[0]!.headers.get("ratelimit-policy")).toBe('"auth-login-account";q=10;w=900, "auth-login-client";q=100;w=900');
    const remaining = failures.map((r) => Number(/"auth-login-account";r=(\d+)/.exec(r.headers.get("ratelimit") ?? "")?.[1])).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const blocked = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": newIp() } });
    expectRateLimited(blocked, "auth-login-account", 10);
    // The portal logins share the account's counter.
    expectRateLimited(await call("POST", "/api/auth/creator/login", { body: { email: u.email, password: u.password } }), "auth-login-account", 10);
    // Its live sessions are not affected, nor are other accounts.
    expect((await call("GET", "/api/auth/me", { token: u.accessToken })).status).toBe(200);
    const other = await signUp("creator");
    await expect(login(other.email, other.password)).resolves.toBeTruthy();
  });

  it("counts before the password check: of 30 concurrent wrong passwords at most 10 are checked, the rest are 429", async () => {
    const u = await signUp("creator");
    const ip = newIp();
    const burst = await Promise.all(
      Array.from({ length: 30 }, () =>
        call("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" }, headers: { "cf-connecting-ip": ip } }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    for (const r of burst.filter((x) => x.status === 429)) expectRateLimited(r, "auth-login-account", 10);
    // Refusals are not failures: they gave their slots back, so the account and the address hold 10 each.
    const key = `rl:auth-login-account:${bytesToHex((await sha256(u.email)).subarray(0, 16))}`;
    const r = redis(env as unknown as DataEnv)!;
    const counts = async () => [Number(await r.get(key)), Number(await r.get(`rl:auth-login-client:${ip}`))];
    expect(await counts()).toEqual([10, 10]);

    // The right password is refused as well until the window ends, from any address.
    for (const from of [ip, newIp()]) {
      expectRateLimited(
        await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": from } }),
        "auth-login-account",
        10,
      );
    }
    expect(await counts()).toEqual([10, 10]);
    // End the window (its TTL), as 15 minutes would: the right password signs in again.
    await r.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } })).status).toBe(200);
    // A success gives its slot back: the new window counts nothing.
    expect(Number(await r.get(key))).toBe(0);
  });

  it("gives a correct password's slot back but keeps earlier failures counted (no reset on success)", async () => {
    const u = await signUp("investor");
    const ip = newIp();
    const wrong = () => call("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" }, headers: { "cf-connecting-ip": ip } });
    for (let i = 0; i < 9; i++) expect((await wrong()).status).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } })).status).toBe(200);
    // A wrong portal proves the password too: not a failure.
    expect(
      (await call("POST", "/api/auth/production/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } })).status,
    ).toBe(403);
    const tenth = await wrong();
    expect(tenth.status).toBe(401);
    expect(tenth.headers.get("ratelimit")).toContain('"auth-login-account";r=0;');
    expectRateLimited(await wrong(), "auth-login-account", 10);
    expectRateLimited(
      await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } }),
      "auth-login-account",
      10,
    );
  });

  it("counts unknown emails the same way, so a 429 does not reveal whether an account exists", async () => {
    const email = fresh();
    const ip = newIp();
    await inBatches(10, 5, () => call("POST", "/api/auth/login", { body: { email, password: "wrong password" }, headers: { "cf-connecting-ip": ip } }));
    expectRateLimited(
      await call("POST", "/api/auth/login", { body: { email, password: "wrong password" }, headers: { "cf-connecting-ip": ip } }),
      "auth-login-account",
      10,
    );
  });

  it("allows 100 failures per client address in 15 minutes, then 429 for every account from it", async () => {
    const ip = newIp();
    const victim = await signUp("investor");
    const failures = await inBatches(100, 10, () =>
      call("POST", "/api/auth/login", { body: { email: fresh(), password: "wrong password" }, headers: { "cf-connecting-ip": ip } }),
    );
    expect(failures.every((r) => r.status === 401)).toBe(true);
    const blocked = await call("POST", "/api/auth/login", { body: { email: victim.email, password: victim.password }, headers: { "cf-connecting-ip": ip } });
    expectRateLimited(blocked, "auth-login-client", 100);
    // Another address still signs in.
    const ok = await call("POST", "/api/auth/login", { body: { email: victim.email, password: victim.password }, headers: { "cf-connecting-ip": newIp() } });
    expect(ok.status).toBe(200);
  });

  it("does not count successes or invalid bodies", async () => {
    const u = await signUp("creator");
    const ip = newIp();
    for (let i = 0; i < 12; i++) {
      expect((await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } })).status).toBe(200);
      expect((await call("POST", "/api/auth/login", { body: { email: u.email }, headers: { "cf-connecting-ip": ip } })).status).toBe(400);
    }
  });
});

describe("refresh rate limits", () => {
  it("allows 100 failed refreshes per client address, then 429", async () => {
    const ip = newIp();
    const failures = await inBatches(100, 20, () =>
      call("POST", "/api/auth/refresh", { body: { refreshToken: randomToken() }, headers: { "cf-connecting-ip": ip } }),
    );
    expect(failures.every((r) => r.status === 401)).toBe(true);
    expect(failures[0]!.headers.get("ratelimit-policy")).toBe('"auth-refresh-client";q=100;w=900');
    const u = await signUp("creator");
    expectRateLimited(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken }, headers: { "cf-connecting-ip": ip } }),
      "auth-refresh-client",
      100,
    );
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken }, headers: { "cf-connecting-ip": newIp() } })).status).toBe(200);
  });

  it("counts before the lookup: of 120 concurrent bad refreshes from one address at most 100 are tried", async () => {
    const ip = newIp();
    const burst = await Promise.all(
      Array.from({ length: 120 }, () => call("POST", "/api/auth/refresh", { body: { refreshToken: randomToken() }, headers: { "cf-connecting-ip": ip } })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expectRateLimited(burst.find((r) => r.status === 429)!, "auth-refresh-client", 100);
  });

  it("answers an account's failures past 10 with 429", async () => {
    const u = await signUp("investor");
    const spent = u.refreshToken;
    const second = await call("POST", "/api/auth/refresh", { body: { refreshToken: spent } });
    expect(second.status).toBe(200);
    // Spent twice over, so no refresh grace applies to it.
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: second.json.data.refreshToken } })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await call("POST", "/api/auth/refresh", { body: { refreshToken: spent }, headers: { "cf-connecting-ip": newIp() } })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

describe("registration rate limit", () => {
  const account = () => ({ email: `reg-${crypto.randomUUID()}@test.pitchey.dev`, password: "registration pw 1", name: "Reg", role: "creator" });
  const POLICY = /"auth-register-client";q=(\d+);w=3600/;

  /** Every registration counter in Redis: the test finds its own address's by the one that moves. */
  async function counters(r: NonNullable<ReturnType<typeof redis>>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, { match: "rl:auth-register-client:*", count: 1000 });
      for (const k of keys) out.set(k, Number(await r.get(k)));
      cursor = String(next);
    } while (cursor !== "0");
    return out;
  }

  it("counts every registration per client address before PBKDF2; past the limit 429 with RateLimit headers, the 409 included", async () => {
    // The limit is configuration (10 an hour by default; the test environment raises it because every
    // test request comes from one address): this test reads it from the answer and fills the counter.
    const r = redis(env as unknown as DataEnv)!;
    const before = await counters(r);
    const firstBody = account();
    const first = await call("POST", "/api/auth/register", { body: firstBody });
    expect(first.status).toBe(201);
    const limit = Number(POLICY.exec(first.headers.get("ratelimit-policy") ?? "")?.[1]);
    expect(limit).toBeGreaterThan(0);
    const moved = [...(await counters(r))].filter(([k, v]) => v === (before.get(k) ?? 0) + 1);
    expect(moved).toHaveLength(1);
    const [key, count] = moved[0]!;
    expect(first.headers.get("ratelimit")).toMatch(new RegExp(`^"auth-register-client";r=${limit - count};t=\\d+$`));
    try {
      // Three slots left: of six concurrent attempts three register and three are refused unhashed.
      await r.set(key, limit - 3, { keepTtl: true });
      const bodies = Array.from({ length: 6 }, account);
      const burst = await Promise.all(bodies.map((body) => call("POST", "/api/auth/register", { body })));
      expect(burst.map((x) => x.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
      expect(Number(await r.get(key))).toBe(limit); // refusals gave their slots back
      for (const refused of burst.filter((x) => x.status === 429)) {
        expect(refused.headers.get("content-type")).toContain("application/problem+json");
        expect(refused.json.code).toBe("RATE_LIMITED");
        const retryAfter = Number(refused.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(3600);
        expect(refused.headers.get("ratelimit-policy")).toMatch(POLICY);
        expect(refused.headers.get("ratelimit")).toMatch(/^"auth-register-client";r=0;t=\d+$/);
        expect(refused.text).not.toContain("accessToken");
      }
      // A refused attempt made no account.
      const refusedEmails = bodies.filter((_, i) => burst[i]!.status === 429).map((b) => b.email);
      for (const email of refusedEmails) expect((await call("POST", "/api/auth/login", { body: { email, password: "registration pw 1" } })).status).toBe(401);
      // At the limit a taken email is refused like any other (no 409 saying it exists) …
      expect((await call("POST", "/api/auth/register", { body: { ...account(), email: firstBody.email } })).status).toBe(429);
      // … and below it a 409 takes a slot like a 201.
      await r.set(key, limit - 1, { keepTtl: true });
      const taken = await call("POST", "/api/auth/register", { body: { ...account(), email: firstBody.email } });
      expect(taken.status).toBe(409);
      expect(taken.headers.get("ratelimit")).toMatch(/^"auth-register-client";r=0;/);
      expect((await call("POST", "/api/auth/register", { body: account() })).status).toBe(429);
      // Signing in is not limited by it.
      expect((await call("POST", "/api/auth/login", { body: { email: firstBody.email, password: firstBody.password } })).status).toBe(200);
    } finally {
      await r.set(key, count, { keepTtl: true }); // the other tests register from this address too
    }
  });
});

function randomToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

describe("when Redis is down", () => {
  afterEach(() => outage({ redis: "up", postgres: "up" }));

  it("checks revocation over RPC instead, and logout still takes effect on the next request", async () => {
    const u = await signUp("creator");
    await outage({ redis: "down" });
    const me = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(me.status).toBe(200);
    expect(me.headers.get("server-timing")).toMatch(/revocation;dur=[0-9.]+;desc="rpc"/);
    expect((await call("POST", "/api/auth/logout", { token: u.accessToken })).status).toBe(204);
    expect((await call("GET", "/api/auth/me", { token: u.accessToken })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(401);
  });

  it("refuses with 503, never waves through, when the database cannot answer either", async () => {
    const u = await signUp("creator");
    await outage({ redis: "down", postgres: "down" });
    const r = await call("GET", "/api/health/live", { token: u.accessToken });
    expect(r.status).toBe(503);
    expect(r.json.code).toBe("SERVICE_UNAVAILABLE");
    expect(r.headers.get("retry-after")).toBe("5");
    // Anonymous routes do not depend on it.
    expect((await call("GET", "/api/health/live")).status).toBe(200);
  });

  it("lets sign-in go ahead uncounted (rate limits fail open)", async () => {
    const u = await signUp("investor");
    await outage({ redis: "down" });
    const r = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
    expect(r.status).toBe(200);
    const wrong = await call("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" } });
    expect(wrong.status).toBe(401);
  });
});

describe("when Postgres is down", () => {
  // The Redis tests above leave this isolate skipping Redis for a few seconds; start clean.
  beforeEach(() => resetRevocationBackoff());
  afterEach(() => outage({ postgres: "up" }));

  it("authenticated requests still pass: the per-request check needs no database", async () => {
    const u = await signUp("creator");
    await outage({ postgres: "down" });
    const r = await call("GET", "/api/health/live", { token: u.accessToken });
    expect(r.status).toBe(200);
    expect(r.headers.get("server-timing")).toMatch(/revocation;dur=[0-9.]+;desc="redis"/);
  });
});

describe("RPC for other services", () => {
  it("getUsers returns {id, name} for known ids, batched, leaving unknown and malformed ids out", async () => {
    const [a, b] = await Promise.all([signUp("creator", { name: "Ada Creator" }), signUp("investor", { name: "Bo Investor" })]);
    const users = await AUTH.getUsers([b.user.id, a.user.id, a.user.id, "999999999", "not-an-id", "0"]);
    expect([...users].sort((x, y) => Number(x.id) - Number(y.id))).toEqual(
      [
        { id: a.user.id, name: "Ada Creator" },
        { id: b.user.id, name: "Bo Investor" },
      ].sort((x, y) => Number(x.id) - Number(y.id)),
    );
    for (const u of users) expect(Object.keys(u).sort()).toEqual(["id", "name"]);
    expect(await AUTH.getUsers([])).toEqual([]);
  });

  it("isSessionActive follows the session: true, then false after logout; false for unknown or malformed ids", async () => {
    const u = await signUp("production");
    const sid = JSON.parse(atob(u.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
    expect(await AUTH.isSessionActive(sid)).toBe(true);
    expect((await call("POST", "/api/auth/logout", { token: u.accessToken })).status).toBe(204);
    expect(await AUTH.isSessionActive(sid)).toBe(false);
    expect(await AUTH.isSessionActive(crypto.randomUUID())).toBe(false);
    expect(await AUTH.isSessionActive("'; drop table auth.sessions; --")).toBe(false);
  });
});
