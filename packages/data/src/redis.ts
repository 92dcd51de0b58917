// Redis through Upstash's REST API (one POST per command, /pipeline or /multi-exec for several), the
// client every Worker and script uses. Small on purpose: the commands this project sends, values as
// plain strings (our values are UTF-8 JSON or text), a deadline per call and no retry — a failure is
// the caller's to degrade around (every caller does), and a retried INCR could count twice.
// One client per (url, token) per isolate: it holds plain configuration only; every call makes its
// own fetch inside the request that calls it.
import type { DataEnv } from "./env";

export const REDIS_TIMEOUT_MS = 1_500;

export class RedisError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(`${message}, command was: ${command.slice(0, 200)}`);
    this.name = "RedisError";
  }
}

type Arg = string | number;
export type Command = Arg[];

export interface SetOptions {
  ex?: number;
  px?: number;
  nx?: boolean;
  keepTtl?: boolean;
}

function setArgs(key: string, value: Arg, o?: SetOptions): Command {
  const c: Command = ["SET", key, value];
  if (o?.ex !== undefined) c.push("EX", o.ex);
  if (o?.px !== undefined) c.push("PX", o.px);
  if (o?.nx) c.push("NX");
  if (o?.keepTtl) c.push("KEEPTTL");
  return c;
}

/** Commands queued for one /pipeline (each on its own) or /multi-exec (all or none) request. */
export class Batch {
  private readonly cmds: Command[] = [];
  constructor(
    private readonly client: Redis,
    private readonly path: "/pipeline" | "/multi-exec",
  ) {}
  private push(c: Command): this {
    this.cmds.push(c);
    return this;
  }
  get(key: string) {
    return this.push(["GET", key]);
  }
  set(key: string, value: Arg, o?: SetOptions) {
    return this.push(setArgs(key, value, o));
  }
  del(...keys: string[]) {
    return this.push(["DEL", ...keys]);
  }
  incr(key: string) {
    return this.push(["INCR", key]);
  }
  incrby(key: string, n: number) {
    return this.push(["INCRBY", key, n]);
  }
  ttl(key: string) {
    return this.push(["TTL", key]);
  }
  expire(key: string, seconds: number, option?: "NX" | "XX" | "GT" | "LT") {
    return this.push(option ? ["EXPIRE", key, seconds, option] : ["EXPIRE", key, seconds]);
  }
  hincrby(key: string, field: string, n: number) {
    return this.push(["HINCRBY", key, field, n]);
  }
  hgetall(key: string) {
    return this.push(["HGETALL", key]);
  }
  xadd(key: string, id: string, fields: Record<string, Arg>, trim?: { maxlen: number; approximate?: boolean }) {
    return this.push(["XADD", key, ...(trim ? ["MAXLEN", ...(trim.approximate ? ["~"] : []), trim.maxlen] : []), id, ...Object.entries(fields).flat()]);
  }
  /** Runs the batch: one reply per command, in order; any command's error rejects the whole. */
  exec<T extends unknown[] = unknown[]>(): Promise<T> {
    if (!this.cmds.length) return Promise.resolve([] as unknown as T);
    return this.client.send<T>(this.path, this.cmds);
  }
}

export class Redis {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly timeoutMs = REDIS_TIMEOUT_MS,
  ) {}

  /** One POST; `{result}` (or an array of them for a batch) or a RedisError. */
  async send<T>(path: "" | "/pipeline" | "/multi-exec", body: Command | Command[]): Promise<T> {
    const what = JSON.stringify(body);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let res: Response;
    let json: unknown;
    try {
      res = await fetch(`${this.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: what,
        signal: abort.signal,
      });
      json = await res.json().catch(() => null);
    } catch (err) {
      throw new RedisError(abort.signal.aborted ? `no answer in ${this.timeoutMs} ms` : String((err as Error)?.message ?? err), what);
    } finally {
      clearTimeout(timer);
    }
    if (path === "") {
      const r = json as { result?: unknown; error?: string } | null;
      if (!res.ok || !r || r.error !== undefined) throw new RedisError(r?.error ?? `HTTP ${res.status}`, what);
      return r.result as T;
    }
    if (!res.ok || !Array.isArray(json)) throw new RedisError((json as { error?: string } | null)?.error ?? `HTTP ${res.status}`, what);
    return (json as { result?: unknown; error?: string }[]).map((r) => {
      if (r.error !== undefined) throw new RedisError(r.error, what);
      return r.result;
    }) as T;
  }

  command<T = unknown>(c: Command): Promise<T> {
    return this.send<T>("", c);
  }

  pipeline(): Batch {
    return new Batch(this, "/pipeline");
  }
  multi(): Batch {
    return new Batch(this, "/multi-exec");
  }

  ping(): Promise<string> {
    return this.command(["PING"]);
  }
  /** Empties this logical database (tests and the resilience suite's "Redis loses every key"). */
  flushdb(): Promise<string> {
    return this.command(["FLUSHDB"]);
  }
  get<T = string>(key: string): Promise<T | null> {
    return this.command(["GET", key]);
  }
  mget<T extends unknown[] = (string | null)[]>(...keys: string[]): Promise<T> {
    return this.command(["MGET", ...keys]);
  }
  set(key: string, value: Arg, o?: SetOptions): Promise<string | null> {
    return this.command(setArgs(key, value, o));
  }
  del(...keys: string[]): Promise<number> {
    return this.command(["DEL", ...keys]);
  }
  exists(...keys: string[]): Promise<number> {
    return this.command(["EXISTS", ...keys]);
  }
  incr(key: string): Promise<number> {
    return this.command(["INCR", key]);
  }
  incrby(key: string, n: number): Promise<number> {
    return this.command(["INCRBY", key, n]);
  }
  ttl(key: string): Promise<number> {
    return this.command(["TTL", key]);
  }
  strlen(key: string): Promise<number> {
    return this.command(["STRLEN", key]);
  }
  expire(key: string, seconds: number): Promise<number> {
    return this.command(["EXPIRE", key, seconds]);
  }
  pexpire(key: string, ms: number): Promise<number> {
    return this.command(["PEXPIRE", key, ms]);
  }
  hset(key: string, fields: Record<string, Arg>): Promise<number> {
    return this.command(["HSET", key, ...Object.entries(fields).flat()]);
  }
  /** As Redis sends it: a flat [field, value, …] array. */
  hgetall(key: string): Promise<string[]> {
    return this.command(["HGETALL", key]);
  }
  lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.command(["LRANGE", key, start, stop]);
  }
  /** Stream entries as [id, [field, value, …]]. */
  xrange(key: string, start: string, end: string, count?: number): Promise<[string, string[]][]> {
    return this.command(["XRANGE", key, start, end, ...(count === undefined ? [] : ["COUNT", count])]);
  }
  xrevrange(key: string, end: string, start: string, count?: number): Promise<[string, string[]][]> {
    return this.command(["XREVRANGE", key, end, start, ...(count === undefined ? [] : ["COUNT", count])]);
  }
  eval<A extends unknown[] = unknown[], T = unknown>(script: string, keys: string[], args: A): Promise<T> {
    return this.command(["EVAL", script, keys.length, ...keys, ...(args as unknown as Arg[])]);
  }
  scan(cursor: string | number, o: { match?: string; count?: number } = {}): Promise<[string, string[]]> {
    return this.command(["SCAN", cursor, ...(o.match ? ["MATCH", o.match] : []), ...(o.count ? ["COUNT", o.count] : [])]);
  }
}

export function redisConfigured(env: DataEnv): boolean {
  return Boolean(env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN);
}

const clients = new Map<string, Redis>();

/** The Redis client for env, or null when Redis is not configured (the cache then runs without that layer). */
export function redis(env: DataEnv): Redis | null {
  if (!redisConfigured(env)) return null;
  const key = `${env.UPSTASH_REDIS_REST_URL}\n${env.UPSTASH_REDIS_REST_TOKEN}`;
  let c = clients.get(key);
  if (!c) {
    c = new Redis(env.UPSTASH_REDIS_REST_URL!.replace(/\/+$/, ""), env.UPSTASH_REDIS_REST_TOKEN!);
    clients.set(key, c);
  }
  return c;
}
