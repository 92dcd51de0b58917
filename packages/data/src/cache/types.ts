// The cache API every service uses (docs/architecture.md#data). A route handler stays short:
//
//   const pitch = await cache(rc).read(`pitch:${id}`, () => repo.byId(id), { policy: PITCH_DETAIL, tags: [`pitch:${id}`] });
//   await cache(rc).invalidate([`pitch:${id}`, "pitches"]);
//
// `undefined` from a loader means "not found" and is cached negatively for policy.negativeTtl.
// Values must be JSON (they are stored as JSON in Cache API and Redis); every layer returns the same
// JSON shape (a Date becomes its ISO string) and values are deep-frozen, since one copy is shared by
// every request of the isolate: spread them to change them.

export type Layer = "memory" | "cacheApi" | "redis" | "database";

/** How one kind of data is cached; defined once, next to the data it describes. */
export interface CachePolicy {
  /** Short name, used in keys and metrics ("pitch-detail"). */
  name: string;
  /** Seconds a value is fresh. */
  ttl: number;
  /** Seconds after ttl during which a stale value is served (and refreshed in the background, or
   *  served instead of an error when the database or Redis fails). */
  grace: number;
  /** Seconds a "not found" is remembered; 0 disables negative caching. */
  negativeTtl?: number;
  /** Seconds an entry may live in the per-isolate memory layer (default: its whole life); lower
   *  layers answer after that. */
  memoryTtl?: number;
}

export interface ReadOptions {
  policy: CachePolicy;
  /** Tags whose version is embedded in the key: invalidating any of them makes the entry unreachable. */
  tags?: string[];
  /** Per-user data: the user id becomes part of the key in every layer, so it can never be served to
   *  another user, and the entry is never put in the Cache API (it stays in isolate memory and Redis). */
  user?: string;
  /** Confidential data that is not per-user (NDA-only material): kept out of the Cache API, which
   *  other Workers of the zone can read; it lives in isolate memory and Redis only. */
  confidential?: boolean;
  /** False: this entry stays in isolate memory, out of the Cache API and Redis. For keys a client
   *  chooses beyond a small known set (free-text filters, arbitrary cursors, page sizes): each key
   *  family's budget says which of its keys are worth sharing, so what clients can make the shared
   *  layers hold stays bounded (storage.md). Default true. */
  shared?: boolean;
}

export interface Cache {
  read<T>(key: string, load: () => Promise<T | undefined>, opts: ReadOptions): Promise<T | undefined>;
  /** Bumps the tags' versions (in Redis, and locally at once for read-your-writes). */
  invalidate(tags: string[]): Promise<void>;
  /** The versions this isolate trusts for `tags` now: taken before a write whose row fill() may store. */
  versionsOf(tags: string[]): Promise<TagSnapshot>;
  /** Write-through after this request's own write: stores `value` (the row the write returned) under
   *  the versions its invalidate() got from Redis, so the next read anywhere needs no query — only when
   *  each of the entry's tags moved by exactly one from `before` (taken before the write): then no other
   *  write bumped it in between, and any write that commits after this one bumps it higher. */
  fill(key: string, value: unknown, opts: ReadOptions, before: TagSnapshot): void;
  /** Removes one entry from the given layers (default: all) — this isolate's memory only. Admin tools
   *  and tests; writes use invalidate(). */
  drop(key: string, opts: ReadOptions, layers?: Layer[]): Promise<void>;
}

export interface LayerFigures {
  /** Reads this layer answered (fresh or stale). */
  hits: number;
  /** Reads that looked here and went on. */
  misses: number;
  hitRatio: number | null;
  errors: number;
}

/** The cache's figures over the last minutes, summed over every isolate that flushed (health reads it). */
export interface CacheMetricsWindow {
  window: { minutes: number; from: string; to: string };
  /** "redis": every isolate's counters; "isolate": only the reading isolate's (no Redis configured);
   *  "unavailable": Redis did not answer. */
  source: "redis" | "isolate" | "unavailable";
  /** Requests that used the database or the cache (an RPC call serving another service's request is part of that request). */
  requests: number;
  /** Cache reads. */
  reads: number;
  /** Share of reads answered without the database. */
  hitRatio: number | null;
  layers: {
    memory: LayerFigures;
    cacheApi: LayerFigures;
    redis: LayerFigures;
    /** reads: answered by a load; loads: loader runs, background refreshes included; queries: every db(rc) query. */
    database: { reads: number; loads: number; queries: number; errors: number };
  };
  dbQueriesPerRequest: number | null;
  staleServed: number;
  /** Reads that shared another request's in-flight lookup (counted as memory hits). */
  coalesced: number;
  errors: number;
  error?: string;
}

/** Versions of some tags as one isolate trusted them at one moment (Cache.versionsOf). */
export interface TagSnapshot {
  tags: readonly string[];
  versions: readonly number[];
  /** Confirmed by Redis (else fill() never stores). */
  certain: boolean;
}
