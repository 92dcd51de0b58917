// Tokens the auth service issues: Ed25519-signed access JWTs (WebCrypto, packages/http jws.ts) and
// opaque refresh tokens that are stored only as their SHA-256.
import { ACCESS_TOKEN, type Identity } from "@pitchey/contracts";
import { bytesToBase64url, importSigningKey, perSource, sha256, signJws, type KeyWithId } from "@pitchey/http";

// Imported once per isolate: a CryptoKey is not an I/O object, so sharing it across requests is safe.
const keyOf = perSource((source) => importSigningKey(source, "JWT_PRIVATE_JWK"));

/** The private key from JWT_PRIVATE_JWK (a JWK with its kid); throws when it is missing or unusable. */
export function signingKey(privateJwk: string | undefined): Promise<KeyWithId> {
  if (!privateJwk) return Promise.reject(new Error("JWT_PRIVATE_JWK is not set"));
  return keyOf(privateJwk);
}

/** A 15-minute access token: sub, role, sid, jti, iat, exp, iss, aud, and staff `flags` when the
 *  account has any; `kid` names the key. The same claims (`now` to the second, `jti`) and key give
 *  the same token: Ed25519 is deterministic (the refresh grace re-issues a pair byte for byte). */
export async function signAccessToken(
  who: Identity,
  privateJwk: string | undefined,
  { now = Date.now(), jti = crypto.randomUUID(), flags = [] }: { now?: number; jti?: string; flags?: readonly string[] } = {},
): Promise<string> {
  const { key, kid } = await signingKey(privateJwk);
  const iat = Math.floor(now / 1000);
  return signJws(
    { alg: "EdDSA", kid, typ: ACCESS_TOKEN.type },
    {
      role: who.role,
      sid: who.sid,
      ...(flags.length ? { flags: [...flags] } : {}),
      sub: who.sub,
      jti,
      iss: ACCESS_TOKEN.issuer,
      aud: ACCESS_TOKEN.audience,
      iat,
      exp: iat + ACCESS_TOKEN.ttlSeconds,
    },
    key,
  );
}

/** 32 random bytes, base64url: 256 bits nobody can guess. */
export function newRefreshToken(): string {
  return bytesToBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** What the database keeps instead of the token: a leaked table hands out no usable tokens. */
export async function hashRefreshToken(token: string): Promise<string> {
  return bytesToBase64url(await sha256(token));
}

/** A session id: random and unguessable, since it names the session in tokens and Redis keys. */
export const newSessionId = (): string => crypto.randomUUID();
