// Neon's WebSocket proxy, driven by the real Pool/Client: interactive transactions, row locks held
// across round trips, errors with their fields, and the Postgres connection closed on Terminate.
import { Client, DatabaseError, neonConfig, Pool } from "@neondatabase/serverless";
import ws from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../src/backends";
import type { StandIns } from "../src/server";
import { skipWhen } from "../src/skip-when";
import { control, driverUrl, standIns } from "./stand-ins";

let s: StandIns;
let pool: Pool;

async function failure(p: Promise<unknown>): Promise<Error & { code?: string; constraint?: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error & { code?: string };
}

const balance = async (id: number) => (await pool.query("select balance from ws_accounts where id = $1", [id])).rows[0]?.balance;

beforeAll(async () => {
  s = await standIns({ control: true });
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = s.neonWsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
  neonConfig.pipelineTLS = false;
  pool = new Pool({ connectionString: driverUrl(), max: 4, connectionTimeoutMillis: 5_000 });
  await pool.query(`create table ws_accounts (
    id int primary key, owner text not null constraint ws_accounts_owner_key unique, balance numeric(14, 2) not null)`);
  await pool.query("insert into ws_accounts values (1, 'ana', 100.00), (2, 'ben', 50.00)");
});

afterAll(async () => {
  await pool?.end();
  await s?.close();
});

describe("Pool over the WebSocket proxy", () => {
  it("queries with parameters and typed values", async () => {
    const r = await pool.query(
      "select $1::int8 as big, $2::jsonb as doc, $3::timestamptz as at, $4::int[] as ints, null::text as nothing, '\\x00ff'::bytea as bin",
      ["9007199254740993", JSON.stringify({ a: 1 }), new Date("2026-03-01T00:00:00Z"), [1, 2]],
    );
    expect(r.rows[0]).toMatchObject({ big: "9007199254740993", doc: { a: 1 }, at: new Date("2026-03-01T00:00:00Z"), ints: [1, 2], nothing: null });
    expect(Buffer.from(r.rows[0].bin).toString("hex")).toBe("00ff");
  });

  it("commits an interactive transaction: read, decide, write on one connection", async () => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query("select balance from ws_accounts where id = $1 for update", [1]);
      const next = (Number(rows[0].balance) - 30).toFixed(2);
      await c.query("update ws_accounts set balance = $2 where id = $1", [1, next]);
      await c.query("update ws_accounts set balance = balance + 30 where id = $1", [2]);
      await c.query("COMMIT");
    } finally {
      c.release();
    }
    expect([await balance(1), await balance(2)]).toEqual(["70.00", "80.00"]);
  });

  it("rolls an interactive transaction back", async () => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      await c.query("update ws_accounts set balance = 0 where id = 1");
      expect((await c.query("select balance from ws_accounts where id = 1")).rows[0].balance).toBe("0.00");
      await c.query("ROLLBACK");
    } finally {
      c.release();
    }
    expect(await balance(1)).toBe("70.00");
  });

  it("holds a FOR UPDATE lock across round trips until COMMIT", async (ctx) => {
    skipWhen(
      ctx,
      inject("kinds").postgres === "embedded",
      "needs concurrent sessions: on the embedded Postgres the second connection waits for the first one's transaction to end, so it never meets the row lock",
    );
    const holder = await pool.connect();
    const other = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("select * from ws_accounts where id = 2 for update");
      await other.query("BEGIN");
      const err = await failure(other.query("select * from ws_accounts where id = 2 for update nowait"));
      expect(err.code).toBe("55P03"); // lock_not_available
      await other.query("ROLLBACK");
      await holder.query("COMMIT");
      await other.query("BEGIN");
      expect((await other.query("select id from ws_accounts where id = 2 for update nowait")).rowCount).toBe(1);
      await other.query("COMMIT");
    } finally {
      holder.release();
      other.release();
    }
  });

  it("a failed statement aborts the transaction; ROLLBACK undoes what came before", async () => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      await c.query("insert into ws_accounts values (3, 'cat', 1)");
      const err = await failure(c.query("insert into ws_accounts values (4, 'ana', 1)"));
      expect(err).toBeInstanceOf(DatabaseError);
      expect([err.code, err.constraint]).toEqual(["23505", "ws_accounts_owner_key"]);
      expect((await failure(c.query("select 1"))).code).toBe("25P02"); // in_failed_sql_transaction
      await c.query("ROLLBACK");
    } finally {
      c.release();
    }
    expect((await pool.query("select count(*)::int as n from ws_accounts where id in (3, 4)")).rows).toEqual([{ n: 0 }]);
  });

  it("a syntax error is 42601", async () => {
    expect((await failure(pool.query("selec 1"))).code).toBe("42601");
  });
});

describe("Client and connections", () => {
  it("closes the Postgres connection when the client ends (Terminate)", async (ctx) => {
    skipWhen(
      ctx,
      inject("kinds").postgres === "embedded",
      "needs pg_stat_activity of a server: the embedded Postgres serves every connection from one session (its own disconnect handling: test/embedded-postgres.spec.ts)",
    );
    const app = `standin_ws_${process.pid}`;
    const url = new URL(driverUrl());
    url.searchParams.set("application_name", app);
    const c = new Client(url.toString());
    await c.connect();
    const count = async () => (await pool.query("select count(*)::int as n from pg_stat_activity where application_name = $1", [app])).rows[0].n as number;
    expect(await count()).toBe(1);
    await c.end();
    const until = Date.now() + 5_000;
    while ((await count()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBe(0);
  });

  it("a closed port surfaces as a connection error", async () => {
    const dead = new Pool({ connectionString: driverUrl(await freePort()), connectionTimeoutMillis: 5_000 });
    try {
      await failure(dead.query("select 1"));
    } finally {
      await dead.end().catch(() => {});
    }
  });

  it("refuses to proxy to a non-loopback address", async () => {
    const url = new URL(driverUrl());
    url.hostname = "192.0.2.10"; // TEST-NET-1: must never be dialled
    // (end() after a failed connect never settles in pg's Client: nothing to close here.)
    const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
    expect((await failure(c.connect())).message).toMatch(/terminated/);
  });

  it("the /__control switch refuses new connections while Postgres is down", async () => {
    await control(s, { postgres: "down" });
    try {
      const c = new Client({ connectionString: driverUrl(), connectionTimeoutMillis: 5_000 });
      expect((await failure(c.connect())).message).toMatch(/terminated/);
    } finally {
      await control(s, { postgres: "up" });
    }
    expect((await pool.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });
});

describe("emulated database latency (sqlDelayMs, benchmarks only)", () => {
  it("delays each message to Postgres: a query round trip takes no less than the delay, same result", async () => {
    const DELAY = 200;
    const SLACK = 5; // libuv's timer clock is read once per loop turn: a timer may fire a few ms early
    const slow = await standIns({ sqlDelayMs: DELAY });
    const client = new Client({ connectionString: driverUrl() });
    client.neonConfig.wsProxy = slow.neonWsProxy;
    try {
      await client.connect();
      const t0 = performance.now();
      const r = await client.query("select 41 + 1 as answer");
      expect(performance.now() - t0).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(r.rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.end().catch(() => {});
      await slow.close();
    }
  });
  it("a delay set through the /__control switch (postgresDelayMs) applies to connections opened after it", async () => {
    const DELAY = 200;
    const SLACK = 5;
    const slow = await standIns({ control: true });
    const set = (ms: number) => fetch(`${slow.url}/__control`, { method: "POST", body: JSON.stringify({ postgresDelayMs: ms }) });
    const client = new Client({ connectionString: driverUrl() });
    client.neonConfig.wsProxy = slow.neonWsProxy;
    try {
      expect((await set(DELAY)).status).toBe(200);
      await client.connect();
      const t0 = performance.now();
      const r = await client.query("select 41 + 1 as answer");
      expect(performance.now() - t0).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(r.rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.end().catch(() => {});
      await set(0);
      await slow.close();
    }
  });
});
