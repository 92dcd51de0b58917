// Refresh grace: a refresh whose response is lost, or two tabs refreshing at once, must not look like
// theft. For REFRESH_GRACE_SECONDS after a token is spent, presenting it again returns the very same
// new pair — provided its successor is still unspent (so it is the immediately previous token) and the
// session is live; any other reuse still revokes the session (auth.routes.ts).
//
// The same pair without storing a plaintext token: the spent token's row keeps its successor, with the
// access token's iat and jti, sealed (AES-GCM) under a key derived by HKDF from the spent token — which
// only its holder has (the database keeps its SHA-256). Ed25519 signatures are deterministic, so the
// same claims signed with the same key give the same access token, byte for byte.
import { base64urlToBytes, bytesToBase64url } from "@pitchey/http";

/** What the second answer needs to repeat the first. */
export interface Grant {
  /** The successor refresh token. */
  token: string;
  /** The access token's iat (epoch seconds) and jti. */
  iat: number;
  jti: string;
}

const enc = new TextEncoder();
const SALT = enc.encode("pitchey/refresh-grace/v1");

async function keyFrom(presented: string, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey("raw", enc.encode(presented), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: SALT, info: enc.encode("successor") }, ikm, { name: "AES-GCM", length: 256 }, false, [
    usage,
  ]);
}

/** `iv ‖ ciphertext`, base64url: the grant, readable only with the token it is sealed under. */
export async function sealGrant(presented: string, grant: Grant): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await keyFrom(presented, "encrypt"), enc.encode(JSON.stringify(grant))));
  const out = new Uint8Array(iv.length + ct.length);
  out.set(iv);
  out.set(ct, iv.length);
  return bytesToBase64url(out);
}

/** The grant, or null when `sealed` was not sealed under this token (or was altered). */
export async function openGrant(presented: string, sealed: string): Promise<Grant | null> {
  try {
    const bytes = base64urlToBytes(sealed);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, 12) }, await keyFrom(presented, "decrypt"), bytes.subarray(12));
    const g = JSON.parse(new TextDecoder().decode(plain)) as Grant;
    return typeof g.token === "string" && Number.isSafeInteger(g.iat) && typeof g.jti === "string" ? g : null;
  } catch {
    return null;
  }
}
