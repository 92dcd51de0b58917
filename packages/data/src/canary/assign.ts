// Which arm a caller gets (docs/releases.md "Split"). Pure: a caller's cohort key is hashed with the
// service's name into one of 10,000 buckets; the canary takes the buckets below weight × 100. At a
// fixed weight a caller always lands in the same arm, and a rising weight only moves callers from
// stable to canary, never back.
export type Arm = "stable" | "canary";
export const ARMS: readonly Arm[] = ["stable", "canary"];

/** `Pitchey-Client`: an opaque client id SDKs send (8–64 of [A-Za-z0-9_-]). */
export const PITCHEY_CLIENT = /^[A-Za-z0-9_-]{8,64}$/;

/** The key that keeps a caller in one cohort: the user, else the client id, else the address. */
export function cohortKey(userId: string | null, clientHeader: string | null, address: string): string {
  if (userId) return `u:${userId}`;
  if (clientHeader && PITCHEY_CLIENT.test(clientHeader)) return `c:${clientHeader}`;
  return `a:${address}`;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so that near keys spread evenly. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 0–9999. */
export const bucketOf = (service: string, cohort: string): number => hash32(`${service}|${cohort}`) % 10_000;

/** weight: 0–100 (percent of callers on the canary). */
export const armFor = (weight: number, bucket: number): Arm => (bucket < Math.round(weight * 100) ? "canary" : "stable");
