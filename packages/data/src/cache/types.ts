// The cache API every service uses (DESIGN §3). A route handler stays short:
//
//   const pitch = await cache(rc).read(`pitch:${id}`, () => repo.byId(id), { policy: PITCH_DETAIL, tags: [`pitch:${id}`] });
//   await cache(rc).invalidate([`pitch:${id}`, "pitches"]);
//
// `undefined` from a loader means "not found" and is cached negatively for policy.negativeTtl.

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
  /** Seconds an entry may live in the per-isolate memory layer (≤ ttl); short, since isolates do not hear of invalidations except through tag versions. */
  memoryTtl?: number;
}

export interface ReadOptions {
  policy: CachePolicy;
  /** Tags whose version is embedded in the key: invalidating any of them makes the entry unreachable. */
  tags?: string[];
  /** Per-user data: the user id becomes part of the key in every layer, so it can never be served to another user. */
  user?: string;
}

export interface Cache {
  read<T>(key: string, load: () => Promise<T | undefined>, opts: ReadOptions): Promise<T | undefined>;
  /** Bumps the tags' versions (in Redis, and locally for read-your-writes). */
  invalidate(tags: string[]): Promise<void>;
}
