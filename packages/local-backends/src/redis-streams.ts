// Streams for the embedded Redis: XADD (time-based ids, MAXLEN = and ~), XLEN, XRANGE and XREVRANGE
// (COUNT, exclusive "(" bounds) — what the cache's tag log uses.
import { RedisError, int, syntaxError, type Command, type Keyspace, type Reply } from "./redis-types";

type Id = { ms: number; seq: number };
export interface Stream {
  entries: { id: Id; fields: string[] }[];
  last: Id;
}

const BAD_ID = "ERR Invalid stream ID specified as stream command argument";
const MAX_SEQ = Number.MAX_SAFE_INTEGER;
/** stream-node-max-entries: MAXLEN ~ trims only whole nodes of this many entries, as Redis does. */
const NODE = 100;

const cmp = (a: Id, b: Id) => a.ms - b.ms || a.seq - b.seq;
const text = (id: Id) => `${id.ms}-${id.seq}`;

function parseId(s: string, missingSeq: number): Id {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) throw new RedisError(BAD_ID);
  return { ms: Number(m[1]), seq: m[2] === undefined ? missingSeq : Number(m[2]) };
}

/** A range bound: "-", "+", an id, an incomplete id (ms alone) or an exclusive "(id". */
function bound(s: string, side: "start" | "end"): Id {
  if (s === "-") return { ms: 0, seq: 0 };
  if (s === "+") return { ms: Number.MAX_SAFE_INTEGER, seq: MAX_SEQ };
  const exclusive = s.startsWith("(");
  const id = parseId(exclusive ? s.slice(1) : s, side === "start" ? 0 : MAX_SEQ);
  if (!exclusive) return id;
  if (side === "start") return id.seq === MAX_SEQ ? { ms: id.ms + 1, seq: 0 } : { ms: id.ms, seq: id.seq + 1 };
  if (id.ms === 0 && id.seq === 0) throw new RedisError(`ERR invalid end ID for the interval`);
  return id.seq === 0 ? { ms: id.ms - 1, seq: MAX_SEQ } : { ms: id.ms, seq: id.seq - 1 };
}

function nextId(s: Stream, given: string): Id {
  if (given === "*") {
    const ms = Math.max(Date.now(), s.last.ms);
    return { ms, seq: ms === s.last.ms ? s.last.seq + 1 : 0 };
  }
  const auto = /^(\d+)-\*$/.exec(given);
  const id = auto ? { ms: Number(auto[1]), seq: Number(auto[1]) === s.last.ms ? s.last.seq + 1 : 0 } : parseId(given, 0);
  if (id.ms === 0 && id.seq === 0) throw new RedisError("ERR The ID specified in XADD must be greater than 0-0");
  if (cmp(id, s.last) <= 0) throw new RedisError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
  return id;
}

function xadd(db: Keyspace, a: string[]): Reply {
  const key = a[1]!;
  let i = 2;
  let noMake = false;
  let maxLen: number | undefined;
  let approx = false;
  for (;;) {
    const t = a[i]?.toUpperCase();
    if (t === "NOMKSTREAM") {
      noMake = true;
      i++;
    } else if (t === "MAXLEN") {
      if (a[i + 1] === "~" || a[i + 1] === "=") approx = a[++i] === "~";
      const n = Number(int(a[++i] ?? syntaxError()));
      if (n < 0) throw new RedisError("ERR The MAXLEN argument must be >= 0.");
      maxLen = n;
      i++;
    } else break;
  }
  const fields = a.slice(i + 1);
  if (i >= a.length || fields.length === 0 || fields.length % 2 !== 0) throw new RedisError("ERR wrong number of arguments for 'xadd' command");
  let s = db.get(key, "stream");
  if (!s) {
    if (noMake) return null;
    s = { entries: [], last: { ms: 0, seq: 0 } };
    db.put(key, { type: "stream", v: s });
  }
  const id = nextId(s, a[i]!);
  s.entries.push({ id, fields });
  s.last = id;
  if (maxLen !== undefined) {
    if (approx) while (s.entries.length - NODE >= maxLen) s.entries.splice(0, NODE);
    else if (s.entries.length > maxLen) s.entries.splice(0, s.entries.length - maxLen);
  }
  return text(id);
}

function range(db: Keyspace, a: string[], reverse: boolean): Reply {
  const [, key, first, second] = a as [string, string, string, string];
  let count = Infinity;
  if (a.length === 6 && a[4]!.toUpperCase() === "COUNT") count = Math.max(0, Number(int(a[5]!)));
  else if (a.length !== 4) syntaxError();
  const lo = bound(reverse ? second : first, "start");
  const hi = bound(reverse ? first : second, "end");
  const s = db.get(key, "stream");
  if (count === 0) return null; // as Redis answers COUNT 0
  if (!s) return [];
  const hits = s.entries.filter((e) => cmp(e.id, lo) >= 0 && cmp(e.id, hi) <= 0);
  if (reverse) hits.reverse();
  return hits.slice(0, count).map((e) => [text(e.id), [...e.fields]]);
}

export const streamCommands: Record<string, Command> = {
  xadd: { arity: -5, run: xadd },
  xlen: { arity: 2, run: (db, a) => db.get(a[1]!, "stream")?.entries.length ?? 0 },
  xrange: { arity: -4, run: (db, a) => range(db, a, false) },
  xrevrange: { arity: -4, run: (db, a) => range(db, a, true) },
};
