// Access tokens signed with the key the Worker is configured with (its JWT_PRIVATE_JWK binding), checked
// against its JWT_PUBLIC_JWKS; refresh tokens and session ids are the unit tier's (tokens.unit.spec.ts).
import { env } from "cloudflare:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN } from "@pitchey/contracts";
import { signAccessToken, signingKey } from "./tokens";

const e = env as unknown as { JWT_PRIVATE_JWK: string; JWT_PUBLIC_JWKS: string };
const who = { sub: "42", role: "creator" as const, sid: "8d7d3c52-2f0e-4a55-9a57-2b6f1ab1c2a1" };

describe("access tokens", () => {
  it("are EdDSA JWTs with the key's kid, typ at+jwt, and the claims the gateway checks", async () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const token = await signAccessToken(who, e.JWT_PRIVATE_JWK, { now });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", kid: JSON.parse(e.JWT_PRIVATE_JWK).kid, typ: "at+jwt" });
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(e.JWT_PUBLIC_JWKS)), {
      algorithms: ["EdDSA"],
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      currentDate: new Date(now + 60_000),
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
