// What the embedded Redis's modules share: replies, errors, integer parsing and the keyspace's shape.
import type { Stream } from "./redis-streams";

/** A status reply (+OK): a string on the wire, {ok=…} inside a script. */
export class Status {
  constructor(readonly text: string) {}
}
/** An error reply: its message is what Redis says (WRONGTYPE …, ERR …). */
export class RedisError extends Error {}
export type Reply = string | number | null | Status | Reply[];

export const OK = new Status("OK");
export const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INT = "ERR value is not an integer or out of range";

export function syntaxError(): never {
  throw new RedisError("ERR syntax error");
}

const INT64 = /^-?(0|[1-9]\d{0,18})$/;
const MAX = 9223372036854775807n;
/** A 64-bit integer argument, as Redis parses it. */
export function int(s: string, message = NOT_INT): bigint {
  if (!INT64.test(s)) throw new RedisError(message);
  const n = BigInt(s);
  if (n > MAX || n < -MAX - 1n) throw new RedisError(message);
  return n;
}
/** n when it still fits in 64 bits, else the overflow error INCR and HINCRBY give. */
export function checked(n: bigint): bigint {
  if (n > MAX || n < -MAX - 1n) throw new RedisError("ERR increment or decrement would overflow");
  return n;
}

export type Value = { type: "string"; v: string } | { type: "hash"; v: Map<string, string> } | { type: "list"; v: string[] } | { type: "stream"; v: Stream };
export type Entry = Value & { expiresAt?: number };
export type ValueOf<T extends Value["type"]> = Extract<Value, { type: T }>["v"];

export interface Keyspace {
  /** The live entry of key (an expired one is deleted first). */
  entry(key: string): Entry | undefined;
  /** The value of key if it holds `type` (undefined when missing); WRONGTYPE otherwise. */
  get<T extends Value["type"]>(key: string, type: T): ValueOf<T> | undefined;
  put(key: string, value: Value, expiresAt?: number): void;
  delete(key: string): boolean;
  /** Empties the database. */
  flush(): void;
  /** Every live key, in no particular order. */
  keys(): string[];
  /** One command, as a script's redis.call runs it. */
  call(args: string[]): Reply;
}

export interface Command {
  /** Redis's arity: n means exactly n words (name included), -n at least n. */
  arity: number;
  run(db: Keyspace, a: string[]): Reply;
}
