// A cached entry carries its own freshness, so every layer can tell fresh from stale from dead:
//   s: stored at, f: fresh until, e: stale until (epoch ms); v: the value, or n: 1 for "not found";
//   t: the tag versions it was built under ("<tag>=<v>,…"; absent for untagged reads). The shared
//   layers keep one entry per key whatever the versions, and a read takes it only when t matches.
// It travels as one JSON string (Cache API body, Redis value); memory keeps the parsed, frozen form.
import type { CachePolicy } from "./types";

export interface Entry {
  s: number;
  f: number;
  e: number;
  v?: unknown;
  n?: 1;
  t?: string;
}

export interface Encoded {
  entry: Entry;
  text: string;
}

/** The entry for a loaded value, or null when it must not be kept (a "not found" with negative caching off). */
export function makeEntry(value: unknown, policy: CachePolicy, now: number, stamp = ""): Encoded | null {
  const t = stamp ? `,"t":${JSON.stringify(stamp)}` : "";
  if (value === undefined) {
    const ttl = policy.negativeTtl ?? 0;
    if (ttl <= 0) return null;
    // No grace for "not found": a row that appears should show up as soon as the TTL ends.
    return encode(`{"s":${now},"f":${now + ttl * 1000},"e":${now + ttl * 1000},"n":1${t}}`);
  }
  const fresh = now + policy.ttl * 1000;
  // One serialisation gives the stored text and, parsed back, the exact shape every layer returns.
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cache ${policy.name}: the loader returned a value JSON cannot hold`);
  return encode(`{"s":${now},"f":${fresh},"e":${fresh + policy.grace * 1000}${t},"v":${json}}`);
}

/** A transient "not found" for this read only (negative caching off). */
export const notFoundNow = (now: number): Entry => Object.freeze({ s: now, f: now, e: now, n: 1 as const });

function encode(text: string): Encoded {
  return { entry: deepFreeze(JSON.parse(text) as Entry), text };
}

/** Parses a stored entry; anything malformed counts as absent. */
export function decode(text: string | null | undefined): Encoded | null {
  if (!text) return null;
  try {
    const e = JSON.parse(text) as Entry;
    if (typeof e?.s !== "number" || typeof e.f !== "number" || typeof e.e !== "number") return null;
    if (e.n !== 1 && !("v" in e)) return null;
    return { entry: deepFreeze(e), text };
  } catch {
    return null;
  }
}

export const isFresh = (e: Entry, now: number) => now < e.f;
/** Fresh or inside its grace: still servable. */
export const isUsable = (e: Entry, now: number) => now < e.e;

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
