// The auth endpoints through the gateway (the auth operations, packages/contracts/src/operations.auth.ts): success and 4xx paths, portals, refresh
// rotation, its grace and reuse detection, logout. Attacks and rate limits are in auth-*.spec.ts.
import { describe, expect, it } from "vitest";
import { REFRESH_GRACE_SECONDS } from "@pitchey/contracts";
import { bytesToBase64url, sha256 } from "@pitchey/http";
import { call, login, signUp } from "./helpers";
import { sql } from "./sql";

const sidOf = (token: string) => JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
const tokenHash = async (t: string) => bytesToBase64url(await sha256(t));
/** As if the grace had passed since this token was spent (rather than waiting it out). */
const endGrace = async (spent: string) => {
  await sql().query("update auth.refresh_tokens set used_at = used_at - $2::int * interval '1 second' where token_hash = $1", [
    await tokenHash(spent),
    REFRESH_GRACE_SECONDS + 1,
  ]);
};

const USER_KEYS = ["companyName", "createdAt", "email", "id", "name", "role"];
const fresh = (tag = "u") => `${tag}-${crypto.randomUUID()}@test.pitchey.dev`;
const withoutRequestId = (p: Record<string, unknown>) => ({ ...p, requestId: undefined });

describe("POST /api/auth/register", () => {
  it("creates the account and signs it in: 201 {user, accessToken, refreshToken, expiresIn}", async () => {
    const email = fresh("New.Person");
    const r = await call("POST", "/api/auth/register", {
      body: { email, password: "long enough pw", name: "  Ann Lee ", role: "production", companyName: "Lee Films" },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get("x-pitchey-service")).toBe("auth@stable");
    expect(r.headers.get("cache-control")).toContain("no-store");
    const d = r.json.data;
    expect(Object.keys(d).sort()).toEqual(["accessToken", "expiresIn", "refreshToken", "user"]);
    expect(Object.keys(d.user).sort()).toEqual(USER_KEYS);
    expect(d.user).toMatchObject({ email: email.toLowerCase(), name: "Ann Lee", role: "production", companyName: "Lee Films" });
    expect(d.user.id).toMatch(/^[1-9][0-9]*$/);
    expect(new Date(d.user.createdAt).toISOString()).toBe(d.user.createdAt);
    expect(d.expiresIn).toBe(900);
    expect(d.accessToken.split(".")).toHaveLength(3);
    expect(d.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.json.meta.requestId).toBe(r.headers.get("x-request-id"));

    const me = await call("GET", "/api/auth/me", { token: d.accessToken });
    expect(me.status).toBe(200);
    expect(me.json.data.user).toEqual(d.user);
  });

  it("leaves companyName null when not given", async () => {
    const u = await signUp("creator");
    expect(u.user.companyName).toBeNull();
    expect(u.user.role).toBe("creator");
  });

  it("refuses any role but creator, investor, production (400 naming role)", async () => {
    for (const role of ["admin", "Creator", "", null, 1]) {
      const r = await call("POST", "/api/auth/register", { body: { email: fresh(), password: "long enough pw", name: "X", role } });
      expect(r.status, String(role)).toBe(400);
      expect(r.json.code).toBe("VALIDATION_FAILED");
      expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["role"]);
    }
  });

  it("names every missing or invalid field", async () => {
    const r = await call("POST", "/api/auth/register", { body: {} });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "name", "password", "role"]);
    const bad = await call("POST", "/api/auth/register", { body: { email: "not-an-email", password: "short", name: "  ", role: "creator", isAdmin: true } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "isAdmin", "name", "password"]);
  });

  it("accepts a 10-character password and refuses 9", async () => {
    expect((await call("POST", "/api/auth/register", { body: { email: fresh(), password: "123456789", name: "X", role: "creator" } })).status).toBe(400);
    expect((await call("POST", "/api/auth/register", { body: { email: fresh(), password: "1234567890", name: "X", role: "creator" } })).status).toBe(201);
  });

  it("answers a taken email with 409, whatever its case", async () => {
    const u = await signUp("investor");
    const r = await call("POST", "/api/auth/register", { body: { email: u.email.toUpperCase(), password: "another password", name: "Y", role: "creator" } });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe("CONFLICT");
    expect(r.json.errors).toEqual([{ path: "email", message: "is already registered" }]);
    // The original account is untouched.
    await expect(login(u.email, u.password)).resolves.toMatchObject({ user: { id: u.user.id, role: "investor" } });
  });
});

describe("POST /api/auth/login", () => {
  it("signs in with the same shape as register, in a new session", async () => {
    const u = await signUp("investor", { companyName: "Acme Capital" });
    const r = await call("POST", "/api/auth/login", { body: { email: u.email.toUpperCase(), password: u.password } });
    expect(r.status).toBe(200);
    expect(r.json.data.user).toEqual(u.user);
    expect(r.json.data.expiresIn).toBe(900);
    expect(r.json.data.refreshToken).not.toBe(u.refreshToken);
    expect((await call("GET", "/api/auth/me", { token: r.json.data.accessToken })).status).toBe(200);
    // The first session still works too.
    expect((await call("GET", "/api/auth/me", { token: u.accessToken })).status).toBe(200);
  });

  it("gives one status and one body for an unknown email and a wrong password", async () => {
    const u = await signUp("creator");
    const ip = { "cf-connecting-ip": `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
    const wrong = await call("POST", "/api/auth/login", { body: { email: u.email, password: "not the password" }, headers: ip });
    const unknown = await call("POST", "/api/auth/login", { body: { email: fresh("nobody"), password: "not the password" }, headers: ip });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.code).toBe("UNAUTHENTICATED");
    expect(withoutRequestId(wrong.json)).toEqual(withoutRequestId(unknown.json));
    expect(wrong.json.detail).toBe("The email or password is incorrect.");
  });

  it("refuses malformed input with 400", async () => {
    const r = await call("POST", "/api/auth/login", { body: { email: "someone@example.com" } });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["password"]);
  });
});

describe("portal logins", () => {
  it("admit only the portal's own role (403 otherwise, after the password is checked)", async () => {
    const users = { creator: await signUp("creator"), investor: await signUp("investor"), production: await signUp("production") };
    for (const portal of ["creator", "investor", "production"] as const) {
      for (const [role, u] of Object.entries(users)) {
        const r = await call("POST", `/api/auth/${portal}/login`, { body: { email: u.email, password: u.password } });
        if (role === portal) {
          expect(r.status, `${role} at ${portal}`).toBe(200);
          expect(r.json.data.user.role).toBe(portal);
        } else {
          expect(r.status, `${role} at ${portal}`).toBe(403);
          expect(r.json.code).toBe("FORBIDDEN");
          expect(r.text).not.toContain("accessToken");
        }
      }
    }
    // A wrong password at the wrong portal is a 401: the role is not revealed to a guesser.
    const r = await call("POST", "/api/auth/creator/login", { body: { email: users.investor.email, password: "wrong password" } });
    expect(r.status).toBe(401);
  });
});

describe("GET /api/auth/me", () => {
  it("needs a token: 401 with WWW-Authenticate", async () => {
    const r = await call("GET", "/api/auth/me");
    expect(r.status).toBe(401);
    expect(r.json.code).toBe("UNAUTHENTICATED");
    expect(r.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("refuses a malformed Authorization header", async () => {
    for (const authorization of ["Bearer", "Basic dXNlcjpwYXNz", "Bearer a.b.c", "bearer ", "Token abc"]) {
      const r = await call("GET", "/api/auth/me", { headers: { authorization } });
      expect(r.status, authorization).toBe(401);
    }
  });

  it("records the verification and the revocation check in Server-Timing", async () => {
    const u = await signUp("creator");
    const r = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(r.headers.get("server-timing")).toMatch(/jwt;dur=[0-9.]+, revocation;dur=[0-9.]+;desc="redis"/);
  });
});

describe("POST /api/auth/refresh", () => {
  it("rotates: a new pair, the old refresh token spent", async () => {
    const u = await signUp("creator");
    const r = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect(r.status).toBe(200);
    expect(r.json.data.user).toEqual(u.user);
    expect(r.json.data.refreshToken).not.toBe(u.refreshToken);
    expect(r.json.data.accessToken).not.toBe(u.accessToken);
    expect((await call("GET", "/api/auth/me", { token: r.json.data.accessToken })).status).toBe(200);
    const again = await call("POST", "/api/auth/refresh", { body: { refreshToken: r.json.data.refreshToken } });
    expect(again.status).toBe(200);
  });

  it("treats a spent refresh token as theft once the grace is over: the whole session is revoked", async () => {
    const u = await signUp("investor");
    const rotated = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect(rotated.status).toBe(200);
    const { accessToken, refreshToken } = rotated.json.data;
    expect((await call("GET", "/api/auth/me", { token: accessToken })).status).toBe(200);
    await endGrace(u.refreshToken);

    const reuse = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.json.code).toBe("UNAUTHENTICATED");
    // Every token of that session is dead on the very next request: both access tokens and the newest refresh token.
    expect((await call("GET", "/api/auth/me", { token: accessToken })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { token: u.accessToken })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken } })).status).toBe(401);
    // Other sessions of the same user are not touched.
    const other = await login(u.email, u.password);
    expect((await call("GET", "/api/auth/me", { token: other.accessToken })).status).toBe(200);
  });

  it("two concurrent uses of a token (two tabs): both 200 with the same pair, and the session lives", async () => {
    const u = await signUp("creator");
    const [a, b] = await Promise.all([0, 1].map(() => call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(b!.json.data.refreshToken).toBe(a!.json.data.refreshToken);
    expect(b!.json.data.accessToken).toBe(a!.json.data.accessToken);
    expect(b!.json.data.user).toEqual(a!.json.data.user);
    expect((await call("GET", "/api/auth/me", { token: a!.json.data.accessToken })).status).toBe(200);
    expect((await call("GET", "/api/auth/me", { token: u.accessToken })).status).toBe(200);
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: a!.json.data.refreshToken } })).status).toBe(200);
  });

  it("a lost response: the same token again within the grace gets the same pair, not a second one", async () => {
    const u = await signUp("production");
    const first = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    const retry = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.json.data.refreshToken).toBe(first.json.data.refreshToken);
    expect(retry.json.data.accessToken).toBe(first.json.data.accessToken);
    expect(retry.json.data.expiresIn).toBeLessThanOrEqual(first.json.data.expiresIn);
    expect(retry.json.data.expiresIn).toBeGreaterThan(900 - 15);
    // The pair works, and the session goes on as usual.
    const next = await call("POST", "/api/auth/refresh", { body: { refreshToken: retry.json.data.refreshToken } });
    expect(next.status).toBe(200);
    expect((await call("GET", "/api/auth/me", { token: next.json.data.accessToken })).status).toBe(200);
  });

  it("inside the grace, only the immediately previous token is forgiven: an older one revokes the session", async () => {
    const u = await signUp("creator");
    const second = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    const third = await call("POST", "/api/auth/refresh", { body: { refreshToken: second.json.data.refreshToken } });
    expect(third.status).toBe(200);
    // The first token's successor is spent: whoever presents it again is not the one who went on.
    const reuse = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect(reuse.status).toBe(401);
    expect((await call("GET", "/api/auth/me", { token: third.json.data.accessToken })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: second.json.data.refreshToken } })).status).toBe(401);
  });

  it("keeps no refresh token in clear: the spent row holds only the successor's hash and a sealed grant", async () => {
    const u = await signUp("investor");
    const r = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    const next = r.json.data.refreshToken as string;
    const rows = (await sql().query("select token_hash, successor_hash, successor_sealed from auth.refresh_tokens where session_id = $1::uuid", [
      sidOf(u.accessToken),
    ])) as Record<string, string | null>[];
    expect(rows).toHaveLength(2);
    for (const row of rows) for (const v of Object.values(row)) expect(String(v)).not.toContain(next);
    const spent = rows.find((x) => x.successor_hash !== null)!;
    expect(spent.successor_hash).toBe(await tokenHash(next));
    expect(spent.successor_sealed!.length).toBeGreaterThan(next.length);
  });

  it("refuses an unknown token (401) and a malformed one (400)", async () => {
    const unknown = await call("POST", "/api/auth/refresh", { body: { refreshToken: "A".repeat(43) } });
    expect(unknown.status).toBe(401);
    const malformed = await call("POST", "/api/auth/refresh", { body: { refreshToken: "short" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].path).toBe("refreshToken");
    expect((await call("POST", "/api/auth/refresh", { body: {} })).status).toBe(400);
  });

  it("ignores a stale Authorization header sent along (the body carries the credential)", async () => {
    const u = await signUp("creator");
    const r = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken }, headers: { authorization: "Bearer expired.or.garbage" } });
    expect(r.status).toBe(200);
  });
});

describe("POST /api/auth/logout", () => {
  it("ends the session: 204, then the same access token and the refresh token are refused", async () => {
    const u = await signUp("production");
    const other = await login(u.email, u.password);
    const out = await call("POST", "/api/auth/logout", { token: u.accessToken });
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    const me = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(me.status).toBe(401);
    expect(me.json.detail).toContain("session has ended");
    // Refused on every route, not only auth's.
    expect((await call("GET", "/api/health/live", { token: u.accessToken })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(401);
    // A second logout with the dead token is a 401; the user's other session lives on.
    expect((await call("POST", "/api/auth/logout", { token: u.accessToken })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { token: other.accessToken })).status).toBe(200);
  });

  it("needs a signed-in user", async () => {
    const r = await call("POST", "/api/auth/logout");
    expect(r.status).toBe(401);
    expect(r.json.code).toBe("UNAUTHENTICATED");
  });
});
