// Access-token verification at the gateway, with public keys only (DESIGN §4): signature, alg (EdDSA
// only: no "none", no HMAC made with a public key), typ, issuer, audience, expiry and key id; then the
// claims' shape. JWT_PUBLIC_JWKS may hold several keys while one is rotated in (docs/operations.md).
import { errors, importJWK, jwtVerify, type JWK, type JWTHeaderParameters } from "jose";
import { ACCESS_TOKEN, AccessClaims } from "@pitchey/contracts";
import { HttpError } from "@pitchey/http";

export type KeyRing = ReadonlyMap<string, CryptoKey>;

/** Seconds of clock difference tolerated between the auth service and the gateway. */
const CLOCK_TOLERANCE_S = 30;

// Imported once per isolate and reused: CryptoKeys are not I/O objects.
let cached: { source: string; ring: Promise<KeyRing> } | undefined;

/** The public keys by kid. Only Ed25519 keys with a kid are taken, and only their public part. */
export function keyRing(jwks: string | undefined): Promise<KeyRing> {
  const source = jwks ?? "";
  if (cached?.source !== source) {
    const ring = (async () => {
      const parsed = source ? (JSON.parse(source) as { keys?: JWK[] }) : {};
      const out = new Map<string, CryptoKey>();
      for (const k of parsed.keys ?? []) {
        if (k.kty !== "OKP" || k.crv !== "Ed25519" || !k.kid || !k.x) continue;
        out.set(k.kid, (await importJWK({ kty: "OKP", crv: "Ed25519", x: k.x }, "EdDSA")) as CryptoKey);
      }
      return out as KeyRing;
    })();
    ring.catch(() => {
      if (cached?.ring === ring) cached = undefined;
    });
    cached = { source, ring };
  }
  return cached.ring;
}

export const invalidToken = (detail: string) =>
  new HttpError(401, "UNAUTHENTICATED", detail, { headers: { "www-authenticate": 'Bearer realm="pitchey", error="invalid_token"' } });

/** The verified claims, or a 401 that says only "invalid" or "expired". */
export async function verifyAccessToken(token: string, ring: KeyRing, now = Date.now()): Promise<AccessClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters) => {
        const key = header.kid === undefined ? undefined : ring.get(header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: ["EdDSA"],
        typ: ACCESS_TOKEN.type,
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
        requiredClaims: ["sub", "sid", "jti", "iat", "exp"],
        maxTokenAge: ACCESS_TOKEN.ttlSeconds + CLOCK_TOLERANCE_S,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
      },
    ));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw invalidToken("The access token has expired; refresh it.");
    throw invalidToken("The access token is invalid.");
  }
  const claims = AccessClaims.safeParse(payload);
  // A lifetime longer than ours was not issued by us, whatever signed it.
  if (!claims.success || claims.data.exp - claims.data.iat > ACCESS_TOKEN.ttlSeconds) throw invalidToken("The access token is invalid.");
  return claims.data;
}
