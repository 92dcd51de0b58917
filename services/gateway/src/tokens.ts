// Access-token verification at the gateway, with public keys only (docs/architecture.md#identity): the compact JWS, alg
// EdDSA only (no "none", no HMAC made with a public key), typ at+jwt, the key id, the Ed25519
// signature through WebCrypto, issuer, audience, expiry and age; then the claims' shape. No JWT
// library: these few checks are the whole of what the gateway accepts, and a library would be most of
// its bundle. JWT_PUBLIC_JWKS may hold several keys while one is rotated in (docs/operations.md).
import type { AccessClaims } from "@pitchey/contracts";
import { ACCESS_TOKEN, STAFF_FLAGS } from "@pitchey/contracts/constants";
import { decodeJws, HttpError, importKeyRing, perSource, type KeyRing } from "@pitchey/http";

/** Seconds of clock difference tolerated between the auth service and the gateway. */
const CLOCK_TOLERANCE_S = 30;

const ringOf = perSource(importKeyRing);

/** The public keys by kid, imported once per isolate. Only Ed25519 keys with a kid are taken, and
 *  only their public part. */
export const keyRing = (jwks: string | undefined): Promise<KeyRing> => ringOf(jwks ?? "");

export const invalidToken = (detail: string) =>
  new HttpError(401, "UNAUTHENTICATED", detail, { headers: { "www-authenticate": 'Bearer realm="pitchey", error="invalid_token"' } });

const ID = /^[1-9][0-9]{0,17}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = new Set(["creator", "investor", "production"]);
const FLAGS = new Set<string>(STAFF_FLAGS);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** The claims, when every one this gateway relies on is there and well-formed. */
function claimsOf(p: Record<string, unknown>): AccessClaims | null {
  const { sub, role, sid, jti, iat, exp, flags } = p;
  if (typeof sub !== "string" || !ID.test(sub) || typeof role !== "string" || !ROLES.has(role)) return null;
  if (typeof sid !== "string" || !UUID.test(sid) || typeof jti !== "string" || !jti || !isInt(iat) || !isInt(exp)) return null;
  if (flags !== undefined && !(Array.isArray(flags) && flags.length <= FLAGS.size && flags.every((f) => typeof f === "string" && FLAGS.has(f)))) return null;
  return { sub, role: role as AccessClaims["role"], sid, jti, iat, exp, ...(flags ? { flags: flags as AccessClaims["flags"] } : {}) };
}

/** The verified claims, or a 401 that says only "invalid" or "expired". */
export async function verifyAccessToken(token: string, ring: KeyRing, now = Date.now()): Promise<AccessClaims> {
  const invalid = () => invalidToken("The access token is invalid.");
  const jws = decodeJws(token);
  if (!jws) throw invalid();
  const { header, payload } = jws;
  if (header.alg !== "EdDSA" || header.typ !== ACCESS_TOKEN.type || typeof header.kid !== "string" || header.crit !== undefined) throw invalid();
  const key = ring.get(header.kid);
  if (!key || !(await jws.verify(key))) throw invalid();
  if (payload.iss !== ACCESS_TOKEN.issuer) throw invalid();
  const aud = payload.aud;
  if (!(aud === ACCESS_TOKEN.audience || (Array.isArray(aud) && aud.includes(ACCESS_TOKEN.audience)))) throw invalid();
  const claims = claimsOf(payload);
  if (!claims) throw invalid();
  const t = Math.floor(now / 1000);
  if (payload.nbf !== undefined && (!isInt(payload.nbf) || payload.nbf > t + CLOCK_TOLERANCE_S)) throw invalid();
  if (claims.iat > t + CLOCK_TOLERANCE_S) throw invalid(); // issued in the future
  if (t - CLOCK_TOLERANCE_S >= claims.exp || t - claims.iat > ACCESS_TOKEN.ttlSeconds + 2 * CLOCK_TOLERANCE_S)
    throw invalidToken("The access token has expired; refresh it.");
  // A lifetime longer than ours was not issued by us, whatever signed it.
  if (claims.exp - claims.iat > ACCESS_TOKEN.ttlSeconds) throw invalid();
  return claims;
}
