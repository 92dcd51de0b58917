// Invalidation by tag (docs/architecture.md#data). Each tag has a version counter in Redis (`tagv:<tag>`); the
// versions of a read's tags are part of its key, so a write that bumps a tag (INCR) makes every entry
// built on it — every page of a listing — unreachable in every layer without naming them.
//
// Keeping versions current without a Redis call per read:
// - Every invalidation also appends its tags to a stream, `tagv:@log` (XADD, capped at ~10,000).
// - An isolate remembers the versions it has read (one MGET for all of a read's unknown tags) and,
//   at most every TAG_SYNC_MS, reads the stream from where it left off (one XRANGE): the tags named
//   there are re-read on their next use. So another isolate's write is seen within TAG_SYNC_MS, and
//   an isolate serving known keys talks to Redis about tags about once per TAG_SYNC_MS, not per read.
// - The writer's isolate takes the new versions from its INCR replies at once. Other isolates: the
//   write also records its log entry under `tagv:@wrote:<user>` (a few seconds); the gateway reads it
//   with the session check and passes it on, and a read by that user first reads the log up to that
//   entry (bounded by TAG_WAIT_MS) — read-your-writes on whichever isolate the next request lands.
// - Versions only go up within an isolate (max of known and read): a late reply cannot bring an old
//   key back. A version read while a sync ran is not trusted until read again. So Redis's counters
//   must never go back below what an isolate knows: a counter Redis lost (FLUSHALL, eviction) starts
//   again above every earlier version (versionStart), and a write's new version is above the
//   writer's own, local bumps made while Redis failed included (INCR_AND_LOG).
// - Redis failing or slow: a read waits at most TAG_WAIT_MS for Redis (the work goes on in waitUntil,
//   so a late answer still lands), then uses what the isolate knows. Versions are *certain* only
//   when every tag was confirmed by Redis and the stream was read within 2 × TAG_SYNC_MS; an
//   uncertain read keeps off the shared layers (cache.ts), where an entry written under a version
//   this isolate cannot confirm might predate an invalidation it never heard of. An invalidation
//   made while Redis fails bumps locally (so this isolate moves on at once) and its INCR/XADD are
//   retried (next read of those tags, or the next metrics flush).
// - Without Redis: versions live in this isolate only. Tagged entries are then kept out of the Cache
//   API (cache.ts), so other isolates serve an older value for at most the policy's memoryTtl.
// Why a log rather than one MGET of a read's versions (simpler, measured 20–55 % more CPU per request
// and 1.6–3× the Upstash commands): docs/performance.md#coherence.
import { lastWriteKey } from "@pitchey/contracts/constants";
import { withDeadline } from "@pitchey/http";
import type { Redis } from "../redis";
import { INCR_AND_LOG } from "../redis-scripts";
import { coalesce } from "./coalesce";
import { Lru } from "./lru";

export const TAG_SYNC_MS = 1_000;
/** The longest a read waits for Redis about tag versions before going on without it. */
export const TAG_WAIT_MS = 150;
/** How long a user's latest write is remembered for read-your-writes (well past TAG_SYNC_MS). */
export const LAST_WRITE_TTL_MS = 5 * TAG_SYNC_MS;
export const tagKey = (tag: string) => `tagv:${tag}`;
export const TAG_LOG = "tagv:@log";
const LOG_MAXLEN = 10_000;
/** A sync that finds this many entries assumes it fell behind the capped stream and re-reads everything. */
const SYNC_BATCH = 1_000;

interface Known {
  v: number;
  /** The epoch in which v was confirmed by Redis; -1: to be re-read before use. */
  gen: number;
}

const known = new Lru<Known>(20_000);
/** No Redis: this isolate's versions; only tags invalidated here are stored. */
const local = new Map<string, number>();
/** Tags whose INCR did not reach Redis. */
const pending = new Set<string>();
/** Log entries this isolate wrote: their versions are known already, the sync skips them. */
const ownEntries = new Set<string>();
/** Last stream entry applied (null: not synced yet), when, how many syncs ran, and the trust epoch. */
let cursor: string | null = null;
let syncedAt = 0;
let syncs = 0;
let epoch = 0;
/** When the sync on its way started (0: none). Later reads do not wait for it; one that never settles
 *  (its request ended) stops counting after SYNC_STUCK_MS. */
let syncStarted = 0;
const SYNC_STUCK_MS = 5_000;
const syncRunning = () => Date.now() - syncStarted < SYNC_STUCK_MS;

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
  /** Notes that this read first caught up with the caller's own write (Server-Timing). */
  caughtUp(): void;
}

/** A read's tag versions, and whether they may be trusted to key entries other isolates wrote. */
export interface TagRead {
  versions: number[];
  certain: boolean;
}

function remember(tag: string, v: number, trusted: boolean): void {
  const k = known.get(tag);
  known.set(tag, { v: Math.max(k?.v ?? 0, v), gen: trusted ? epoch : -1 }, Number.POSITIVE_INFINITY);
}

function distrust(tag: string): void {
  const k = known.get(tag);
  if (k) known.set(tag, { v: k.v, gen: -1 }, Number.POSITIVE_INFINITY);
}

const trusted = (tag: string) => known.get(tag)?.gen === epoch;

type StreamEntry = [string, string[]];

/** Applies the invalidations logged since the last sync. */
async function sync(r: Redis): Promise<void> {
  syncStarted = Date.now();
  try {
    await readLog(r);
  } finally {
    syncStarted = 0;
  }
}

async function readLog(r: Redis): Promise<void> {
  if (cursor === null) {
    const last = (await r.xrevrange(TAG_LOG, "+", "-", 1)) as unknown as StreamEntry[];
    cursor = last[0]?.[0] ?? "0-0";
  } else {
    const entries = (await r.xrange(TAG_LOG, `(${cursor}`, "+", SYNC_BATCH)) as unknown as StreamEntry[];
    if (entries.length >= SYNC_BATCH) epoch++; // fell behind: trust nothing remembered
    for (const [id, fields] of entries) {
      cursor = id;
      if (ownEntries.delete(id)) continue;
      for (let i = 0; i + 1 < fields.length; i += 2) {
        if (fields[i] === "t") for (const t of String(fields[i + 1]).split("\n")) distrust(t);
      }
    }
  }
  syncs++;
  syncedAt = Date.now();
}

/** Stream ids `<ms>-<seq>`: a < b. */
function idBefore(a: string, b: string): boolean {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

/** The caller wrote at log entry `lastWrite`: has this isolate read the log that far (or written it)? */
const seen = (lastWrite: string) => ownEntries.has(lastWrite) || (cursor !== null && !idBefore(cursor, lastWrite));

/** How long after the last read of the stream versions still count as certain. */
const CERTAIN_FOR_MS = 2 * TAG_SYNC_MS;
/** Versions are certain when Redis confirmed each tag and the stream was read recently. */
const certainOf = (tags: string[]) => Date.now() - syncedAt <= CERTAIN_FOR_MS && tags.every(trusted);

/** `lastWrite`: the caller's latest write (RequestContext.lastWrite); the log is read up to it first. */
export async function tagVersions(io: TagIo, tags: string[], lastWrite: string | null = null): Promise<TagRead> {
  if (!tags.length) return { versions: [], certain: true };
  if (!io.configured) return { versions: tags.map((t) => local.get(t) ?? 0), certain: false };
  // A sync already on its way may have started before that write: catching up runs one of its own.
  const catchUp = lastWrite !== null && !seen(lastWrite);
  const age = Date.now() - syncedAt;
  // Due: start one (others go on meanwhile); too old to be certain (an isolate that sat idle): wait
  // for the one on its way too, rather than answer past the shared layers.
  const syncNow = catchUp || (age >= TAG_SYNC_MS && (!syncRunning() || age > CERTAIN_FOR_MS));
  const r = (syncNow || !tags.every(trusted)) && io.usable() ? io.redis() : null;
  if (r) {
    const work = (async () => {
      if (catchUp) {
        await sync(r);
        io.caughtUp();
      } else if (syncNow) await coalesce("tagv|sync", () => sync(r));
      const due = tags.filter((t) => !trusted(t));
      if (due.some((t) => pending.has(t))) await retryPendingTags(r);
      if (due.length) {
        const before = syncs;
        // Concurrent reads of the same tags share one MGET (its reply is plain strings).
        const { value } = await coalesce(`tagv|${due.join("\n")}`, () => r.mget<(string | null)[]>(...due.map(tagKey)));
        due.forEach((t, i) => remember(t, Number(value[i] ?? 0), syncs === before));
      }
      io.answered();
    })().catch((err) => io.failed(err)); // keep going with what this isolate knows
    io.defer(work);
    // Past the wait the work goes on (deferred): only this read stops waiting for it.
    await withDeadline(work, TAG_WAIT_MS, "tag versions").catch(() => {});
  }
  return { versions: tags.map((t) => known.get(t)?.v ?? 0), certain: certainOf(tags) };
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

/** INCR each tag, log them and (for a user's write) record the entry as that user's last write, in
 *  one script; returns the new versions and the log entry. Each new version is above what this
 *  isolate knows of its tag — a version it bumped locally while Redis failed included — so the write
 *  always moves this isolate to new keys (INCR_AND_LOG). */
async function incrAndLog(r: Redis, tags: string[], writer?: string): Promise<{ versions: number[]; entry: string }> {
  const keys = [...tags.map(tagKey), TAG_LOG, ...(writer === undefined ? [] : [lastWriteKey(writer)])];
  const knownNow = tags.map((t) => String(Math.max(0, known.get(t)?.v ?? 0)));
  const replies = await r.eval<string[], unknown[]>(INCR_AND_LOG, keys, [
    String(tags.length),
    tags.join("\n"),
    String(LOG_MAXLEN),
    String(LAST_WRITE_TTL_MS),
    versionStart(),
    ...knownNow,
  ]);
  if (ownEntries.size >= SYNC_BATCH) ownEntries.clear(); // entries the sync never reached (it fell behind)
  const entry = String(replies[tags.length]);
  ownEntries.add(entry);
  return { versions: tags.map((_, i) => Number(replies[i])), entry };
}

/** `writer`: the user making the write, remembered for read-your-writes on other isolates. Returns
 *  the tags' new versions when Redis confirmed them (null otherwise). */
export async function bumpTags(io: TagIo, tags: string[], writer?: string): Promise<Map<string, number> | null> {
  const unique = [...new Set(tags)];
  if (!unique.length) return null;
  if (!io.configured) {
    for (const t of unique) local.set(t, (local.get(t) ?? 0) + 1);
    return null;
  }
  const r = io.usable() ? io.redis() : null;
  if (r) {
    try {
      const { versions } = await incrAndLog(r, unique, writer);
      unique.forEach((t, i) => remember(t, versions[i]!, true));
      io.answered();
      return new Map(unique.map((t, i) => [t, versions[i]!]));
    } catch (err) {
      io.failed(err);
    }
  }
  for (const t of unique) {
    // A tag this isolate does not know gets a version no real one can equal (they are ≥ 0): a guess
    // of 1 could name an entry made before this write. Redis's answer, higher, replaces it.
    const k = known.get(t);
    known.set(t, { v: k ? k.v + 1 : -Date.now(), gen: -1 }, Number.POSITIVE_INFINITY);
    pending.add(t);
  }
  return null;
}

/** Versions another Worker confirmed in Redis and passed on (a write's answer through the gateway):
 *  this isolate takes them at once instead of waiting for its next sync. */
export function learnTags(versions: Iterable<[string, number]>): void {
  for (const [t, v] of versions) if (Number.isSafeInteger(v) && v >= 0) remember(t, v, false);
}

/** Sends the invalidations that failed earlier; throws if Redis still fails (they stay pending). */
export async function retryPendingTags(r: Redis): Promise<void> {
  if (!pending.size) return;
  const tags = [...pending];
  const { versions } = await incrAndLog(r, tags);
  tags.forEach((t, i) => {
    pending.delete(t);
    remember(t, versions[i]!, true);
  });
}
