// An in-process Redis keyspace (the last resort for Redis, docs/local-development.md): exactly the commands this project
// sends, with Redis's replies and errors (RESP2 shapes), checked against a real Redis by
// test/redis-conformance.spec.ts. Synchronous: a command, a MULTI or a script runs whole before the
// next one, as in Redis. Expiry is lazy on access plus a periodic sweep.
// Why not a library: docs/local-development.md ("Redis").
import { runScript } from "./redis-lua";
import { streamCommands } from "./redis-streams";
export { RedisError, Status, type Reply } from "./redis-types";
import {
  OK,
  RedisError,
  Status,
  WRONGTYPE,
  checked,
  int,
  syntaxError,
  type Command,
  type Entry,
  type Keyspace,
  type Reply,
  type Value,
  type ValueOf,
} from "./redis-types";

const num = (n: bigint): number => Number(n);

export class RedisStore implements Keyspace {
  private data = new Map<string, Entry>();

  /** The live entry of key (an expired one is deleted first). */
  entry(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e?.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      this.data.delete(key);
      return undefined;
    }
    return e;
  }
  /** The value of key if it holds `type` (undefined when missing), else WRONGTYPE. */
  get<T extends Value["type"]>(key: string, type: T): ValueOf<T> | undefined {
    const e = this.entry(key);
    if (!e) return undefined;
    if (e.type !== type) throw new RedisError(WRONGTYPE);
    return e.v as ValueOf<T> | undefined;
  }
  put(key: string, value: Value, expiresAt?: number): void {
    this.data.set(key, expiresAt === undefined ? value : { ...value, expiresAt });
  }
  delete(key: string): boolean {
    return this.entry(key) !== undefined && this.data.delete(key);
  }
  flush(): void {
    this.data.clear();
  }
  keys(): string[] {
    return [...this.data.keys()].filter((k) => this.entry(k) !== undefined);
  }
  /** Drops expired keys nobody asked for since they expired. */
  sweep(): void {
    for (const k of this.data.keys()) this.entry(k);
  }

  /** Runs one command; a Redis error reply is thrown as RedisError. */
  call(args: string[]): Reply {
    return this.check(args).run(this, args);
  }

  /** MULTI … EXEC: a command that cannot be queued (unknown, wrong arity) discards the whole
   *  transaction and is thrown, as node-redis reports it against a server; one that fails when run
   *  leaves its error in its slot and the others run. */
  exec(commands: string[][]): (Reply | RedisError)[] {
    const checked = commands.map((c) => this.check(c));
    return checked.map((cmd, i) => {
      try {
        return cmd.run(this, commands[i]!);
      } catch (err) {
        if (err instanceof RedisError) return err;
        throw err;
      }
    });
  }

  private check(args: string[]): Command {
    const name = (args[0] ?? "").toLowerCase();
    const cmd = COMMANDS[name];
    if (!cmd)
      throw new RedisError(
        `ERR unknown command '${args[0] ?? ""}', with args beginning with: ${args
          .slice(1, 4)
          .map((a) => `'${a}' `)
          .join("")}`,
      );
    if (cmd.arity > 0 ? args.length !== cmd.arity : args.length < -cmd.arity) throw new RedisError(`ERR wrong number of arguments for '${name}' command`);
    return cmd;
  }
}

/** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]: the whole keyspace in one reply (cursor "0"
 *  back at once, which Redis allows: COUNT is a hint), so a caller's loop ends after one round. */
function scan(db: Keyspace, a: string[]): Reply {
  const cursor = int(a[1]!, "ERR invalid cursor");
  let match: RegExp | null = null;
  let type: string | null = null;
  for (let i = 2; i < a.length; i += 2) {
    const opt = a[i]!.toUpperCase();
    const v = a[i + 1];
    if (v === undefined) throw syntaxError();
    if (opt === "MATCH") match = globToRegExp(v);
    else if (opt === "COUNT") {
      if (int(v) < 1n) throw syntaxError();
    } else if (opt === "TYPE") type = v.toLowerCase();
    else throw syntaxError();
  }
  if (cursor !== 0n) return ["0", []];
  return ["0", db.keys().filter((k) => (!match || match.test(k)) && (!type || db.entry(k)?.type === type))];
}

/** Redis's glob: * ? [abc] [^a] [a-z], and \ to take the next character as it is. */
function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) re += escapeRe(glob[++i]!);
    else if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith("^") ? `^${body.slice(1).replace(/\\/g, "\\\\")}` : body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function incrBy(db: Keyspace, key: string, by: bigint): number {
  const e = db.entry(key);
  if (e && e.type !== "string") throw new RedisError(WRONGTYPE);
  const next = checked((e ? int(e.v) : 0n) + by);
  db.put(key, { type: "string", v: String(next) }, e?.expiresAt);
  return num(next);
}

function setExpiry(db: Keyspace, a: string[], unitMs: number): number {
  const [, key, amount, ...flags] = a as [string, string, string, ...string[]];
  const ms = num(int(amount)) * unitMs;
  const opts = new Set(flags.map((f) => f.toUpperCase()));
  for (const f of opts) if (!["NX", "XX", "GT", "LT"].includes(f)) throw new RedisError(`ERR Unsupported option ${f}`);
  if (opts.has("NX") && opts.size > 1) throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
  if (opts.has("GT") && opts.has("LT")) throw new RedisError("ERR GT and LT options at the same time are not compatible");
  const e = db.entry(key);
  if (!e) return 0;
  const at = Date.now() + ms;
  const current = e.expiresAt ?? Infinity; // no expiry counts as infinite for GT/LT
  if (opts.has("NX") && e.expiresAt !== undefined) return 0;
  if (opts.has("XX") && e.expiresAt === undefined) return 0;
  if ((opts.has("GT") && !(at > current)) || (opts.has("LT") && !(at < current))) return 0;
  if (ms <= 0) db.delete(key);
  else e.expiresAt = at;
  return 1;
}

function ttl(db: Keyspace, key: string): number {
  const e = db.entry(key);
  return !e ? -2 : e.expiresAt === undefined ? -1 : e.expiresAt - Date.now();
}

function set(db: Keyspace, a: string[]): Reply {
  const [, key, value] = a as [string, string, string];
  let expiresAt: number | undefined;
  let nx = false,
    xx = false,
    keep = false,
    get = false,
    timed = false;
  for (let i = 3; i < a.length; i++) {
    const o = a[i]!.toUpperCase();
    if ((o === "EX" || o === "PX") && i + 1 < a.length && !timed && !keep) {
      const n = num(int(a[++i]!));
      if (n <= 0) throw new RedisError("ERR invalid expire time in 'set' command");
      expiresAt = Date.now() + (o === "EX" ? n * 1000 : n);
      timed = true;
    } else if (o === "NX" && !xx) nx = true;
    else if (o === "XX" && !nx) xx = true;
    else if (o === "KEEPTTL" && !timed) keep = true;
    else if (o === "GET") get = true;
    else syntaxError();
  }
  const old = db.entry(key);
  const previous = get ? (old ? db.get(key, "string")! : null) : undefined;
  if ((nx && old) || (xx && !old)) return get ? previous! : null;
  db.put(key, { type: "string", v: value }, keep ? old?.expiresAt : expiresAt);
  return get ? previous! : OK;
}

function listIndex(len: number, s: string): number {
  const i = num(int(s));
  return i < 0 ? len + i : i;
}

const COMMANDS: Record<string, Command> = {
  ping: {
    arity: -1,
    run: (_db, a) => {
      if (a.length > 2) throw new RedisError("ERR wrong number of arguments for 'ping' command");
      return a[1] ?? new Status("PONG");
    },
  },
  flushdb: { arity: -1, run: (db) => (db.flush(), OK) },
  get: { arity: 2, run: (db, a) => db.get(a[1]!, "string") ?? null },
  set: { arity: -3, run: set },
  mget: {
    arity: -2,
    run: (db, a) =>
      a.slice(1).map((k) => {
        const e = db.entry(k);
        return e?.type === "string" ? e.v : null;
      }),
  },
  del: { arity: -2, run: (db, a) => a.slice(1).filter((k) => db.delete(k)).length },
  exists: { arity: -2, run: (db, a) => a.slice(1).filter((k) => db.entry(k)).length },
  scan: { arity: -2, run: scan },
  incr: { arity: 2, run: (db, a) => incrBy(db, a[1]!, 1n) },
  decr: { arity: 2, run: (db, a) => incrBy(db, a[1]!, -1n) },
  incrby: { arity: 3, run: (db, a) => incrBy(db, a[1]!, int(a[2]!)) },
  decrby: { arity: 3, run: (db, a) => incrBy(db, a[1]!, -int(a[2]!)) },
  expire: { arity: -3, run: (db, a) => setExpiry(db, a, 1000) },
  pexpire: { arity: -3, run: (db, a) => setExpiry(db, a, 1) },
  ttl: {
    arity: 2,
    run: (db, a) => {
      const t = ttl(db, a[1]!);
      return t < 0 ? t : Math.floor((t + 500) / 1000);
    },
  },
  pttl: { arity: 2, run: (db, a) => ttl(db, a[1]!) },
  hset: {
    arity: -4,
    run: (db, a) => {
      if (a.length % 2 !== 0) throw new RedisError("ERR wrong number of arguments for 'hset' command");
      const h = db.get(a[1]!, "hash") ?? new Map<string, string>();
      let added = 0;
      for (let i = 2; i < a.length; i += 2) {
        if (!h.has(a[i]!)) added++;
        h.set(a[i]!, a[i + 1]!);
      }
      if (!db.entry(a[1]!)) db.put(a[1]!, { type: "hash", v: h });
      return added;
    },
  },
  hget: { arity: 3, run: (db, a) => db.get(a[1]!, "hash")?.get(a[2]!) ?? null },
  hgetall: { arity: 2, run: (db, a) => [...(db.get(a[1]!, "hash") ?? new Map<string, string>())].flat() },
  hincrby: {
    arity: 4,
    run: (db, a) => {
      const by = int(a[3]!);
      const h = db.get(a[1]!, "hash");
      const cur = h?.get(a[2]!);
      const next = checked((cur === undefined ? 0n : int(cur, "ERR hash value is not an integer")) + by);
      if (h) h.set(a[2]!, String(next));
      else db.put(a[1]!, { type: "hash", v: new Map([[a[2]!, String(next)]]) });
      return num(next);
    },
  },
  rpush: {
    arity: -3,
    run: (db, a) => {
      const l = db.get(a[1]!, "list");
      if (l) return l.push(...a.slice(2));
      db.put(a[1]!, { type: "list", v: a.slice(2) });
      return a.length - 2;
    },
  },
  lpush: {
    arity: -3,
    run: (db, a) => {
      const items = a.slice(2).reverse(); // LPUSH k a b c leaves c b a at the head
      const l = db.get(a[1]!, "list");
      if (l) return l.unshift(...items);
      db.put(a[1]!, { type: "list", v: items });
      return items.length;
    },
  },
  ltrim: {
    arity: 4,
    run: (db, a) => {
      int(a[2]!); // Redis checks the range even when the key is missing
      int(a[3]!);
      const l = db.get(a[1]!, "list");
      if (!l) return OK;
      const from = Math.max(0, listIndex(l.length, a[2]!));
      const to = Math.min(l.length - 1, listIndex(l.length, a[3]!));
      const kept = from > to ? [] : l.slice(from, to + 1);
      if (!kept.length) db.delete(a[1]!);
      else l.splice(0, l.length, ...kept);
      return OK;
    },
  },
  strlen: { arity: 2, run: (db, a) => (db.get(a[1]!, "string") ?? "").length },
  llen: { arity: 2, run: (db, a) => db.get(a[1]!, "list")?.length ?? 0 },
  lrange: {
    arity: 4,
    run: (db, a) => {
      const l = db.get(a[1]!, "list") ?? [];
      const from = Math.max(0, listIndex(l.length, a[2]!));
      const to = Math.min(l.length - 1, listIndex(l.length, a[3]!));
      return from > to ? [] : l.slice(from, to + 1);
    },
  },
  eval: { arity: -3, run: (db, a) => runScript(db, a) },
  ...streamCommands,
};

/** The embedded Redis's URLs: memory://redis/<database index>. */
export const EMBEDDED_REDIS_URL = "memory://redis/0";
export const isEmbeddedRedis = (url: string): boolean => url.startsWith("memory:");

const stores = new Map<number, RedisStore>();
let sweeper: NodeJS.Timeout | undefined;
/** The process's embedded Redis database named by url: like one server's, shared by every caller. */
export function embeddedRedis(url: string): RedisStore {
  const index = Number(new URL(url).pathname.slice(1) || 0);
  let s = stores.get(index);
  if (!s) stores.set(index, (s = new RedisStore()));
  if (sweeper === undefined) sweeper = setInterval(() => stores.forEach((db) => db.sweep()), 60_000).unref();
  return s;
}
