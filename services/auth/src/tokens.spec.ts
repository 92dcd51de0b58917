import { env } from "cloudflare:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN } from "@pitchey/contracts";
import { hashRefreshToken, newRefreshToken, newSessionId, signAccessToken, signingKey } from "./tokens";

const e = env as unknown as { JWT_PRIVATE_JWK: string; JWT_PUBLIC_JWKS: string };
const who = { sub: "42", role: "creator" as const, sid: "8d7d3c52-2f0e-4a55-9a57-2b6f1ab1c2a1" };

describe("access tokens", () => {
  it("are EdDSA JWTs with the key's kid, typ at+jwt, and the claims the gateway checks", async () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const token = await signAccessToken(who, e.JWT_PRIVATE_JWK, { now });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", kid: JSON.parse(e.JWT_PRIVATE_JWK).kid, typ: "at+jwt" });
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(e.JWT_PUBLIC_JWKS)), {
      algorithms: ["EdDSA"], issuer: ACCESS_TOKEN.issuer, audience: ACCESS_TOKEN.audience, currentDate: new Date(now + 60_000),
    });
    expect(payload).toMatchObject({ sub: "42", role: "creator", sid: who.sid, iat: now / 1000, exp: now / 1000 + 900 });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("carry a fresh jti each time", async () => {
    const [a, b] = await Promise.all([signAccessToken(who, e.JWT_PRIVATE_JWK), signAccessToken(who, e.JWT_PRIVATE_JWK)]);
    const jti = (t: string) => JSON.parse(atob(t.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).jti;
    expect(jti(a)).not.toBe(jti(b));
  });

  it("cannot be signed without a usable Ed25519 private key with a kid", async () => {
    await expect(signAccessToken(who, undefined)).rejects.toThrow(/JWT_PRIVATE_JWK is not set/);
    const { kid: _kid, ...noKid } = JSON.parse(e.JWT_PRIVATE_JWK);
    await expect(signingKey(JSON.stringify(noKid))).rejects.toThrow(/no kid/);
    const { d: _d, ...publicOnly } = JSON.parse(e.JWT_PRIVATE_JWK);
    await expect(signingKey(JSON.stringify(publicOnly))).rejects.toThrow(/Ed25519 private JWK/);
    // A bad secret does not stick: the good one works right after.
    await expect(signAccessToken(who, e.JWT_PRIVATE_JWK)).resolves.toMatch(/^ey/);
  });

  it("import the key once per isolate", async () => {
    expect(signingKey(e.JWT_PRIVATE_JWK)).toBe(signingKey(e.JWT_PRIVATE_JWK));
  });
});

describe("refresh tokens", () => {
  it("are 32 random bytes in base64url, never repeated", () => {
    const tokens = new Set(Array.from({ length: 200 }, newRefreshToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their SHA-256, which is deterministic and reveals nothing of the token", async () => {
    const t = newRefreshToken();
    const h = await hashRefreshToken(t);
    expect(h).toBe(await hashRefreshToken(t));
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h).not.toBe(t);
    // sha256("abc"), base64url
    expect(await hashRefreshToken("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("session ids are random UUIDs", () => {
    expect(newSessionId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newSessionId()).not.toBe(newSessionId());
  });
});
