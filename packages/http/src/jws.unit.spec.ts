// The keys both sides load from their secrets: auth's signing key and the gateway's key ring apply the
// same rule (unfitJwk); a signing key that passes is verified by the ring made of its public part.
import { describe, expect, it } from "vitest";
import { decodeJws, importKeyRing, importSigningKey, signJws, unfitJwk, type Ed25519Jwk } from "./jws";

async function newJwk(kid?: string): Promise<Ed25519Jwk> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as Ed25519Jwk;
  return kid ? { ...jwk, kid } : jwk;
}

describe("Ed25519 keys from secrets", () => {
  it("signs with a private JWK's key and verifies with the ring of its public part, by kid", async () => {
    const jwk = await newJwk("k1");
    const { key, kid } = await importSigningKey(JSON.stringify(jwk));
    const ring = await importKeyRing(JSON.stringify({ keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid }] }));
    const token = await signJws({ alg: "EdDSA", kid }, { sub: "1" }, key);
    expect(await decodeJws(token)!.verify(ring.get("k1")!)).toBe(true);
  });

  it("the same rule on both sides: a signing key refuses, a ring passes over", async () => {
    const jwk = await newJwk("k2");
    const { d: _d, ...publicOnly } = jwk;
    const { kid: _kid, ...noKid } = jwk;
    expect(unfitJwk(jwk, "sign")).toBeNull();
    expect(unfitJwk(publicOnly, "sign")).toBe("is not an Ed25519 private JWK");
    expect(unfitJwk(noKid, "verify")).toBe("has no kid; tokens name their key by it");
    await expect(importSigningKey(JSON.stringify(publicOnly), "JWT_PRIVATE_JWK")).rejects.toThrow("JWT_PRIVATE_JWK is not an Ed25519 private JWK");
    await expect(importSigningKey(JSON.stringify(noKid), "JWT_PRIVATE_JWK")).rejects.toThrow("JWT_PRIVATE_JWK has no kid");
    const rsa = { kty: "RSA", kid: "r", n: "x", e: "AQAB" };
    const ring = await importKeyRing(JSON.stringify({ keys: [rsa, noKid, jwk] }));
    expect([...ring.keys()]).toEqual(["k2"]);
    expect(ring.get("k2")!.type).toBe("public");
    expect((await importKeyRing("")).size).toBe(0);
  });
});
