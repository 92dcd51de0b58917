// Password hashing: PBKDF2-SHA256 through WebCrypto (docs/architecture.md#identity). Pure: no env, no I/O, so it runs in
// workerd and in Node 20 alike: the global `crypto` is WebCrypto in both (the seed script hashes the
// demo accounts with it).
//
// Stored form: `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>`. It names its algorithm and
// parameters, so a hash made with weaker ones is recognised (needsRehash) and upgraded on login.

/** The most Workers' WebCrypto allows for PBKDF2; Node has no cap but must stay within it. */
export const PBKDF2_ITERATIONS = 100_000;
const MAX_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const ALGORITHM = "pbkdf2-sha256";

/**
 * Verified against when the email is unknown, so that answer costs what a wrong password costs
 * (no timing oracle for "does this account exist"). It is the hash of random bytes nobody kept.
 */
export const DUMMY_HASH = "pbkdf2-sha256$100000$0f5ni47KV2waxLxn/7IkNw==$omM8gPpNJ40y3hslrksVMqwkxgElMY8J0O/E/+5mcf8=";

export interface ParsedHash {
  algorithm: typeof ALGORITHM;
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function fromB64(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The parts of a stored hash, or null when it is not one this module can check. */
export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== ALGORITHM) return null;
  if (!/^[1-9][0-9]{0,6}$/.test(parts[1]!)) return null;
  const iterations = Number(parts[1]);
  if (iterations > MAX_ITERATIONS) return null;
  const salt = fromB64(parts[2]!);
  const hash = fromB64(parts[3]!);
  if (!salt || !hash || salt.length < 8 || hash.length < 16) return null;
  return { algorithm: ALGORITHM, iterations, salt, hash };
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number, bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = crypto.subtle;
  const key = await subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, bytes * 8));
}

/** Compares in time that depends only on the length (which is public: the stored hash's), never on
 *  where the first differing byte is. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) throw new RangeError(`iterations must be 1..${MAX_ITERATIONS}`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations, HASH_BYTES);
  return `${ALGORITHM}$${iterations}$${toB64(salt)}$${toB64(hash)}`;
}

/** True when `password` matches `stored`. A stored value this module cannot read never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.iterations, parsed.hash.length);
  return constantTimeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made with weaker parameters than today's (or cannot be read). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.iterations < PBKDF2_ITERATIONS || parsed.salt.length < SALT_BYTES || parsed.hash.length < HASH_BYTES;
}
