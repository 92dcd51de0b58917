// Local-only secrets: an Ed25519 signing key for access tokens and the gateway's identity HMAC secret.
// Production values come from `wrangler secret put`; nothing here is ever committed.
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";

export interface DevSecrets {
  /** The auth service's private signing key (JWK JSON, with kid). */
  JWT_PRIVATE_JWK: string;
  /** The public keys the gateway accepts (JWKS JSON): the current one, plus any being rotated out. */
  JWT_PUBLIC_JWKS: string;
  IDENTITY_HMAC_SECRET: string;
}

export async function generateSecrets(kid = `local-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString("hex")}`): Promise<DevSecrets> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const priv = { ...(await exportJWK(privateKey)), kid, alg: "EdDSA", use: "sig" };
  const pub = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return {
    JWT_PRIVATE_JWK: JSON.stringify(priv),
    JWT_PUBLIC_JWKS: JSON.stringify({ keys: [pub] }),
    IDENTITY_HMAC_SECRET: randomBytes(32).toString("base64url"),
  };
}
