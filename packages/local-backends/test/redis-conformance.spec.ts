// The embedded Redis next to a real one: every command shape this project sends (found by recording a
// whole test run with MONITOR), the data package's own Lua scripts, and the errors around them, run on
// both; the replies must be the same. Stream ids (time-based) are compared by shape and order.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { INCR_AND_LOG, UNDO_SCRIPT } from "../../data/src/redis-scripts";
import { redisDb } from "../src/backends";
import { redisEngine, type RedisEngine, type Reply } from "../src/redis-engine";
import { skipWhen } from "../src/skip-when";

type Step = string[] | { multi: string[][] };
const SCENARIOS: Record<string, Step[]> = {
  "strings: SET with EX, PX, NX, XX, GET, KEEPTTL; GET; MGET; DEL; EXISTS": [
    ["SET", "a", "1", "PX", "60000"],
    ["GET", "a"],
    ["SET", "a", "2", "NX"],
    ["SET", "b", "x", "NX", "EX", "60"],
    ["SET", "c", "y", "EX", "60"],
    ["SET", "a", "3", "XX", "GET"],
    ["SET", "zz", "3", "XX"],
    ["SET", "a", "4", "KEEPTTL"],
    ["TTL", "a"],
    ["SET", "a", "5"],
    ["TTL", "a"],
    ["MGET", "a", "b", "zz"],
    ["EXISTS", "a", "c", "zz", "a"],
    ["DEL", "a", "b", "zz"],
    ["GET", "a"],
    ["GET", "a", "b"],
    ["SET", "e", "1", "EX", "0"],
    ["SET", "e", "1", "EX", "x"],
    ["SET", "e", "1", "NX", "XX"],
    ["SET", "e", "1", "BOGUS"],
    ["SET", "e"],
  ],
  "counters: INCR, INCRBY, DECR, DECRBY and their errors": [
    ["INCR", "n"],
    ["INCRBY", "n", "41"],
    ["DECR", "n"],
    ["DECRBY", "n", "2"],
    ["INCRBY", "n", "-50"],
    ["GET", "n"],
    ["SET", "s", "x"],
    ["INCR", "s"],
    ["INCRBY", "n", "1.5"],
    ["SET", "big", "9223372036854775807"],
    ["INCR", "big"],
    ["INCR", "a", "b"],
  ],
  "expiry: EXPIRE with NX, XX, GT, LT; PEXPIRE; TTL on missing and persistent keys": [
    ["SET", "n", "1"],
    ["TTL", "n"],
    ["TTL", "none"],
    ["PTTL", "none"],
    ["PTTL", "n"],
    ["EXPIRE", "n", "100", "XX"],
    ["EXPIRE", "n", "100", "NX"],
    ["EXPIRE", "n", "5", "NX"],
    ["TTL", "n"],
    ["EXPIRE", "n", "50", "GT"],
    ["TTL", "n"],
    ["EXPIRE", "n", "500", "GT"],
    ["TTL", "n"],
    ["EXPIRE", "n", "7", "LT"],
    ["TTL", "n"],
    ["EXPIRE", "n", "7", "NX", "XX"],
    ["EXPIRE", "n", "7", "GT", "LT"],
    ["EXPIRE", "none", "7"],
    ["EXPIRE", "n", "x"],
    ["PEXPIRE", "n", "0"],
    ["EXISTS", "n"],
    ["SET", "p", "1"],
    ["EXPIRE", "p", "-1"],
    ["GET", "p"],
  ],
  "hashes: HSET, HGET, HGETALL (flat), HINCRBY": [
    ["HINCRBY", "h", "x", "3"],
    ["HINCRBY", "h", "y", "-1"],
    ["HGETALL", "h"],
    ["HGETALL", "none"],
    ["HSET", "h2", "a", "1", "b", "x"],
    ["HSET", "h2", "a", "2"],
    ["HGET", "h2", "a"],
    ["HGET", "h2", "zz"],
    ["HINCRBY", "h2", "b", "1"],
    ["HSET", "h2", "a"],
    ["SET", "s", "1"],
    ["HGETALL", "s"],
    ["HINCRBY", "s", "f", "1"],
    ["INCR", "h"],
    ["GET", "h"],
    ["MGET", "h", "h2"],
  ],
  "lists: RPUSH, LRANGE, LLEN": [
    ["RPUSH", "l", "x", "y", "z"],
    ["LRANGE", "l", "0", "-1"],
    ["LRANGE", "l", "-2", "10"],
    ["LRANGE", "l", "5", "9"],
    ["LLEN", "l"],
    ["LLEN", "none"],
    ["GET", "l"],
  ],
  // The canary's rollback events (packages/data canary/settings.ts): LPUSH then LTRIM, in a script.
  "lists: LPUSH, LTRIM; STRLEN": [
    ["LPUSH", "e", "a", "b"],
    ["LPUSH", "e", "c"],
    ["LRANGE", "e", "0", "-1"],
    ["LTRIM", "e", "0", "1"],
    ["LRANGE", "e", "0", "-1"],
    ["LTRIM", "e", "-1", "-1"],
    ["LRANGE", "e", "0", "-1"],
    ["LTRIM", "e", "5", "9"],
    ["EXISTS", "e"],
    ["LTRIM", "none", "0", "1"],
    ["SET", "s", "1"],
    ["LPUSH", "s", "x"],
    ["LTRIM", "s", "0", "1"],
    ["LPUSH", "e"],
    ["LTRIM", "e", "x", "1"],
    [
      "EVAL",
      "redis.call('LPUSH', KEYS[1], ARGV[1]); redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1); return redis.call('LRANGE', KEYS[1], 0, -1)",
      "1",
      "ev",
      "one",
      "2",
    ],
    [
      "EVAL",
      "redis.call('LPUSH', KEYS[1], ARGV[1]); redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1); return redis.call('LRANGE', KEYS[1], 0, -1)",
      "1",
      "ev",
      "two",
      "2",
    ],
    [
      "EVAL",
      "redis.call('LPUSH', KEYS[1], ARGV[1]); redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1); return redis.call('LRANGE', KEYS[1], 0, -1)",
      "1",
      "ev",
      "three",
      "2",
    ],
    ["STRLEN", "s"],
    ["STRLEN", "none"],
    ["STRLEN", "e"],
  ],
  "streams: XADD with MAXLEN ~ and =, XLEN, XRANGE with exclusive and incomplete ids, XREVRANGE with COUNT": [
    ["XADD", "log", "MAXLEN", "~", "2", "*", "t", "a"],
    ["XADD", "log", "MAXLEN", "~", "2", "*", "t", "b"],
    ["XADD", "log", "*", "t", "c"],
    ["XLEN", "log"],
    ["XREVRANGE", "log", "+", "-", "COUNT", "1"],
    ["XRANGE", "log", "(0-0", "+", "COUNT", "10"],
    ["XRANGE", "log", "-", "+", "COUNT", "2"],
    ["XADD", "x", "5-1", "f", "v"],
    ["XADD", "x", "5-1", "f", "v"],
    ["XADD", "x", "5", "f", "v"],
    ["XADD", "x", "6-*", "f", "v"],
    ["XADD", "x", "7", "f", "v", "g", "w"],
    ["XRANGE", "x", "(5-1", "+"],
    ["XRANGE", "x", "5", "6"],
    ["XRANGE", "x", "-", "(7-0"],
    ["XREVRANGE", "x", "(7-0", "-", "COUNT", "1"],
    ["XRANGE", "x", "-", "+", "COUNT", "0"],
    ["XADD", "x", "MAXLEN", "=", "2", "8-0", "f", "v"],
    ["XRANGE", "x", "-", "+"],
    ["XADD", "x", "0-0", "f", "v"],
    ["XADD", "x", "9-0", "f"],
    ["XRANGE", "x", "bad", "+"],
    ["XRANGE", "none", "-", "+"],
    ["XLEN", "none"],
    ["SET", "s", "1"],
    ["XADD", "s", "*", "f", "v"],
    ["XRANGE", "s", "-", "+"],
  ],
  "transactions: MULTI/EXEC keeps a failing command's error in its slot; an unknown command discards it all": [
    {
      multi: [
        ["SET", "m", "10"],
        ["INCRBY", "m", "5"],
        ["GET", "m"],
      ],
    },
    {
      multi: [
        ["SET", "m2", "not a number"],
        ["INCR", "m2"],
        ["SET", "m3", "after"],
      ],
    },
    ["MGET", "m2", "m3"],
    {
      multi: [
        ["SET", "m4", "1"],
        ["NOSUCHCOMMAND", "x"],
      ],
    },
    ["GET", "m4"],
    { multi: [["SET", "m5", "1"], ["GET"]] },
    ["GET", "m5"],
    {
      multi: [
        ["INCR", "r"],
        ["EXPIRE", "r", "60", "NX"],
        ["TTL", "r"],
        ["INCR", "r"],
        ["EXPIRE", "r", "60", "NX"],
        ["TTL", "r"],
      ],
    },
  ],
  "scripts: the data package's INCR_AND_LOG and UNDO_SCRIPT": [
    ["EVAL", INCR_AND_LOG, "4", "tagv:a", "tagv:b", "log2", "lw:1", "2", "a\nb", "1000", "60000", "1700000000000000", "0", "0"],
    ["EVAL", INCR_AND_LOG, "3", "tagv:a", "tagv:b", "log2", "2", "a\nb", "1000", "60000", "1700000000000000", "0", "0"],
    // The writer knows a higher version than Redis has (one it made up while Redis failed): raised past it.
    ["SET", "tagv:c", "3"],
    ["EVAL", INCR_AND_LOG, "3", "tagv:a", "tagv:c", "log2", "2", "a\nc", "1000", "60000", "1700000000000000", "0", "7"],
    ["MGET", "tagv:a", "tagv:b", "tagv:c"],
    ["XRANGE", "log2", "-", "+"],
    ["TTL", "lw:1"],
    ["XLEN", "log2"],
    ["SET", "rl", "3"],
    ["SET", "rl0", "0"],
    ["EVAL", UNDO_SCRIPT, "3", "rl", "rl0", "rl-none"],
    ["MGET", "rl", "rl0", "rl-none"],
  ],
  "scripts: Redis's conversions and errors": [
    ["EVAL", "return {1, 'two', 3.99, -2.5, true, false, {'nested', 4}, nil, 'after nil'}", "0"],
    ["EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "k", "v"],
    ["EVAL", "return redis.status_reply('FINE')", "0"],
    ["EVAL", "return redis.call('GET', 'missing')", "0"],
    ["EVAL", "return type(redis.call('GET', 'missing'))", "0"],
    ["EVAL", "return redis.pcall('INCR', KEYS[1])['err']", "1", "k"],
    ["EVAL", "return redis.error_reply('MYERR custom')", "0"],
    ["EVAL", "return {err = 'ERR from a table'}", "0"],
    ["EVAL", "return redis.call('HGETALL', KEYS[1])", "1", "h"],
    ["EVAL", "return #KEYS + #ARGV", "2", "a", "b", "c"],
    ["EVAL", "return 1", "-1"],
    ["EVAL", "return 1", "3", "a"],
    ["EVAL", "return tonumber('12') + 1", "0"],
  ],
  // One key per match, so the reply's order cannot differ; a server returns the cursor "0" once its
  // small keyspace is scanned, as the embedded store always does.
  "SCAN with MATCH, COUNT and TYPE": [
    ["SET", "scan:one:1", "x"],
    ["HSET", "scan:two", "f", "v"],
    ["SCAN", "0", "MATCH", "scan:one:*", "COUNT", "1000"],
    ["SCAN", "0", "MATCH", "scan:t?o", "COUNT", "1000"],
    ["SCAN", "0", "MATCH", "scan:[o]ne:1", "COUNT", "1000"],
    ["SCAN", "0", "MATCH", "scan:*", "TYPE", "hash", "COUNT", "1000"],
    ["SCAN", "0", "MATCH", "nothing:*", "COUNT", "1000"],
    ["SCAN", "x"],
    ["SCAN", "0", "COUNT", "0"],
    ["SCAN", "0", "BOGUS", "1"],
  ],
  "unknown commands and wrong arity": [["PING"], ["PING", "hello"], ["NOSUCH"], ["GET"], ["HGET", "h"], ["XADD", "s"]],
};

const STREAM_ID = /^\d{13}-\d+$/;
/** Replies with time-based stream ids replaced by their order of appearance; errors by their message. */
function comparable(replies: (Reply | Error)[]): unknown[] {
  const ids = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (v instanceof Error) return { error: v.message };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "string" && STREAM_ID.test(v)) {
      if (!ids.has(v)) ids.set(v, `<id ${ids.size + 1}>`);
      return ids.get(v);
    }
    return v;
  };
  return replies.map(walk);
}

async function play(engine: RedisEngine, steps: Step[]): Promise<(Reply | Error)[]> {
  await engine.command(["FLUSHDB"]);
  const out: (Reply | Error)[] = [];
  for (const s of steps) {
    try {
      out.push(Array.isArray(s) ? await engine.command(s) : ((await engine.transaction(s.multi)) as Reply));
    } catch (err) {
      out.push(new Error((err as Error).message));
    }
  }
  return out;
}

describe("the embedded Redis answers as Redis does", () => {
  let real: RedisEngine | null = null;
  const embedded = redisEngine("memory://redis/13");
  beforeAll(async () => {
    if (inject("kinds").redis === "server") {
      real = redisEngine(redisDb(inject("redisUrl")!, 13));
      await real.ready;
    }
  });
  afterAll(async () => {
    await real?.command(["FLUSHDB"]);
    await real?.close();
  });

  for (const [name, steps] of Object.entries(SCENARIOS)) {
    it(name, async (ctx) => {
      skipWhen(ctx, !real, "needs a Redis server to compare with (this run has only the embedded store)");
      const want = comparable(await play(real!, steps));
      const got = comparable(await play(embedded, steps));
      steps.forEach((s, i) => expect(got[i], JSON.stringify(s).slice(0, 120)).toEqual(want[i]));
    });
  }
});
