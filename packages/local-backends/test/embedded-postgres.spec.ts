// The embedded Postgres server (PGlite behind the wire protocol), driven by the `pg` client over TCP as
// migrations, the seed and the Neon stand-ins drive it. Runs whatever back-ends the run picked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../src/embedded-postgres";
import { MessageReader, startupMessage } from "../src/pg-wire";

/** A client that writes protocol messages by hand, so a test can stop in the middle of a query. */
async function rawClient(port: number, database: string) {
  const socket: Socket = connect({ host: "127.0.0.1", port });
  const reader = new MessageReader();
  reader.push(Buffer.from([0, 0, 0, 8, 0, 3, 0, 0])); // the server's replies are all typed
  const inbox: Buffer[] = [];
  let wake = () => {};
  socket.on("data", (chunk) => {
    inbox.push(...reader.push(chunk));
    wake();
  });
  /** Reads messages until one of type `until`; returns them all. */
  const read = async (until: string): Promise<Buffer[]> => {
    const got: Buffer[] = [];
    for (;;) {
      while (inbox.length) {
        const m = inbox.shift()!;
        got.push(m);
        if (m.toString("latin1", 0, 1) === until) return got;
      }
      await new Promise<void>((r) => (wake = r));
    }
  };
  const msg = (type: string, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts);
    const head = Buffer.alloc(5);
    head.write(type, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const cstr = (s: string) => Buffer.from(`${s}\0`);
  const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  socket.write(startupMessage({ user: "postgres", database }));
  await read("Z");
  return {
    read,
    parseAndBind: (sql: string) =>
      socket.write(Buffer.concat([msg("P", cstr(""), cstr(sql), int16(0)), msg("B", cstr(""), cstr(""), int16(0), int16(0), int16(0))])),
    describeExecuteSync: () => socket.write(Buffer.concat([msg("D", Buffer.from("P"), cstr("")), msg("E", cstr(""), Buffer.alloc(4)), msg("S")])),
    /** The first column of the first DataRow among msgs, as text. */
    firstValue: (msgs: Buffer[]): string | undefined => {
      const row = msgs.find((m) => m[0] === 0x44);
      return row?.toString("utf8", 11, 11 + row.readInt32BE(7));
    },
    end: () => socket.end(),
  };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: Error & { code?: string }) => e,
  );

describe("one PGlite session shared by many connections", () => {
  let server: EmbeddedPostgres;
  let url: string;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dir: null, idleInTransactionMs: 1_000 });
    url = await server.database("shared");
    pool = new pg.Pool({ connectionString: url, max: 8 });
    await pool.query("create table items (id int primary key, v text)");
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it("answers concurrent queries from many connections, each with its own statement and parameters", async () => {
    // Each query is Parse/Bind/Describe/Execute/Sync with the unnamed statement: interleaved, one
    // connection's Bind would run another's statement.
    const rows = await Promise.all(
      Array.from({ length: 120 }, (_, i) => pool.query(`select $1::int * 2 as doubled, $2::text as label, ${i} as n`, [i, `q${i}`]).then((r) => r.rows[0])),
    );
    expect(rows).toEqual(Array.from({ length: 120 }, (_, i) => ({ doubled: i * 2, label: `q${i}`, n: i })));
  });

  it("a query cut between Bind and Execute keeps its turn: another connection's query cannot replace its statement", async () => {
    const a = await rawClient(server.port, "shared");
    try {
      a.parseAndBind("select 'A' as who");
      await a.read("2"); // BindComplete: A's unnamed statement and portal exist, and no Sync yet
      const b = pool.query("select $1::text as who", ["B"]);
      // Give B every chance to run its own Parse/Bind (the same unnamed statement and portal) first.
      await Promise.race([b, new Promise((r) => setTimeout(r, 300))]);
      a.describeExecuteSync();
      expect(a.firstValue(await a.read("Z"))).toBe("A");
      expect((await b).rows).toEqual([{ who: "B" }]);
    } finally {
      a.end();
    }
  });

  it("an open transaction keeps the other connections waiting; they see only what it committed", async () => {
    const tx = await pool.connect();
    try {
      await tx.query("begin");
      await tx.query("insert into items values (1, 'never committed')");
      const other = pool.query("select count(*)::int as n from items");
      // Give the other query every chance to slip into the open transaction (the same session) first.
      await Promise.race([other, new Promise((r) => setTimeout(r, 300))]);
      await tx.query("rollback");
      expect((await other).rows).toEqual([{ n: 0 }]);
    } finally {
      tx.release();
    }
  });

  it("a connection dropped inside a transaction is rolled back, and the others go on", async () => {
    const c = new pg.Client({ connectionString: url });
    c.on("error", () => {});
    await c.connect();
    await c.query("begin");
    await c.query("insert into items values (2, 'lost with its connection')");
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await pool.query("select count(*)::int as n from items where id = 2")).rows).toEqual([{ n: 0 }]);
    expect((await pool.query("select 1 as still_answering")).rows).toEqual([{ still_answering: 1 }]);
  });

  it("ends a connection left idle inside a transaction (25P03), so it cannot stop everyone", async () => {
    const c = new pg.Client({ connectionString: url });
    const ended = new Promise<Error & { code?: string }>((r) => c.on("error", r));
    await c.connect();
    await c.query("begin");
    await c.query("insert into items values (3, 'abandoned')");
    const other = pool.query("select count(*)::int as n from items where id = 3");
    expect((await ended).code).toBe("25P03");
    expect((await other).rows).toEqual([{ n: 0 }]);
  });

  it("an error inside an extended-protocol query leaves the session usable", async () => {
    expect((await failure(pool.query("select 1 / $1::int", [0]))).code).toBe("22012");
    expect((await failure(pool.query({ text: "select 1; select 2", queryMode: "extended" } as pg.QueryConfig))).message).toMatch(/multiple commands/);
    expect((await pool.query("select 2 as fine")).rows).toEqual([{ fine: 2 }]);
  });

  it("keeps serving while a statement runs: PGlite works in its own thread, not the server's", async () => {
    const order: string[] = [];
    const slow = pool.query("select pg_sleep(1)").then(() => order.push("slow statement done"));
    await new Promise((r) => setTimeout(r, 100)); // the sleep has begun
    const c = new pg.Client({ connectionString: url });
    await c.connect().then(() => order.push("new connection accepted")); // the handshake needs no turn
    await slow;
    await c.end();
    expect(order).toEqual(["new connection accepted", "slow statement done"]);
  });

  it("refuses a database that was never made (3D000); any user name is accepted: roles are not enforced", async () => {
    const missing = new pg.Client({ connectionString: url.replace("/shared", "/no_such_db") });
    expect((await failure(missing.connect())).code).toBe("3D000");
    const u = new URL(url);
    u.username = "pitchey_auth";
    u.password = "ignored";
    const other = new pg.Client({ connectionString: u.toString() });
    await other.connect();
    expect((await other.query("select current_user as who")).rows).toEqual([{ who: "postgres" }]);
    await other.end();
  });
});

describe("a persisted database", () => {
  const dir = mkdtempSync(join(tmpdir(), "pitchey-pglite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const query = async (url: string, sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  it("survives a restart; fresh empties it", async () => {
    const first = await startEmbeddedPostgres({ dir });
    const url = await first.database("kept");
    await query(url, "create table notes (body text); insert into notes values ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dir });
    try {
      // No database() call: a folder left by an earlier run is found by name on connect.
      expect(await query(`postgres://postgres@127.0.0.1:${second.port}/kept`, "select body from notes")).toEqual([{ body: "still here" }]);
      const again = await second.database("kept", { fresh: true });
      expect(await query(again, "select to_regclass('notes') as t")).toEqual([{ t: null }]);
    } finally {
      await second.stop();
    }
  });
});
