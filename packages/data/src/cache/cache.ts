// cache(rc): the read-through cache of docs/architecture.md#data — memory → Cache API → Redis → the loader.
// - A hit fills the layers above it (memory at once, Cache API and Redis in waitUntil).
// - Stale-while-revalidate: a value past its fresh time but inside its grace is served at once and
//   refreshed in waitUntil (the refresh looks in the lower layers first: another isolate may have
//   done it). Stale-if-error follows: while a value is inside its grace nothing waits on the
//   database or Redis, so their failures cannot fail the read; past it, the loader's error (a
//   DependencyError → 503) reaches the caller. Redis failures never fail a read.
// - Concurrent misses of one key in one isolate share one lookup and load (coalesce.ts).
// - Keys embed the read's tag versions (tags.ts) and, for per-user data, the user. In the shared
//   layers (Cache API, Redis) the key leaves the versions out and the entry carries them (entry.ts
//   `t`): a read takes it only when they match, and a fill after a write replaces it in place, so
//   each key family holds one entry per key there, however often its tags move.
// - What clients can make the shared layers hold is bounded: an entry over SHARED_MAX_CHARS, a "not
//   found" (its key is whatever id was asked for) and a read with `shared: false` (a key family's
//   budget: keys a client chooses freely) stay in isolate memory, which is a size-bounded LRU.
// - Per-user entries never go to the Cache API (shared per data centre, readable by any Worker of the
//   zone): they live in isolate memory and Redis only, under keys that name the user.
// - Tagged entries use the shared layers (Cache API, Redis) only while this isolate's tag versions are
//   certain (tags.ts): with Redis failing, or not configured, a version it cannot confirm might key an
//   entry written before an invalidation it never heard of. Memory and the loader answer meanwhile.
// - When the loader fails past every layer, a value memory still holds inside its grace (memory
//   answers for memoryTtl, then keeps the entry as a fallback) is served stale instead of an error.
// - CACHE_MODE=off (env.ts): reads go straight to the loader (counted as database reads, Server-Timing
//   "database:off"); invalidations still bump tags, so Workers with the cache on stay correct.
import type { BaseEnv, RequestContext } from "@pitchey/http";
import type { Redis } from "../redis";
import type { DataEnv } from "../env";
import { DependencyError } from "../errors";
import { redis, redisConfigured } from "../redis";
import { noteTags, parseTags, requestStats } from "../request-stats";
import { coalesce } from "./coalesce";
import { isFresh, isUsable, makeEntry, notFoundNow, type Encoded, type Entry } from "./entry";
import { SHARED_MAX_CHARS, cacheApiLayer, memoryLayer, redisLayer } from "./layers";
import { count, type Counter } from "./metrics";
import { redisAnswered, redisFailed, redisUsable } from "./redis-guard";
import { bumpTags, tagVersions, type TagIo, type TagRead } from "./tags";
import type { Cache, CachePolicy, Layer, ReadOptions } from "./types";

/** Where one read was answered. Plain data: it may be handed to coalesced readers of other requests. */
interface Found {
  entry: Entry;
  layer: Layer;
  stale: boolean;
}
/** The shared layers one read may use. */
interface Shared {
  cacheApi: boolean;
  redis: boolean;
}
/** One entry's keys: `full` (with tag versions) in memory and for coalescing; `base` (without) in the
 *  shared layers, whose entries must carry `stamp` (the versions) to be used. */
interface Slot {
  full: string;
  base: string;
  stamp: string;
}
interface Lookup {
  found: Found;
  /** Layers below memory this read looked in, in order (the answering one included). */
  looked: Layer[];
}

/** The tag versions of a read, as a key part and an entry's `t`: `<tag>=<v>,…`. */
const stampOf = (tags: string[], versions: number[]) => tags.map((t, i) => `${t}=${versions[i]}`).join(",");

/** The key of one entry: policy, key, user, and (memory) the version of each tag. */
export function cacheKey(policy: CachePolicy, key: string, user: string | undefined, tags: string[], versions: number[]): string {
  let k = `${policy.name}:${key}`;
  if (user !== undefined) k += `|u=${encodeURIComponent(user)}`;
  if (tags.length) k += `|${stampOf(tags, versions)}`;
  return k;
}

const perRequest = new WeakMap<object, Cache>();

export function cache(rc: RequestContext<DataEnv & BaseEnv>): Cache {
  let c = perRequest.get(rc);
  if (!c) {
    c = createCache(rc);
    perRequest.set(rc, c);
  }
  return c;
}

const message = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 200);

/** The tag machinery's view of one request: its Redis, back-off, deferral and metrics. */
function tagIoFor(rc: RequestContext<DataEnv & BaseEnv>): TagIo {
  const env = rc.env;
  let client: Redis | null | undefined; // made on first need: a read answered from memory makes none
  return {
    configured: redisConfigured(env),
    redis: () => (client === undefined ? (client = redis(env)) : client),
    usable: () => redisUsable(env),
    failed(err) {
      redisFailed(env);
      count(rc, "err.redis");
      rc.log.warn("redis failed; cache continues without it", { err: message(err) });
    },
    answered: () => redisAnswered(env),
    defer: (work) => rc.ctx.waitUntil(work),
    caughtUp: () => {
      requestStats(rc).caughtUp = true;
    },
  };
}

/**
 * Is an answer stamped `tag=version,…` (TAGS_HEADER) still current? True when every one of its tags
 * is confirmed by Redis at a version no newer than the stamp's — the gateway's response cache asks
 * this on every hit; an invalidation elsewhere reaches this isolate within TAG_SYNC_MS.
 */
export async function tagsCurrent(rc: RequestContext<DataEnv & BaseEnv>, stamp: string): Promise<boolean> {
  const pairs = parseTags(stamp);
  if (!pairs) return false;
  const tv = await tagVersions(
    tagIoFor(rc),
    pairs.map(([t]) => t),
  );
  return tv.certain && pairs.every(([, v], i) => v >= tv.versions[i]!);
}

function createCache(rc: RequestContext<DataEnv & BaseEnv>): Cache {
  const env = rc.env;
  const stats = requestStats(rc);
  const io = tagIoFor(rc);
  const usableRedis = () => (io.usable() ? io.redis() : null);

  /** Writes an entry to the layers shared across isolates (Cache API, Redis), after the response —
   *  unless it is a "not found" or too big for them (both stay in memory: see the header). */
  function fillShared(slot: Slot, enc: Encoded, where: Shared, layers: readonly ("cacheApi" | "redis")[]): void {
    if (enc.entry.n || enc.text.length > SHARED_MAX_CHARS) return;
    if (where.cacheApi && layers.includes("cacheApi")) {
      rc.ctx.waitUntil(cacheApiLayer.set(slot.base, enc).catch(() => count(rc, "err.cacheApi")));
    }
    const r = where.redis && layers.includes("redis") ? usableRedis() : null;
    if (r) rc.ctx.waitUntil(redisLayer.set(r, slot.base, enc).catch((err) => io.failed(err)));
  }

  /** A shared layer's entry counts only when built under this read's tag versions. */
  const current = (enc: Encoded | null, slot: Slot, now: number): enc is Encoded =>
    enc !== null && (enc.entry.t ?? "") === slot.stamp && isUsable(enc.entry, now);

  /** Cache API, then Redis: the first fresh entry, else the newest stale one. */
  async function lookBelow(slot: Slot, policy: CachePolicy, where: Shared): Promise<{ fresh?: Found; stale?: Found & { enc: Encoded }; looked: Layer[] }> {
    const looked: Layer[] = [];
    let stale: (Found & { enc: Encoded }) | undefined;
    if (where.cacheApi) {
      looked.push("cacheApi");
      try {
        const enc = await cacheApiLayer.get(slot.base);
        const now = Date.now();
        if (current(enc, slot, now)) {
          if (isFresh(enc.entry, now)) {
            memoryLayer.set(slot.full, enc, policy.memoryTtl);
            return { fresh: { entry: enc.entry, layer: "cacheApi", stale: false }, looked };
          }
          stale = { entry: enc.entry, layer: "cacheApi", stale: true, enc };
        }
      } catch {
        count(rc, "err.cacheApi");
      }
    }
    const r = where.redis ? usableRedis() : null;
    if (r) {
      looked.push("redis");
      try {
        const enc = await redisLayer.get(r, slot.base);
        io.answered();
        const now = Date.now();
        if (current(enc, slot, now)) {
          if (isFresh(enc.entry, now)) {
            memoryLayer.set(slot.full, enc, policy.memoryTtl);
            fillShared(slot, enc, where, ["cacheApi"]);
            return { fresh: { entry: enc.entry, layer: "redis", stale: false }, looked };
          }
          if (!stale || enc.entry.s > stale.entry.s) stale = { entry: enc.entry, layer: "redis", stale: true, enc };
        }
      } catch (err) {
        io.failed(err);
      }
    }
    return { stale, looked };
  }

  async function loadAndStore(slot: Slot, load: () => Promise<unknown>, policy: CachePolicy, where: Shared): Promise<Entry> {
    count(rc, "loads");
    let value: unknown;
    try {
      value = await load();
    } catch (err) {
      count(rc, "err.database");
      throw err;
    }
    const now = Date.now();
    const enc = makeEntry(value, policy, now, slot.stamp);
    if (!enc) return notFoundNow(now);
    memoryLayer.set(slot.full, enc, policy.memoryTtl);
    fillShared(slot, enc, where, ["cacheApi", "redis"]);
    return enc.entry;
  }

  /** Refreshes a stale entry after the response; one refresh per key per isolate at a time. */
  function refreshLater(slot: Slot, load: () => Promise<unknown>, policy: CachePolicy, where: Shared, lookFirst: boolean): void {
    const work = coalesce(`refresh|${slot.full}`, async () => {
      if (lookFirst && (await lookBelow(slot, policy, where)).fresh) return;
      await loadAndStore(slot, load, policy, where);
    });
    rc.ctx.waitUntil(work.catch((err) => rc.log.warn("cache refresh failed; serving stale", { key: policy.name, err: message(err) })));
  }

  /** Below memory: Cache API → Redis → stale (refreshed later) → load. Runs once per key per isolate at a time. */
  async function fetchBelow(slot: Slot, load: () => Promise<unknown>, policy: CachePolicy, where: Shared): Promise<Lookup> {
    const below = await lookBelow(slot, policy, where);
    if (below.fresh) return { found: below.fresh, looked: below.looked };
    if (below.stale) {
      const { enc, ...found } = below.stale;
      memoryLayer.set(slot.full, enc, policy.memoryTtl); // this isolate serves it from memory until the refresh lands
      refreshLater(slot, load, policy, where, false);
      return { found, looked: below.looked };
    }
    const entry = await loadAndStore(slot, load, policy, where);
    return { found: { entry, layer: "database", stale: false }, looked: [...below.looked, "database"] };
  }

  function record(found: Found, looked: Layer[], shared: boolean): void {
    count(rc, "reads");
    if (shared) {
      count(rc, "hit.memory");
      count(rc, "coalesced");
    } else {
      for (const l of looked) count(rc, `${l === found.layer ? "hit" : "miss"}.${l}` as Counter);
    }
    if (found.stale) count(rc, "stale");
    stats.cacheLayers.push(`${shared ? "memory" : found.layer}${found.stale ? ":stale" : ""}${shared ? ":shared" : ""}`);
  }

  const slotOf = (key: string, opts: ReadOptions, tv: TagRead): Slot => {
    const tags = opts.tags ?? [];
    return {
      full: cacheKey(opts.policy, key, opts.user, tags, tv.versions),
      base: cacheKey(opts.policy, key, opts.user, [], []),
      stamp: stampOf(tags, tv.versions),
    };
  };

  /** The cache switched off: every read is a load; no layer is read or filled, nothing is coalesced. */
  async function readOff<T>(load: () => Promise<T | undefined>): Promise<T | undefined> {
    count(rc, "reads");
    count(rc, "hit.database");
    count(rc, "loads");
    stats.cacheLayers.push("database:off");
    try {
      return await load();
    } catch (err) {
      count(rc, "err.database");
      throw err;
    }
  }

  return {
    async read<T>(key: string, load: () => Promise<T | undefined>, opts: ReadOptions): Promise<T | undefined> {
      const t0 = performance.now();
      try {
        if (env.CACHE_MODE === "off") return await readOff(load);
        const { policy } = opts;
        const tv = await tagVersions(io, opts.tags ?? [], rc.lastWrite);
        noteTags(rc, opts.tags ?? [], tv.versions, tv.certain);
        // Versions this isolate cannot confirm (Redis failing or not configured) could match an entry
        // another isolate wrote before an invalidation this one never heard of: keep to memory, where
        // invalidation is immediate, and the loader. Per-user and confidential data never go to the
        // Cache API; what the key family's budget keeps out (`shared: false`) goes to neither.
        const sharable = tv.certain && opts.shared !== false;
        const where: Shared = { cacheApi: sharable && opts.user === undefined && !opts.confidential, redis: sharable };
        const slot = slotOf(key, opts, tv);
        const full = slot.full;
        const now = Date.now();
        const mem = memoryLayer.get(full, now);
        let found: Found;
        let looked: Layer[] = ["memory"];
        let shared = false;
        if (mem && isUsable(mem, now)) {
          found = { entry: mem, layer: "memory", stale: !isFresh(mem, now) };
          if (found.stale) refreshLater(slot, load, policy, where, true);
        } else {
          try {
            const res = await coalesce(full, () => fetchBelow(slot, load, policy, where));
            shared = res.shared;
            found = res.value.found;
            looked = ["memory", ...res.value.looked];
          } catch (err) {
            // Stale-if-error from memory: what it held past memoryTtl, inside its grace.
            const held = err instanceof DependencyError ? memoryLayer.fallback(full) : undefined;
            if (!held || !isUsable(held, Date.now())) throw err;
            rc.log.warn("serving a stale value from memory: every source failed", { key: policy.name, err: message(err) });
            found = { entry: held, layer: "memory", stale: true };
          }
        }
        record(found, looked, shared);
        return found.entry.n ? undefined : (found.entry.v as T);
      } finally {
        stats.cacheMs += performance.now() - t0;
      }
    },

    async invalidate(tags) {
      const bumped = await bumpTags(io, tags, rc.user?.sub);
      if (bumped) for (const [t, v] of bumped) stats.bumped.set(t, v);
    },

    async versionsOf(tags) {
      const tv = await tagVersions(io, tags, rc.lastWrite);
      return { tags, versions: tv.versions, certain: tv.certain };
    },

    fill(key, value, opts, before) {
      if (env.CACHE_MODE === "off" || !before.certain) return;
      const tags = opts.tags ?? [];
      const versions = tags.map((t) => stats.bumped.get(t));
      // Versions Redis gave this write, each exactly one past what this isolate trusted before the write:
      // two overlapping writes could otherwise store the older row under the newer version. A reader
      // that has not learnt the new versions keys by older ones and never sees this entry. (A tag never
      // bumped reads 0 and its first bump starts from a time-based value: that write is not filled.)
      const moved = (t: string, v: number | undefined) => {
        const i = before.tags.indexOf(t);
        return v !== undefined && i >= 0 && v === before.versions[i]! + 1;
      };
      if (!tags.length || !tags.every((t, i) => moved(t, versions[i]))) return;
      const slot = slotOf(key, opts, { versions: versions as number[], certain: true });
      const enc = makeEntry(value, opts.policy, Date.now(), slot.stamp);
      if (!enc) return;
      memoryLayer.set(slot.full, enc, opts.policy.memoryTtl);
      const sharable = opts.shared !== false;
      fillShared(slot, enc, { cacheApi: sharable && opts.user === undefined && !opts.confidential, redis: sharable }, ["cacheApi", "redis"]);
    },

    async drop(key, opts, layers = ["memory", "cacheApi", "redis"]) {
      const slot = slotOf(key, opts, await tagVersions(io, opts.tags ?? []));
      if (layers.includes("memory")) memoryLayer.delete(slot.full);
      if (layers.includes("cacheApi") && opts.user === undefined && !opts.confidential) await cacheApiLayer.delete(slot.base);
      const r = layers.includes("redis") ? io.redis() : null;
      if (r) await redisLayer.delete(r, slot.base);
    },
  };
}
