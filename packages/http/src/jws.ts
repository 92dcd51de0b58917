// Compact JWS with Ed25519 through WebCrypto (RFC 7515, RFC 8037): what the auth service signs
// access tokens with and the gateway checks them with: the primitives, and the keys from the secrets
// (a private JWK to sign, a JWK set to verify) that both sides check alike. What a token must claim
// is each side's policy (services/auth/src/tokens.ts, services/gateway/src/tokens.ts).
import { base64urlToBytes, base64urlToText, bytesToBase64url, textToBase64url } from "./encoding";

const ascii = new TextEncoder();

export interface Ed25519Jwk {
  kty?: string;
  crv?: string;
  kid?: string;
  x?: string;
  d?: string;
}

/** An Ed25519 key from its JWK: the private part (`d`) to sign, the public one (`x`) to verify. */
export function importEd25519(jwk: Ed25519Jwk, use: "sign" | "verify"): Promise<CryptoKey> {
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x || (use === "sign" && !jwk.d))
    throw new TypeError(`not an Ed25519 ${use === "sign" ? "private" : "public"} JWK`);
  const key = use === "sign" ? { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d } : { kty: "OKP", crv: "Ed25519", x: jwk.x };
  return crypto.subtle.importKey("jwk", key, { name: "Ed25519" }, false, [use]);
}

/** Why `jwk` cannot be the Ed25519 key to `use` that a token names by its kid; null when it can. */
export function unfitJwk(jwk: Ed25519Jwk, use: "sign" | "verify"): string | null {
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x || (use === "sign" && !jwk.d))
    return `is not an Ed25519 ${use === "sign" ? "private" : "public"} JWK`;
  return jwk.kid ? null : "has no kid; tokens name their key by it";
}

/** A key and the id (kid) tokens name it by. */
export interface KeyWithId {
  key: CryptoKey;
  kid: string;
}

/** Public keys by kid. */
export type KeyRing = ReadonlyMap<string, CryptoKey>;

/** The signing key in a private JWK's JSON (a secret, called `name` in the error) with its kid;
 *  rejects saying why it cannot sign. */
export async function importSigningKey(source: string, name = "the JWK"): Promise<KeyWithId> {
  const jwk = JSON.parse(source) as Ed25519Jwk;
  const why = unfitJwk(jwk, "sign");
  if (why) throw new TypeError(`${name} ${why}`);
  return { key: await importEd25519(jwk, "sign"), kid: jwk.kid! };
}

/** The public keys in a JWK set's JSON (a secret; several while one is rotated in) by kid. Keys that
 *  cannot verify (unfitJwk) are passed over, and only the public part of the others is imported; an
 *  empty source holds none. */
export async function importKeyRing(source: string): Promise<KeyRing> {
  const set = source ? (JSON.parse(source) as { keys?: Ed25519Jwk[] }) : {};
  const ring = new Map<string, CryptoKey>();
  for (const jwk of set.keys ?? []) if (!unfitJwk(jwk, "verify")) ring.set(jwk.kid!, await importEd25519(jwk, "verify"));
  return ring;
}

/**
 * One value per source string (a secret), made on first use and kept for the isolate — key imports:
 * a CryptoKey is no I/O object. A failed make is forgotten, so a bad secret does not stick once fixed.
 */
export function perSource<T>(make: (source: string) => Promise<T>): (source: string) => Promise<T> {
  let last: { source: string; value: Promise<T> } | undefined;
  return (source) => {
    if (last?.source !== source) {
      const value = make(source);
      const mine = { source, value };
      value.catch(() => {
        if (last === mine) last = undefined;
      });
      last = mine;
    }
    return last.value;
  };
}

/** `header.payload.signature`, signed with an Ed25519 private key (deterministic: same input, same token). */
export async function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const input = `${textToBase64url(JSON.stringify(header))}.${textToBase64url(JSON.stringify(payload))}`;
  const sig = new Uint8Array(await crypto.subtle.sign("Ed25519", key, ascii.encode(input)));
  return `${input}.${bytesToBase64url(sig)}`;
}

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Whether `signature` is the Ed25519 signature of the token by `key`. */
  verify(key: CryptoKey): Promise<boolean>;
}

const object = (part: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(base64urlToText(part)) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** The parts of a compact JWS whose header and payload are JSON objects, or null. Nothing is trusted
 *  before `verify` says so. */
export function decodeJws(token: string): DecodedJws | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  const header = object(h);
  const payload = header && object(p);
  if (!header || !payload) return null;
  let signature: Uint8Array;
  try {
    signature = base64urlToBytes(s);
  } catch {
    return null;
  }
  return {
    header,
    payload,
    verify: (key) => (signature.length === 64 ? crypto.subtle.verify("Ed25519", key, signature, ascii.encode(`${h}.${p}`)) : Promise.resolve(false)),
  };
}
