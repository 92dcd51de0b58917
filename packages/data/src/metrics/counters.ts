// Counters aggregated across isolates, per minute bucket (docs/architecture.md#figures).
// The hot path only adds to this isolate's counts (memory). At most every FLUSH_EVERY_MS one request
// flushes them in waitUntil as one Redis pipeline — HINCRBY metrics:<namespace>:<minute> <counter> <n>,
// plus EXPIRE — so Redis sees a few writes per isolate per minute, never one per request.
// read() sums the last N minute buckets (for the health service) and writes nothing.
// Without Redis the counts stay in this isolate (a reader then sees only its own isolate).
import { withDeadline } from "@pitchey/http";
import type { Redis } from "../redis";
import type { DataEnv } from "../env";
import { redis, redisConfigured } from "../redis";

export const FLUSH_EVERY_MS = 5_000;
export const RETAIN_MINUTES = 120;
export const BUCKET_MS = 60_000;
const READ_DEADLINE_MS = 1_500;

export interface CounterWindow {
  window: { minutes: number; from: string; to: string };
  /** "redis": every isolate's counters; "isolate": only this isolate's (no Redis configured);
   *  "unavailable": Redis did not answer. */
  source: "redis" | "isolate" | "unavailable";
  sums: Map<string, number>;
  /** The same counters per minute bucket, oldest first (one per minute of the window, empty ones too). */
  buckets: { minute: number; sums: Map<string, number> }[];
  error?: string;
}

export interface CounterStore {
  add(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, counter: string, n?: number): void;
  /** Sends this isolate's counts to Redis now. Never throws: on failure they wait for the next flush. */
  flush(env: DataEnv): Promise<void>;
  /** Flushes, and runs `extra`'s commands in the same pipeline (one round trip); resolves to their
   *  replies. Rejects when Redis fails (the counts then wait for the next flush). */
  flushWith(env: DataEnv, extra: (p: ReturnType<Redis["pipeline"]>) => void): Promise<unknown[]>;
  read(env: DataEnv, minutes: number): Promise<CounterWindow>;
  /** The Redis key of one minute bucket (for reads that share another pipeline). */
  keyFor(minute: number): string;
}

/** The minute buckets a window of `minutes` ending now covers, oldest first. */
export function windowMinutes(minutes: number, now = Date.now()): number[] {
  const span = Math.max(1, Math.min(RETAIN_MINUTES, Math.floor(minutes)));
  const last = Math.floor(now / BUCKET_MS);
  return Array.from({ length: span }, (_, i) => last - span + 1 + i);
}

/** Adds HGETALL replies of minute buckets into one map of sums. */
export function sumBuckets(replies: unknown[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const reply of replies) addReply(sums, reply);
  return sums;
}

/** The sums of per-minute maps. */
export function addAll(buckets: { sums: Map<string, number> }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of buckets) for (const [k, v] of b.sums) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Upstash sends HGETALL as a flat [field, value, …] array (RESP2); accept an object too. */
function addReply(into: Map<string, number>, reply: unknown): void {
  const pairs: [string, unknown][] = Array.isArray(reply)
    ? Array.from({ length: reply.length / 2 }, (_, i) => [String(reply[2 * i]), reply[2 * i + 1]])
    : reply && typeof reply === "object"
      ? Object.entries(reply)
      : [];
  for (const [k, v] of pairs) into.set(k, (into.get(k) ?? 0) + Number(v));
}

export function counterStore(namespace: string, opts: { beforeFlush?: (r: Redis) => Promise<void> } = {}): CounterStore {
  const key = (minute: number) => `metrics:${namespace}:${minute}`;
  /** minute → counts not flushed yet (with Redis), or kept for the window (without). */
  const counts = new Map<number, Map<string, number>>();
  let lastFlush = 0;
  // A flag, not a promise: a request never awaits another request's flush (docs/architecture.md#data).
  let flushing = false;

  function bump(minute: number, counter: string, n: number): void {
    let m = counts.get(minute);
    if (!m) {
      m = new Map();
      counts.set(minute, m);
      for (const old of counts.keys()) if (old <= minute - RETAIN_MINUTES) counts.delete(old);
    }
    m.set(counter, (m.get(counter) ?? 0) + n);
  }

  /** One pipeline: the counts not flushed yet, then `extra`'s commands; resolves to extra's replies. */
  async function flushNow(env: DataEnv, extra?: (p: ReturnType<Redis["pipeline"]>) => void): Promise<unknown[]> {
    const r = redis(env);
    if (!r) return [];
    await opts.beforeFlush?.(r).catch(() => {});
    const snapshot = [...counts];
    counts.clear();
    if (!snapshot.length && !extra) return [];
    try {
      const p = r.pipeline();
      let n = 0;
      for (const [minute, m] of snapshot) {
        for (const [counter, v] of m) p.hincrby(key(minute), counter, v), n++;
        p.expire(key(minute), RETAIN_MINUTES * 60);
        n++;
      }
      extra?.(p);
      const replies = await p.exec<unknown[]>();
      return replies.slice(n);
    } catch (err) {
      for (const [minute, m] of snapshot) for (const [counter, v] of m) bump(minute, counter, v);
      if (extra) throw err;
      return [];
    }
  }

  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    // One flush at a time, so a forced flush sees the earlier ones land.
    while (flushing) await new Promise((r) => setTimeout(r, 5));
    flushing = true;
    try {
      return await work();
    } finally {
      flushing = false;
    }
  }

  const store: CounterStore = {
    keyFor: key,
    add(env, ctx, counter, n = 1) {
      if (!n) return;
      const now = Date.now();
      bump(Math.floor(now / BUCKET_MS), counter, n);
      if (!flushing && now - lastFlush >= FLUSH_EVERY_MS && redisConfigured(env)) {
        lastFlush = now;
        ctx.waitUntil(store.flush(env));
      }
    },
    async flush(env) {
      await exclusive(() => flushNow(env));
    },
    flushWith(env, extra) {
      return exclusive(() => flushNow(env, extra));
    },
    async read(env, minutes) {
      const span = Math.max(1, Math.min(RETAIN_MINUTES, Math.floor(minutes)));
      const now = Date.now();
      const last = Math.floor(now / BUCKET_MS);
      const first = last - span + 1;
      const window = { minutes: span, from: new Date(first * BUCKET_MS).toISOString(), to: new Date(now).toISOString() };
      const buckets = Array.from({ length: span }, (_, i) => ({ minute: first + i, sums: new Map<string, number>() }));
      const total = () => addAll(buckets);
      const r = redis(env);
      if (!r) {
        for (const b of buckets) for (const [k, v] of counts.get(b.minute) ?? []) b.sums.set(k, v);
        return { window, source: "isolate", sums: total(), buckets };
      }
      try {
        const p = r.pipeline();
        for (let m = first; m <= last; m++) p.hgetall(key(m));
        const replies = await withDeadline(p.exec<unknown[]>(), READ_DEADLINE_MS, `${namespace} metrics`);
        replies.forEach((reply, i) => addReply(buckets[i]!.sums, reply));
        return { window, source: "redis", sums: total(), buckets };
      } catch (err) {
        return { window, source: "unavailable", sums: new Map(), buckets: [], error: String((err as Error)?.message ?? err).slice(0, 200) };
      }
    },
  };
  return store;
}
