// Invalidation by tag (docs/architecture.md#tags). Each tag has a version counter in Redis (`tagv:<tag>`);
// a read's entries are stamped with the versions of its tags, so a write that bumps a tag (INCR) makes
// every entry built on it — every page of a listing — unusable in every layer without naming them.
//
// One rule keeps reads current: an entry is served only under versions Redis confirmed recently.
// - Anonymous reads: a version read from Redis counts for TAG_SYNC_MS after the MGET that read it
//   was sent. So another isolate's write is seen within TAG_SYNC_MS, and an isolate talks to Redis
//   about a tag about once per TAG_SYNC_MS (concurrent reads share one MGET), not per read.
// - Signed-in callers (the only ones who write): a version counts only if it was read after this
//   request began — the first tagged read of the request runs one MGET (the request's later reads of
//   those tags reuse it). A write's INCR is answered before its response, so the writer's next
//   request, on any isolate, reads the new versions: read-your-writes without anything passed along.
// - Redis failing or slow (a read waits at most TAG_WAIT_MS): versions that cannot be confirmed do
//   not key anything; the read goes to the loader (coalesced per key) — never a possibly stale entry
//   from any layer. An invalidation that does not reach Redis stays pending in this isolate (its
//   reads of those tags go to the loader) and is retried on the next read or metrics flush.
// - Without Redis (not configured: local development): versions live in this isolate only.
// - Versions only go up in an isolate (the max of what it saw), and a counter Redis lost (FLUSHALL,
//   eviction) starts again above every version it gave out (versionStart), so a write after a loss
//   still moves every isolate to new keys.
import type { Redis } from "../redis";
import { INCR_TAGS } from "../redis-scripts";
import { coalesce } from "./coalesce";
import { Lru } from "./lru";

/** How long an isolate trusts a version Redis confirmed: the bound on seeing another isolate's write. */
export const TAG_SYNC_MS = 1_000;
/** The longest a read waits for Redis about tag versions before going on without them. */
export const TAG_WAIT_MS = 150;
export const tagKey = (tag: string) => `tagv:${tag}`;
/** Kept while isolates of the previous release may still read it (docs/releases.md): they learn of
 *  other isolates' writes from this stream. INCR_TAGS appends to it; nothing here reads it. */
export const TAG_LOG = "tagv:@log";
const LOG_MAXLEN = 10_000;

interface Known {
  v: number;
  /** When the Redis call that confirmed v was sent (0: never confirmed). */
  at: number;
  /** Its place in this isolate's order of Redis calls about tags (see `since`). */
  seq: number;
}

const known = new Lru<Known>(20_000);
/** No Redis: this isolate's versions; only tags invalidated here are stored. */
const local = new Map<string, number>();
/** Tags whose INCR did not reach Redis: Redis's version of them is behind until it is retried. */
const pending = new Set<string>();
/** Counts Redis calls about tags as they are sent. */
let seq = 0;

export interface TagIo {
  /** False: no Redis settings, tag versions are this isolate's own. */
  configured: boolean;
  /** The Redis client (made on first use), or null when Redis is not configured. */
  redis(): Redis | null;
  /** False while the Redis back-off lasts. */
  usable(): boolean;
  failed(err: unknown): void;
  answered(): void;
  /** Keeps work alive after the response (the request's waitUntil). */
  defer(work: Promise<unknown>): void;
}

/** A read's tag versions. confirmed: Redis confirmed each within the bound; local: no Redis, this
 *  isolate's own; unknown: Redis could not confirm them — nothing cached may be served under them. */
export interface TagRead {
  versions: number[];
  state: "confirmed" | "local" | "unknown";
}

/** Where this isolate's Redis calls about tags stand: a signed-in request takes it when it starts
 *  (`since` of tagVersions), and only versions read after it count for that request. */
export const tagSeq = () => seq;

function remember(tag: string, v: number, at: number, s: number): void {
  const k = known.get(tag);
  known.set(tag, { v: Math.max(k?.v ?? 0, v), at: Math.max(k?.at ?? 0, at), seq: Math.max(k?.seq ?? 0, s) }, Number.POSITIVE_INFINITY);
}

function confirmed(tag: string, now: number, since: number | undefined): boolean {
  if (pending.has(tag)) return false;
  const k = known.get(tag);
  if (!k || !k.at) return false;
  return since === undefined ? now - k.at <= TAG_SYNC_MS : k.seq > since;
}

/** The versions of a read's tags. `since`: a signed-in caller's tagSeq() from the start of its
 *  request (read-your-writes); undefined: an anonymous read, for which TAG_SYNC_MS-old versions do. */
export async function tagVersions(io: TagIo, tags: string[], since?: number): Promise<TagRead> {
  if (!tags.length) return { versions: [], state: "confirmed" };
  if (!io.configured) return { versions: tags.map((t) => local.get(t) ?? 0), state: "local" };
  const due = tags.filter((t) => !confirmed(t, Date.now(), since));
  const r = due.length && io.usable() ? io.redis() : null;
  if (r) {
    const read = async () => {
      if (pending.size) await retryPendingTags(r);
      const s = ++seq;
      const at = Date.now();
      const values = await r.mget<(string | null)[]>(...due.map(tagKey));
      due.forEach((t, i) => remember(t, Number(values[i] ?? 0), at, s));
    };
    // Anonymous reads of the same tags share one MGET; a signed-in caller's must be sent after its
    // request began, so it runs its own.
    const work = (since === undefined ? coalesce(`tagv|${due.join("\n")}`, read).then(() => {}) : read()).then(
      () => io.answered(),
      (err) => io.failed(err),
    );
    io.defer(work);
    // Past the wait the work goes on (deferred): only this read stops waiting for it.
    await Promise.race([work, new Promise((resolve) => setTimeout(resolve, TAG_WAIT_MS))]);
  }
  const now = Date.now();
  return { versions: tags.map((t) => known.get(t)?.v ?? 0), state: tags.every((t) => confirmed(t, now, since)) ? "confirmed" : "unknown" };
}

/** Tests and admin tools: this isolate forgets what it knew of these tags (as a new isolate would). */
export function forgetTags(tags: string[]): void {
  for (const t of tags) known.delete(t);
}

/** Where a tag's counter starts again when Redis has lost it: above any version handed out before
 *  (they grow by one per write from an earlier start), so isolates that remember old, higher versions
 *  take the new ones (versions only go up in an isolate). Milliseconds × 1,000 stays an exact integer
 *  in a double for centuries. */
export const versionStart = (now = Date.now()) => String(now * 1_000);

/** INCR each tag in one script (a lost counter starts again at versionStart); records the new
 *  versions as confirmed and returns them. */
async function incr(r: Redis, tags: string[]): Promise<number[]> {
  const s = ++seq;
  const at = Date.now();
  const keys = [...tags.map(tagKey), TAG_LOG];
  const replies = await r.eval<string[], unknown[]>(INCR_TAGS, keys, [String(tags.length), tags.join("\n"), String(LOG_MAXLEN), versionStart()]);
  const versions = tags.map((_, i) => Number(replies[i]));
  tags.forEach((t, i) => {
    pending.delete(t);
    remember(t, versions[i]!, at, s);
  });
  return versions;
}

/** Bumps the tags in Redis before the write answers. Returns their new versions when Redis took
 *  them (null otherwise: they stay pending, and this isolate's reads of them go to the loader). */
export async function bumpTags(io: TagIo, tags: string[]): Promise<Map<string, number> | null> {
  const unique = [...new Set(tags)];
  if (!unique.length) return null;
  if (!io.configured) {
    for (const t of unique) local.set(t, (local.get(t) ?? 0) + 1);
    return null;
  }
  const r = io.usable() ? io.redis() : null;
  if (r) {
    try {
      const versions = await incr(r, unique);
      io.answered();
      return new Map(unique.map((t, i) => [t, versions[i]!]));
    } catch (err) {
      io.failed(err);
    }
  }
  for (const t of unique) pending.add(t);
  return null;
}

/** Versions another Worker had Redis confirm and passed on (a write's answer through the gateway):
 *  this isolate stops serving what they replaced at once (they count as confirmed only once read). */
export function learnTags(versions: Iterable<[string, number]>): void {
  for (const [t, v] of versions) if (Number.isSafeInteger(v) && v >= 0) remember(t, v, 0, 0);
}

/** Sends the invalidations that failed earlier; throws if Redis still fails (they stay pending). */
export async function retryPendingTags(r: Redis): Promise<void> {
  if (pending.size) await incr(r, [...pending]);
}
