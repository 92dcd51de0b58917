// What the Upstash stand-in runs commands on: a real Redis (node-redis, RESP2 replies unreshaped) or
// the embedded keyspace (redis-store.ts) for a memory:// URL. Same replies, same errors.
import { createClient } from "redis";
import { Status, embeddedRedis, isEmbeddedRedis, type Reply as StoreReply } from "./redis-store";

/** A reply as the REST API sends it: status replies are plain strings. */
export type Reply = string | number | null | Reply[];

export interface RedisEngine {
  /** Resolves once commands can run; rejects when the server is unreachable. */
  ready: Promise<void>;
  /** One command; a Redis error reply rejects with its message. */
  command(args: string[]): Promise<Reply>;
  /** MULTI … EXEC: each command's reply or error; rejects when the transaction was discarded. */
  transaction(commands: string[][]): Promise<(Reply | Error)[]>;
  close(): Promise<void>;
}

const wire = (r: StoreReply): Reply => (r instanceof Status ? r.text : Array.isArray(r) ? r.map(wire) : r);

function embeddedEngine(url: string): RedisEngine {
  const db = embeddedRedis(url);
  return {
    ready: Promise.resolve(),
    command: async (args) => wire(db.call(args)),
    transaction: async (commands) => db.exec(commands).map((r) => (r instanceof Error ? r : wire(r))),
    close: async () => {},
  };
}

function serverEngine(url: string): RedisEngine {
  const client = createClient({ url, RESP: 2, socket: { reconnectStrategy: (n) => Math.min(n * 100, 2_000), connectTimeout: 2_000 } });
  client.on("error", () => {}); // reported per request instead
  const ready = client.connect().then(() => undefined);
  ready.catch(() => {});
  return {
    ready,
    command: async (args) => (await client.sendCommand(args)) as Reply,
    async transaction(commands) {
      const multi = client.multi();
      for (const c of commands) multi.addCommand(c);
      try {
        return (await multi.exec()) as unknown as (Reply | Error)[];
      } catch (err) {
        // A command that failed when run: node-redis throws, with every reply (errors included) attached.
        const withReplies = err as { replies?: (Reply | Error)[] };
        if (!Array.isArray(withReplies.replies)) throw err;
        return withReplies.replies;
      }
    },
    async close() {
      await ready.catch(() => {});
      if (client.isOpen) await client.quit().catch(() => client.destroy());
    },
  };
}

export const redisEngine = (url: string): RedisEngine => (isEmbeddedRedis(url) ? embeddedEngine(url) : serverEngine(url));

/** Empties one Redis database (the index in url's path), on a server or the embedded store. */
export async function flushRedis(url: string): Promise<void> {
  const engine = redisEngine(url);
  try {
    await engine.ready;
    await engine.command(["FLUSHDB"]);
  } finally {
    await engine.close();
  }
}
