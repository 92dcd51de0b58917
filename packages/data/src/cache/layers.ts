// The three storage layers above the database. Each speaks entries (entry.ts) and knows nothing of
// policies beyond the lifetimes written into the entry.
//   L1 memory:   a size-bounded LRU per isolate, holding parsed, frozen entries (answering for the
//                policy's memoryTtl, then kept as a stale-if-error fallback until the entry dies).
//   L2 cacheApi: caches.default (per data centre), keyed by a synthetic URL on a host no zone serves.
//   L3 redis:    Upstash, key `cache:<key>`, value the entry's JSON, expiring with the entry.
// The shared layers (L2, L3) are keyed without tag versions (cache.ts), take no entry over
// SHARED_MAX_CHARS and no "not found": what a client can make them hold is bounded (storage.md).
import type { Redis } from "../redis";
import { decode, type Encoded, type Entry } from "./entry";
import { Lru } from "./lru";

export const MEMORY_MAX_ENTRIES = 10_000;
/** Characters of entry JSON the memory layer may hold (parsed objects take a few times that). */
export const MEMORY_MAX_CHARS = 8_000_000;
/** The largest entry (characters of JSON) the shared layers take; a larger one lives in memory only. */
export const SHARED_MAX_CHARS = 64 * 1024;

interface Held {
  entry: Entry;
  /** Memory answers reads until then (memoryTtl); after it, the entry is only a stale-if-error fallback. */
  until: number;
}

const memory = new Lru<Held>(MEMORY_MAX_ENTRIES, MEMORY_MAX_CHARS);

export const memoryLayer = {
  get(key: string, now = Date.now()): Entry | undefined {
    const held = memory.get(key, now);
    return held && now < held.until ? held.entry : undefined;
  },
  /** The entry even past memoryTtl (until it dies): what a read may serve when every source fails. */
  fallback: (key: string, now = Date.now()): Entry | undefined => memory.get(key, now)?.entry,
  /** Answers reads until memoryTtl seconds (or the entry's death if sooner); kept as a fallback until it dies. */
  set(key: string, { entry, text }: Encoded, memoryTtl?: number): void {
    const until = memoryTtl === undefined ? entry.e : Math.min(entry.e, Date.now() + memoryTtl * 1000);
    memory.set(key, { entry, until }, entry.e, text.length);
  },
  delete: (key: string) => memory.delete(key),
};

const ORIGIN = "https://cache.pitchey.internal/v1/";
const cacheUrl = (key: string) => ORIGIN + encodeURIComponent(key);

export const cacheApiLayer = {
  async get(key: string): Promise<Encoded | null> {
    const res = await caches.default.match(cacheUrl(key));
    return res ? decode(await res.text()) : null;
  },
  async set(key: string, { entry, text }: Encoded): Promise<void> {
    const seconds = Math.floor((entry.e - Date.now()) / 1000);
    if (seconds < 1) return;
    await caches.default.put(cacheUrl(key), new Response(text, { headers: { "content-type": "application/json", "cache-control": `max-age=${seconds}` } }));
  },
  async delete(key: string): Promise<void> {
    await caches.default.delete(cacheUrl(key));
  },
};

const redisKey = (key: string) => `cache:${key}`;

export const redisLayer = {
  async get(r: Redis, key: string): Promise<Encoded | null> {
    return decode(await r.get<string>(redisKey(key)));
  },
  async set(r: Redis, key: string, { entry, text }: Encoded): Promise<void> {
    const px = entry.e - Date.now();
    if (px < 1) return;
    await r.set(redisKey(key), text, { px });
  },
  async delete(r: Redis, key: string): Promise<void> {
    await r.del(redisKey(key));
  },
};
