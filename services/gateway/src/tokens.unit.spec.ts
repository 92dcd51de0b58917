import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { HttpError } from "@pitchey/http";
import { keyRing, verifyAccessToken } from "./tokens";

async function newKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" } as JWK,
    privateJwk: { ...(await exportJWK(privateKey)), kid } as JWK,
  };
}

const claims = () => ({ role: "investor", sid: crypto.randomUUID() });
async function sign(key: { kid: string; privateKey: CryptoKey }, iat = Math.floor(Date.now() / 1000)) {
  return new SignJWT(claims())
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" })
    .setSubject("7")
    .setJti(crypto.randomUUID())
    .setIssuer("pitchey-auth")
    .setAudience("pitchey-api")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 900)
    .sign(key.privateKey);
}

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof HttpError ? e.status : 500),
  );

describe("key rotation with several keys in JWT_PUBLIC_JWKS", () => {
  it("accepts tokens of every listed key and refuses a key once it is removed", async () => {
    const [oldKey, newKey_] = await Promise.all([newKey("2026-01"), newKey("2026-04")]);
    const both = await keyRing(JSON.stringify({ keys: [oldKey.publicJwk, newKey_.publicJwk] }));
    expect([...both.keys()]).toEqual(["2026-01", "2026-04"]);
    const oldToken = await sign(oldKey);
    const newToken = await sign(newKey_);
    expect((await verifyAccessToken(oldToken, both)).sub).toBe("7");
    expect((await verifyAccessToken(newToken, both)).sub).toBe("7");

    const onlyNew = await keyRing(JSON.stringify({ keys: [newKey_.publicJwk] }));
    expect(await status(verifyAccessToken(oldToken, onlyNew))).toBe(401);
    expect(await status(verifyAccessToken(newToken, onlyNew))).toBe(200);
  });

  it("takes only Ed25519 keys with a kid, and only their public part", async () => {
    const k = await newKey("with-private-part");
    const rsa = { kty: "RSA", kid: "rsa", n: "AQAB", e: "AQAB" };
    const noKid = { ...k.publicJwk, kid: undefined };
    const ring = await keyRing(JSON.stringify({ keys: [rsa, noKid, k.privateJwk] }));
    expect([...ring.keys()]).toEqual(["with-private-part"]);
    expect(ring.get("with-private-part")!.type).toBe("public");
    expect(await status(verifyAccessToken(await sign(k), ring))).toBe(200);
  });

  it("imports a key set once per isolate, and a new one when the secret changes", async () => {
    const k = await newKey("cached");
    const jwks = JSON.stringify({ keys: [k.publicJwk] });
    expect(keyRing(jwks)).toBe(keyRing(jwks));
    const other = JSON.stringify({ keys: [(await newKey("other")).publicJwk] });
    expect(keyRing(other)).not.toBe(keyRing(jwks));
  });

  it("with no keys configured refuses every token", async () => {
    const ring = await keyRing(undefined);
    expect(ring.size).toBe(0);
    expect(await status(verifyAccessToken(await sign(await newKey("any")), ring))).toBe(401);
  });

  it("refuses a token older than its lifetime even if exp was stretched, and tolerates 30 s of clock skew", async () => {
    const k = await newKey("skew");
    const ring = await keyRing(JSON.stringify({ keys: [k.publicJwk] }));
    const now = Date.now();
    const token = await sign(k, Math.floor(now / 1000));
    expect(await status(verifyAccessToken(token, ring, now + 900_000 + 20_000))).toBe(200);
    expect(await status(verifyAccessToken(token, ring, now + 900_000 + 40_000))).toBe(401);
    expect(await status(verifyAccessToken(token, ring, now - 20_000))).toBe(200);
    expect(await status(verifyAccessToken(token, ring, now - 60_000))).toBe(401);
  });
});
