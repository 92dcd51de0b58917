// Embedded Postgres (PGlite, the last resort, docs/local-development.md) behind a wire-protocol server on loopback, so
// migrations, the seed and the Neon stand-ins (HTTP pool, WebSocket proxy) reach it over TCP exactly
// as they reach a real server. One PGlite per database (a PGlite holds one), opened on demand, in
// memory or persisted in a folder, each in its own worker thread (pglite-worker.mjs): PGlite runs
// synchronously, and a slow statement must not stop the stand-ins' event loop.
//
// PGlite is one session. Connections take turns: a connection keeps its turn from its first message
// until the session is idle again (ReadyForQuery "I") — a whole extended-protocol query, or a whole
// interactive transaction — so two clients' statements never interleave. The cost (everyone waits
// for an open transaction) is measured in docs/local-development.md. Not enforced here: roles (every
// connection is the superuser "postgres", whatever user it names) and per-connection session state.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Socket } from "node:net";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import {
  CANCEL_REQUEST,
  GSSENC_REQUEST,
  MessageReader,
  PROTOCOL_3,
  SSL_REQUEST,
  TERMINATE,
  authenticationOk,
  errorResponse,
  keepMessages,
  lastReadyStatus,
  packetCode,
  readyForQuery,
  simpleQuery,
  startupMessage,
  startupParams,
  sync,
} from "./pg-wire";

export interface EmbeddedPostgresOptions {
  /** Folder holding one sub-folder per database; null keeps every database in memory. */
  dir: string | null;
  host?: string;
  /** A connection that holds the turn inside a transaction and sends nothing for this long is ended
   *  (SQLSTATE 25P03), so one forgotten transaction cannot stop every other client. */
  idleInTransactionMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** URL of database `name`, created when missing (fresh: emptied first). */
  database(name: string, o?: { fresh?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/** One session, many connections: the holder talks to PGlite, the others wait in order. */
class Turns {
  private holder: object | null = null;
  private waiting: (() => void)[] = [];
  async take(who: object): Promise<void> {
    while (this.holder && this.holder !== who) await new Promise<void>((r) => this.waiting.push(r));
    this.holder = who;
  }
  give(who: object): void {
    if (this.holder !== who) return;
    this.holder = null;
    this.waiting.shift()?.();
  }
  holds(who: object): boolean {
    return this.holder === who;
  }
}

/** One PGlite, in its own worker thread (pglite-worker.mjs). */
interface Session {
  /** Runs wire-protocol messages in order; each one's output. */
  exec(msgs: Uint8Array[]): Promise<Uint8Array[]>;
  dump(): Promise<Uint8Array>;
  close(): Promise<void>;
}

async function openSession(dir: string | null, template: Uint8Array | null): Promise<Session> {
  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: { dir, template } });
  const waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  await new Promise<void>((ready, reject) => {
    worker.once("error", reject);
    worker.once("message", () => ready());
  });
  const fail = (err: Error) => {
    failed = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("the embedded Postgres worker exited")));
  worker.on("message", (m: { id: number; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve(m);
  });
  const ask = (msg: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id });
    });
  return {
    exec: async (msgs) => (await ask({ op: "exec", msgs })).outs as Uint8Array[],
    dump: async () => (await ask({ op: "dump" })).tar as Uint8Array,
    close: async () => {
      await ask({ op: "close" }).catch(() => {});
      await worker.terminate();
    },
  };
}

interface Instance {
  db: Session;
  /** What the server says after authentication (ParameterStatus, BackendKeyData), as PGlite says it. */
  hello: Buffer;
  turns: Turns;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

// initdb in WebAssembly takes seconds (more on a busy machine); a new database starts instead from a
// tarball of a fresh cluster, made once per PGlite build and kept in .local/cache/.
const CACHE = resolve(import.meta.dirname, "../../../.local/cache");
let template: Promise<Uint8Array> | undefined;
function freshCluster(): Promise<Uint8Array> {
  template ??= (async () => {
    const build = createHash("sha256")
      .update(createRequire(import.meta.url).resolve("@electric-sql/pglite"))
      .digest("hex")
      .slice(0, 12);
    const file = join(CACHE, `pglite-cluster-${build}.tar`);
    if (existsSync(file)) return new Uint8Array(readFileSync(file));
    const db = await openSession(null, null);
    const tar = await db.dump();
    await db.close();
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, tar);
    renameSync(tmp, file); // whole or absent, when several test runs make it at once
    return tar;
  })();
  return template;
}

export async function startEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = o.host ?? "127.0.0.1";
  const idleLimit = o.idleInTransactionMs ?? 60_000;
  const log = o.log ?? (() => {});
  const instances = new Map<string, Promise<Instance>>();
  const sockets = new Set<Socket>();
  const folder = (name: string) => (o.dir ? join(o.dir, name) : null);

  async function boot(name: string): Promise<Instance> {
    const t0 = Date.now();
    const dir = folder(name);
    const exists = dir !== null && existsSync(join(dir, "PG_VERSION"));
    if (dir && !exists) mkdirSync(dir, { recursive: true });
    const db = await openSession(dir, exists ? null : await freshCluster());
    const [greeting] = await db.exec([startupMessage({ user: "postgres", database: "postgres" })]);
    const hello = keepMessages(greeting!, "SK");
    log(`embedded Postgres: database "${name}" ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir ?? "in memory"})`);
    return { db, hello, turns: new Turns() };
  }

  function open(name: string, create: boolean): Promise<Instance> | null {
    let p = instances.get(name);
    if (!p) {
      const dir = folder(name);
      if (!create && !(dir && existsSync(join(dir, "PG_VERSION")))) return null;
      p = boot(name);
      instances.set(name, p);
      p.catch(() => instances.delete(name));
    }
    return p;
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    socket.setNoDelay(true);
    const me = {};
    const reader = new MessageReader();
    let inst: Instance | null = null;
    // The session as this connection left it: idle, in a (failed) transaction, or mid-query (messages
    // sent since the last ReadyForQuery).
    let state: "I" | "T" | "E" | "busy" = "I";
    let closed = false;
    let idle: NodeJS.Timeout | undefined;
    let work = Promise.resolve();
    const then = (step: () => Promise<void> | void) => {
      work = work.then(step).catch(() => void socket.destroy());
    };
    const send = (buf: Uint8Array) => {
      if (!socket.destroyed && buf.length) socket.write(buf);
    };

    async function startup(m: Buffer): Promise<void> {
      const code = packetCode(m);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return send(Buffer.from("N"));
      if (code === CANCEL_REQUEST) return void socket.end(); // nothing runs long enough to cancel
      if (code !== PROTOCOL_3) {
        send(errorResponse("FATAL", "0A000", "unsupported frontend protocol"));
        return void socket.end();
      }
      const params = startupParams(m);
      const name = params.database || params.user || "postgres";
      const found = open(name, false);
      if (!found) {
        send(errorResponse("FATAL", "3D000", `database "${name}" does not exist`));
        return void socket.end();
      }
      inst = await found;
      send(Buffer.concat([authenticationOk(), inst.hello, readyForQuery("I")]));
    }

    /** The messages of one read, in order: the startup exchange, then protocol messages, run as one
     *  batch on the worker (a pipelined extended query is one round trip to it). */
    async function run(msgs: Buffer[]): Promise<void> {
      let i = 0;
      while (!inst && i < msgs.length && !socket.destroyed) await startup(msgs[i++]!);
      const end = msgs.findIndex((m, k) => k >= i && m[0] === TERMINATE);
      const batch = msgs.slice(i, end < 0 ? msgs.length : end);
      if (inst && batch.length) {
        await inst.turns.take(me);
        if (closed) return; // the close step gives the turn back
        for (const out of await inst.db.exec(batch)) {
          send(out);
          state = lastReadyStatus(out) ?? "busy";
        }
        if (state === "I") inst.turns.give(me);
      }
      if (end >= 0) socket.end();
    }

    /** A connection that goes away mid-query or mid-transaction leaves the session as it found it. */
    async function release(): Promise<void> {
      clearTimeout(idle);
      sockets.delete(socket);
      if (!inst?.turns.holds(me)) return;
      if (state === "busy") state = lastReadyStatus((await inst.db.exec([sync()]))[0]!) ?? "T";
      if (state !== "I") await inst.db.exec([simpleQuery("ROLLBACK")]);
      inst.turns.give(me);
    }

    function guardIdle(): void {
      if (!inst?.turns.holds(me) || closed) return;
      idle = setTimeout(() => {
        send(
          errorResponse(
            "FATAL",
            "25P03",
            `terminating connection due to idle-in-transaction timeout (${idleLimit} ms): the embedded Postgres is one session, every other connection was waiting`,
          ),
        );
        socket.destroy();
      }, idleLimit);
    }

    socket.on("data", (chunk: Buffer) => {
      clearTimeout(idle);
      const msgs = reader.push(chunk);
      if (msgs.length) then(() => run(msgs));
      then(guardIdle);
    });
    socket.on("close", () => {
      closed = true;
      then(release);
    });
    socket.on("error", () => socket.destroy());
  }

  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    host,
    port,
    async database(name, { fresh = false } = {}) {
      if (!NAME.test(name)) throw new Error(`bad database name ${name}`);
      if (fresh) {
        const old = instances.get(name);
        instances.delete(name);
        if (old) await (await old).db.close().catch(() => {});
        const dir = folder(name);
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
      await open(name, true);
      return `postgres://postgres@${host}:${port}/${name}`;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      const all = [...instances.values()];
      instances.clear();
      // close() checkpoints a persisted database, so the next start finds it whole.
      await Promise.all(all.map(async (p) => (await p).db.close().catch(() => {})));
    },
  };
}
