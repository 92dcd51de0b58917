// The key material the Workers read from their secrets: the auth service's Ed25519 signing key (a JWK
// with its kid, imported by jws.ts), the public keys the gateway accepts (JWKS), and the identity HMAC
// secret every service shares (identity.ts). Made here, beside the code that reads them, with WebCrypto
// only: `npm run secrets` (ops/src/secrets.ts) prints a set for a rotation (docs/operations.md); local
// development (.dev.vars) and the tests make theirs the same way. Nothing here is ever committed.

export interface Secrets {
  /** The auth service's private signing key (JWK JSON, with kid). */
  JWT_PRIVATE_JWK: string;
  /** The public keys the gateway accepts (JWKS JSON): the current one, plus any being rotated out. */
  JWT_PUBLIC_JWKS: string;
  IDENTITY_HMAC_SECRET: string;
}

/** A new signing key pair with key id `kid` (it must differ from every key in use) and a new HMAC secret. */
export async function generateSecrets(kid: string): Promise<Secrets> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = async (key: CryptoKey) => {
    // Only the key itself: WebCrypto's key_ops and ext would restrict what an importer may do with it.
    const { kty, crv, x, d } = (await crypto.subtle.exportKey("jwk", key)) as JsonWebKey;
    return { kty, crv, x, ...(d ? { d } : {}), kid, alg: "EdDSA", use: "sig" };
  };
  return {
    JWT_PRIVATE_JWK: JSON.stringify(await jwk(pair.privateKey)),
    JWT_PUBLIC_JWKS: JSON.stringify({ keys: [await jwk(pair.publicKey)] }),
    IDENTITY_HMAC_SECRET: base64url(crypto.getRandomValues(new Uint8Array(32))),
  };
}

// (encoding.ts has the same; its other helpers do not typecheck under the DOM library Node tools use.)
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
