// Attacks on tokens and identity, hostile input on every auth field, and what responses must never
// contain. Every forged token has a positive control: the same harness with the real key passes.
import { env } from "cloudflare:test";
import { SignJWT, base64url, generateKeyPair, importJWK, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { IDENTITY_HEADER, signCaller } from "@pitchey/http";
import { call, signUp, type TestUser } from "./helpers";

const secrets = env as unknown as { JWT_PRIVATE_JWK: string; JWT_PUBLIC_JWKS: string; IDENTITY_HMAC_SECRET: string; AUTH: Fetcher };
const privateJwk = JSON.parse(secrets.JWT_PRIVATE_JWK) as JWK & { kid: string };
const now = () => Math.floor(Date.now() / 1000);

interface Forge {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  key?: CryptoKey | Uint8Array;
  alg?: string;
}

let victim: TestUser;
let realKey: CryptoKey;

/** A token for the victim's real session, signed as told (by default exactly as the auth service would). */
async function forge(f: Forge = {}): Promise<string> {
  const claims = JSON.parse(atob(victim.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
  const alg = f.alg ?? "EdDSA";
  return new SignJWT({ ...claims, jti: crypto.randomUUID(), iat: now(), exp: now() + 600, ...f.claims })
    .setProtectedHeader({ alg, kid: privateJwk.kid, typ: "at+jwt", ...f.header } as never)
    .sign(f.key ?? realKey);
}

const me = (token: string) => call("GET", "/api/auth/me", { token });

beforeAll(async () => {
  victim = await signUp("investor");
  realKey = (await importJWK(privateJwk, "EdDSA")) as CryptoKey;
});

describe("forged access tokens", () => {
  it("positive control: a token the test signs with the real key and claims passes", async () => {
    const r = await me(await forge());
    expect(r.status).toBe(200);
    expect(r.json.data.user.id).toBe(victim.user.id);
  });

  it('refuses alg "none"', async () => {
    const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(victim.accessToken.split(".")[1]!)));
    for (const sig of ["", "x"]) {
      const token = `${enc({ alg: "none", kid: privateJwk.kid, typ: "at+jwt" })}.${enc({ ...claims, role: "creator" })}.${sig}`;
      const r = await me(token);
      expect(r.status).toBe(401);
      expect(r.json.code).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses HS256 signed with the public key as the secret", async () => {
    const pub = JSON.parse(secrets.JWT_PUBLIC_JWKS).keys[0] as JWK;
    const candidates = [
      new TextEncoder().encode(secrets.JWT_PUBLIC_JWKS),
      new TextEncoder().encode(JSON.stringify(pub)),
      base64url.decode(pub.x!),
      new TextEncoder().encode(pub.x!),
    ];
    for (const secret of candidates) {
      const r = await me(await forge({ alg: "HS256", key: secret }));
      expect(r.status).toBe(401);
    }
  });

  it("refuses a tampered payload (role or subject changed after signing)", async () => {
    const [h, p, s] = victim.accessToken.split(".") as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
    for (const change of [{ role: "creator" }, { sub: String(Number(victim.user.id) + 1) }, { exp: now() + 86_400 }]) {
      const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, ...change }))}.${s}`;
      expect((await me(tampered)).status).toBe(401);
    }
    // And a flipped signature byte.
    const sig = base64url.decode(s);
    sig[0]! ^= 1;
    expect((await me(`${h}.${p}.${base64url.encode(sig)}`)).status).toBe(401);
  });

  it("refuses an expired token, and says so", async () => {
    const r = await me(await forge({ claims: { iat: now() - 1_000, exp: now() - 100 } }));
    expect(r.status).toBe(401);
    expect(r.json.detail).toContain("expired");
    expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses a token signed by another Ed25519 key under the same kid", async () => {
    const other = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    expect((await me(await forge({ key: other.privateKey }))).status).toBe(401);
  });

  it("refuses an unknown kid and a missing kid, even when the signature is good", async () => {
    expect((await me(await forge({ header: { kid: "rotated-out-key" } }))).status).toBe(401);
    expect((await me(await forge({ header: { kid: undefined } }))).status).toBe(401);
  });

  it("refuses the wrong typ, issuer, audience, a far-future expiry and a claim of the wrong shape", async () => {
    const cases: Forge[] = [
      { header: { typ: "JWT" } },
      { claims: { iss: "someone-else" } },
      { claims: { aud: "another-api" } },
      { claims: { exp: now() + 86_400 } },
      { claims: { role: "admin" } },
      { claims: { sid: "not-a-uuid" } },
      { claims: { sub: "alice" } },
    ];
    for (const c of cases) expect((await me(await forge(c))).status, JSON.stringify(c)).toBe(401);
  });
});

describe("the identity header", () => {
  it("is ignored when a client sends it to the gateway, even with a valid signature", async () => {
    const requestId = `attack-${crypto.randomUUID()}`;
    const forged = await signCaller(
      { user: { sub: victim.user.id, role: "investor", sid: crypto.randomUUID() }, client: "1.2.3.4" },
      requestId,
      secrets.IDENTITY_HMAC_SECRET,
    );
    const r = await call("GET", "/api/auth/me", { headers: { [IDENTITY_HEADER]: forged, "x-request-id": requestId } });
    expect(r.status).toBe(401);
  });

  it("is required, validly signed, by the auth service itself (a request that skipped the gateway)", async () => {
    const direct = (headers: Record<string, string>) => secrets.AUTH.fetch("https://pitchey-auth.internal/api/auth/me", { headers });
    const requestId = `direct-${crypto.randomUUID()}`;
    const user = { sub: victim.user.id, role: "investor" as const, sid: crypto.randomUUID() };

    expect((await direct({})).status).toBe(401);
    expect((await direct({ [IDENTITY_HEADER]: "v1.e30.AAAA", "x-request-id": requestId })).status).toBe(401);
    const wrongSecret = await signCaller({ user, client: "x" }, requestId, "not-the-secret");
    expect((await direct({ [IDENTITY_HEADER]: wrongSecret, "x-request-id": requestId })).status).toBe(401);
    const good = await signCaller({ user, client: "x" }, requestId, secrets.IDENTITY_HMAC_SECRET);
    // Replayed onto another request id: refused.
    expect((await direct({ [IDENTITY_HEADER]: good, "x-request-id": `other-${requestId}` })).status).toBe(401);
    // Tampered payload (MAC no longer matches).
    const [v, payload, mac] = good.split(".");
    const evil = base64url.encode(
      JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(payload!))), u: { ...user, sub: String(Number(user.sub) + 1) } }),
    );
    expect((await direct({ [IDENTITY_HEADER]: `${v}.${evil}.${mac}`, "x-request-id": requestId })).status).toBe(401);
    const logout = await secrets.AUTH.fetch("https://pitchey-auth.internal/api/auth/logout", { method: "POST" });
    expect(logout.status).toBe(401);
    // Positive control: the gateway's real signature is accepted.
    const ok = await direct({ [IDENTITY_HEADER]: good, "x-request-id": requestId });
    expect(ok.status).toBe(200);
  });
});

describe("hostile input", () => {
  const SQLI = ["' OR '1'='1", "'; DROP TABLE auth.users; --", '" OR 1=1 --', "admin'--", "1; SELECT pg_sleep(5)", "$1", "\\'; --"];
  const big = "x".repeat(10 * 1024);
  const paths = (r: { json: { errors?: { path: string }[] } }) => (r.json.errors ?? []).map((e) => e.path);

  it("stores SQL-looking names, company names and passwords verbatim", async () => {
    for (const s of SQLI) {
      const password = `${s}-padding-to-ten`;
      const u = await signUp("creator", { name: s, companyName: s, password });
      expect(u.user.name).toBe(s.trim());
      expect(u.user.companyName).toBe(s.trim());
      const again = await call("POST", "/api/auth/login", { body: { email: u.email, password } });
      expect(again.status).toBe(200);
    }
  });

  it("refuses SQL-looking emails and refresh tokens as invalid (400), and never matches anyone", async () => {
    for (const s of SQLI) {
      const reg = await call("POST", "/api/auth/register", { body: { email: s, password: "long enough pw", name: "X", role: "creator" } });
      expect(reg.status).toBe(400);
      expect(paths(reg)).toEqual(["email"]);
      const log = await call("POST", "/api/auth/login", { body: { email: s, password: s } });
      expect(log.status).toBe(400);
      const ref = await call("POST", "/api/auth/refresh", { body: { refreshToken: s } });
      expect(ref.status).toBe(400);
      // A valid email with an injection as password is just a wrong password.
      const wrong = await call("POST", "/api/auth/login", { body: { email: victim.email, password: s }, headers: { "cf-connecting-ip": "203.0.113.77" } });
      expect(wrong.status).toBe(401);
    }
    const me = await call("GET", "/api/auth/me", { token: victim.accessToken });
    expect(me.status).toBe(200);
  });

  it("answers a 10 kB string in any field with a 400 naming that field", async () => {
    const reg = { email: `ok-${crypto.randomUUID()}@test.pitchey.dev`, password: "long enough pw", name: "X", role: "creator", companyName: "Co" };
    for (const field of Object.keys(reg)) {
      const r = await call("POST", "/api/auth/register", { body: { ...reg, [field]: field === "email" ? `${big}@test.pitchey.dev` : big } });
      expect(r.status, field).toBe(400);
      expect(paths(r), field).toEqual([field]);
    }
    for (const field of ["email", "password"]) {
      const body = { email: victim.email, password: "whatever pw", [field]: field === "email" ? `${big}@x.com` : big };
      const r = await call("POST", "/api/auth/login", { body });
      expect(r.status, field).toBe(400);
      expect(paths(r)).toEqual([field]);
      const portal = await call("POST", "/api/auth/investor/login", { body });
      expect(portal.status, field).toBe(400);
    }
    const ref = await call("POST", "/api/auth/refresh", { body: { refreshToken: big } });
    expect(ref.status).toBe(400);
    expect(paths(ref)).toEqual(["refreshToken"]);
    // A 10 kB bearer token is a 401, not a crash.
    expect((await call("GET", "/api/auth/me", { token: big })).status).toBe(401);
  });

  it("refuses malformed JSON, non-objects and the wrong content type", async () => {
    for (const path of ["/api/auth/register", "/api/auth/login", "/api/auth/creator/login", "/api/auth/refresh"]) {
      const bad = await call("POST", path, { raw: '{"email": "a@b.co",', headers: { "content-type": "application/json" } });
      expect(bad.status, path).toBe(400);
      expect(bad.json.code).toBe("MALFORMED_JSON");
      for (const raw of ["[]", '"text"', "42", "null"]) {
        const r = await call("POST", path, { raw, headers: { "content-type": "application/json" } });
        expect(r.status, `${path} ${raw}`).toBe(400);
        expect(r.json.code).toBe("VALIDATION_FAILED");
      }
      const form = await call("POST", path, { raw: "email=a@b.co", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(form.status).toBe(415);
    }
  });
});

describe("responses never carry a password or its hash", () => {
  it("across register, login, portal login, refresh, me and errors", async () => {
    const password = `secret-${crypto.randomUUID()}`;
    const email = `leak-${crypto.randomUUID()}@test.pitchey.dev`;
    const texts: string[] = [];
    const reg = await call("POST", "/api/auth/register", { body: { email, password, name: "Leak Check", role: "creator" } });
    texts.push(reg.text);
    const log = await call("POST", "/api/auth/login", { body: { email, password } });
    texts.push(log.text);
    texts.push((await call("POST", "/api/auth/creator/login", { body: { email, password } })).text);
    texts.push((await call("POST", "/api/auth/investor/login", { body: { email, password } })).text);
    texts.push((await call("POST", "/api/auth/refresh", { body: { refreshToken: log.json.data.refreshToken } })).text);
    texts.push((await call("GET", "/api/auth/me", { token: reg.json.data.accessToken })).text);
    texts.push((await call("POST", "/api/auth/register", { body: { email, password, name: "Dup", role: "creator" } })).text);
    texts.push((await call("POST", "/api/auth/login", { body: { email, password: "wrong password" }, headers: { "cf-connecting-ip": "203.0.113.78" } })).text);
    for (const t of texts) {
      expect(t).not.toMatch(/pbkdf2|password_?hash|passwordHash/i);
      expect(t).not.toContain(password);
    }
    expect(texts).toHaveLength(8);
  });
});
