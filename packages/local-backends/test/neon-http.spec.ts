// Neon's HTTP SQL endpoint, driven by the real `neon()` driver: values come back typed, Postgres
// errors keep their code and fields, batches are transactions with the requested mode.
import { neon, neonConfig, NeonDbError, type NeonQueryFunction } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/backends";
import type { StandIns } from "../src/server";
import { control, driverUrl, standIns } from "./stand-ins";

let s: StandIns;
let sql: NeonQueryFunction<false, false>;

async function failure(p: Promise<unknown>): Promise<NeonDbError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NeonDbError);
  return err as NeonDbError;
}

beforeAll(async () => {
  s = await standIns({ control: true });
  neonConfig.fetchEndpoint = s.neonHttpEndpoint;
  sql = neon(driverUrl());
  await sql.query(`create table http_people (
    id int8 primary key,
    email text not null constraint http_people_email_key unique,
    balance numeric(14, 2) not null default 0)`);
});

afterAll(async () => {
  await s?.close();
});

describe("neon() over the stand-in", () => {
  it("returns every common type parsed as Neon's driver parses it", async () => {
    const [row] = await sql.query(`select
      9007199254740993::int8 as big, 12345678901234.56::numeric as money,
      '2026-01-02T03:04:05.678Z'::timestamptz as at, '{"a":[1,"x",null],"b":{"c":true}}'::jsonb as doc,
      array[1, 2, 3]::int[] as ints, array['a', 'b,c', 'd"e', null]::text[] as texts, null::text as nothing,
      '\\xdeadbeef'::bytea as bin, true as yes, false as no,
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as id, 'héllo ✓ 🎬'::text as unicode`);
    expect(row).toEqual({
      big: "9007199254740993", // int8 stays a string: it does not fit a JS number
      money: "12345678901234.56",
      at: new Date("2026-01-02T03:04:05.678Z"),
      doc: { a: [1, "x", null], b: { c: true } },
      ints: [1, 2, 3],
      texts: ["a", "b,c", 'd"e', null],
      nothing: null,
      bin: expect.anything(),
      yes: true,
      no: false,
      id: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      unicode: "héllo ✓ 🎬",
    });
    expect(Buffer.from(row!.bin as Uint8Array).toString("hex")).toBe("deadbeef");
    expect(row!.at).toBeInstanceOf(Date);
  });

  it("sends parameters of every kind and gets them back unchanged", async () => {
    const when = new Date("2025-12-31T23:59:59.999Z");
    const nasty = `it's "quoted"; drop table http_people; --`;
    const [row] = await sql.query(
      "select $1::int8 + 1 as next, $2::text as nasty, $3::jsonb as doc, $4::timestamptz as at, $5::int[] as ints, $6::text as nothing, $7::bool as flag, $8::text[] as words",
      ["9007199254740992", nasty, JSON.stringify({ k: [1, 2], s: "x" }), when, [4, 5], null, false, ["x y", "z"]],
    );
    expect(row).toEqual({
      next: "9007199254740993",
      nasty,
      doc: { k: [1, 2], s: "x" },
      at: when,
      ints: [4, 5],
      nothing: null,
      flag: false,
      words: ["x y", "z"],
    });
    // The parameter was data, not SQL: the table is still there.
    expect(await sql.query("select count(*)::int as n from http_people")).toEqual([{ n: 0 }]);
  });

  it("tagged templates are parameterised", async () => {
    const email = "o'brien@example.com";
    await sql`insert into http_people (id, email, balance) values (${1}, ${email}, ${"10.50"})`;
    const rows = await sql`select id, email, balance from http_people where email = ${email}`;
    expect(rows).toEqual([{ id: "1", email, balance: "10.50" }]);
  });

  it("full results carry command, row count and field types", async () => {
    const full = neon(driverUrl(), { fullResults: true, arrayMode: true });
    const r = await full.query("select 1::int8 as a, 'x'::text as b union all select 2, 'y'");
    expect(r.command).toBe("SELECT");
    expect(r.rowCount).toBe(2);
    expect(r.rows).toEqual([
      ["1", "x"],
      ["2", "y"],
    ]);
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ["a", 20],
      ["b", 25],
    ]);
    const upd = await full.query("update http_people set balance = balance + 1 where id = $1", [1]);
    expect([upd.command, upd.rowCount]).toEqual(["UPDATE", 1]);
  });
});

describe("Postgres errors reach the driver with their fields", () => {
  it("a unique violation is 23505 naming the constraint, table and key", async () => {
    const err = await failure(sql.query("insert into http_people (id, email) values (2, $1), (3, $1)", ["twice@example.com"]));
    expect(err.code).toBe("23505");
    expect(err.constraint).toBe("http_people_email_key");
    expect(err.table).toBe("http_people");
    expect(err.schema).toBe("public");
    expect(err.detail).toContain("(email)=(twice@example.com)");
    expect(err.severity).toBe("ERROR");
  });

  it("a syntax error is 42601 with its position", async () => {
    const err = await failure(sql.query("selec 1"));
    expect(err.code).toBe("42601");
    expect(err.position).toBe("1");
    expect(err.message).toMatch(/syntax error/);
  });

  it("a string holding two statements is refused, as Neon refuses it", async () => {
    const err = await failure(sql.query("select 1; delete from http_people"));
    expect(err.code).toBe("42601");
    expect(err.message).toMatch(/multiple commands/);
    expect(await sql.query("select count(*)::int as n from http_people")).toEqual([{ n: 1 }]);
  });

  it("a missing table is 42P01", async () => {
    expect((await failure(sql.query("select * from no_such_table"))).code).toBe("42P01");
  });
});

describe("batches are transactions", () => {
  it("commits all statements together and returns one result per statement", async () => {
    const results = await sql.transaction([
      sql`insert into http_people (id, email) values (10, 'ten@example.com')`,
      sql`insert into http_people (id, email) values (11, 'eleven@example.com') returning id`,
      sql`select count(*)::int as n from http_people where id in (10, 11)`,
    ]);
    expect(results).toEqual([[], [{ id: "11" }], [{ n: 2 }]]);
  });

  it("rolls the first insert back when the second fails", async () => {
    const err = await failure(
      sql.transaction([
        sql`insert into http_people (id, email) values (20, 'twenty@example.com')`,
        sql`insert into http_people (id, email) values (21, 'ten@example.com')`,
      ]),
    );
    expect([err.code, err.constraint]).toEqual(["23505", "http_people_email_key"]);
    expect(await sql`select id from http_people where id in (20, 21)`).toEqual([]);
  });

  it("honours the isolation level, read-only and deferrable headers", async () => {
    const serializable = await sql.transaction([sql`show transaction_isolation`, sql`show transaction_read_only`], { isolationLevel: "Serializable" });
    expect(serializable).toEqual([[{ transaction_isolation: "serializable" }], [{ transaction_read_only: "off" }]]);
    const repeatable = await sql.transaction([sql`show transaction_isolation`], { isolationLevel: "RepeatableRead" });
    expect(repeatable).toEqual([[{ transaction_isolation: "repeatable read" }]]);
    const deferrable = await sql.transaction([sql`show transaction_deferrable`, sql`show transaction_read_only`], {
      isolationLevel: "Serializable",
      readOnly: true,
      deferrable: true,
    });
    expect(deferrable).toEqual([[{ transaction_deferrable: "on" }], [{ transaction_read_only: "on" }]]);
  });

  it("a write inside a read-only batch fails and changes nothing", async () => {
    const err = await failure(sql.transaction([sql`insert into http_people (id, email) values (30, 'ro@example.com')`], { readOnly: true }));
    expect(err.code).toBe("25006");
    expect(await sql`select id from http_people where id = 30`).toEqual([]);
  });
});

describe("unreachable database", () => {
  it("a connection string naming a closed port surfaces as an error, not a hang", async () => {
    const dead = neon(driverUrl(await freePort()));
    const err = await failure(dead.query("select 1"));
    expect(err.message).toMatch(/ECONNREFUSED|connect/);
  });

  it("a stand-in that is not listening surfaces as a driver error", async () => {
    const saved = neonConfig.fetchEndpoint;
    neonConfig.fetchEndpoint = `http://127.0.0.1:${await freePort()}/sql`;
    try {
      const err = await failure(neon(driverUrl()).query("select 1"));
      expect(err.message).toMatch(/fetch failed|connect/i);
    } finally {
      neonConfig.fetchEndpoint = saved;
    }
  });

  it("the /__control switch takes Postgres down and brings it back", async () => {
    expect((await control(s, { postgres: "down" })).status).toBe(200);
    try {
      await failure(sql.query("select 1"));
    } finally {
      expect(await (await control(s, { postgres: "up" })).json()).toEqual({ postgres: false, redis: false });
    }
    expect(await sql.query("select 1 as one")).toEqual([{ one: 1 }]);
  });
});

describe("the endpoint itself", () => {
  it("answers /healthz, refuses other methods and requires the connection header", async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/sql`)).status).toBe(405);
    const r = await fetch(`${s.url}/sql`, { method: "POST", body: JSON.stringify({ query: "select 1", params: [] }) });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ message: expect.stringMatching(/Neon-Connection-String/) });
  });

  it("has no /__control unless asked for (npm start runs without it)", async () => {
    const plain = await standIns({ control: false });
    try {
      const r = await fetch(`${plain.url}/__control`, { method: "POST", body: JSON.stringify({ postgres: "down" }) });
      expect(r.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("statement counts (what benchmarks read)", () => {
  it("counts each statement run, a batch's one by one, and none for a refused request", async () => {
    const before = s.counts.sqlStatements;
    await sql.query("select 1");
    expect(s.counts.sqlStatements - before).toBe(1);
    await sql.transaction([sql`select 1`, sql`select 2`, sql`select 3`]);
    expect(s.counts.sqlStatements - before).toBe(4);
    await Promise.all(Array.from({ length: 20 }, (_, i) => sql.query("select $1::int", [i])));
    expect(s.counts.sqlStatements - before).toBe(24);
    const refused = await fetch(s.neonHttpEndpoint, { method: "POST", body: "{}" }); // no connection string
    expect(refused.status).toBe(400);
    await refused.arrayBuffer();
    expect(s.counts.sqlStatements - before).toBe(24);
  });

  it("counts the rows and bytes answered, over every statement of a batch", async () => {
    const before = { ...s.counts };
    await sql.query("select generate_series(1, 7) as n");
    expect(s.counts.sqlRows - before.sqlRows).toBe(7);
    await sql.transaction([sql`select generate_series(1, 3) as n`, sql`select 1 as one where false`]);
    expect(s.counts.sqlRows - before.sqlRows).toBe(10);
    expect(s.counts.sqlBytes - before.sqlBytes).toBeGreaterThan(10 * '{"n":1}'.length);
  });
});

describe("emulated database latency (sqlDelayMs, benchmarks only)", () => {
  // Lower bounds only: how much later than the delay a reply comes depends on the machine's load.
  // libuv's timer clock is read once per loop turn, so a timer may fire up to a few ms early by a
  // fresh clock: the bound allows 5 ms of that on a 200 ms delay.
  const DELAY = 200;
  const SLACK = 5;
  const elapsed = async (p: Promise<unknown>) => {
    const t0 = performance.now();
    await p;
    return performance.now() - t0;
  };

  it("is off unless asked for: the default stand-in reports 0", () => {
    expect(s.sqlDelayMs).toBe(0);
  });

  it("refuses a negative or non-numeric delay", async () => {
    await expect(standIns({ sqlDelayMs: -1 })).rejects.toThrow(/sqlDelayMs/);
    await expect(standIns({ sqlDelayMs: Number.NaN })).rejects.toThrow(/sqlDelayMs/);
  });

  it("answers a query, a batch and a refused request no sooner than the delay, with the same results", async () => {
    const slow = await standIns({ sqlDelayMs: DELAY });
    const saved = neonConfig.fetchEndpoint;
    neonConfig.fetchEndpoint = slow.neonHttpEndpoint;
    try {
      expect(slow.sqlDelayMs).toBe(DELAY);
      const q = neon(driverUrl());
      let rows: unknown;
      expect(await elapsed(q.query("select 41 + 1 as answer").then((r) => (rows = r)))).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(rows).toEqual([{ answer: 42 }]);
      let batch: unknown;
      expect(await elapsed(q.transaction([q`select 1 as a`, q`select 2 as b`]).then((r) => (batch = r)))).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(batch).toEqual([[{ a: 1 }], [{ b: 2 }]]);
      const refused = fetch(slow.neonHttpEndpoint, { method: "POST", body: "{}" }).then(async (r) => [r.status, await r.arrayBuffer()][0]);
      expect(await elapsed(refused)).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(await refused).toBe(400);
      expect(slow.counts.sqlStatements).toBe(3);
    } finally {
      neonConfig.fetchEndpoint = saved;
      await slow.close();
    }
  });
  it("the /__control switch slows the database down while it runs (postgresDelayMs), and back to 0", async () => {
    const slow = await standIns({ control: true });
    const saved = neonConfig.fetchEndpoint;
    neonConfig.fetchEndpoint = slow.neonHttpEndpoint;
    const set = async (body: unknown) => fetch(`${slow.url}/__control`, { method: "POST", body: JSON.stringify(body) });
    try {
      const q = neon(driverUrl());
      expect(await (await set({ postgresDelayMs: DELAY })).json()).toEqual({ postgres: false, redis: false, postgresDelayMs: DELAY });
      expect(slow.sqlDelayMs).toBe(DELAY);
      let rows: unknown;
      expect(await elapsed(q.query("select 41 + 1 as answer").then((r) => (rows = r)))).toBeGreaterThanOrEqual(DELAY - SLACK);
      expect(rows).toEqual([{ answer: 42 }]);
      expect((await set({ postgresDelayMs: -5 })).status).toBe(400);
      expect((await set({ postgresDelayMs: "slow" })).status).toBe(400);
      expect(slow.sqlDelayMs).toBe(DELAY);
      expect(await (await set({ postgresDelayMs: 0 })).json()).toEqual({ postgres: false, redis: false });
      expect(slow.sqlDelayMs).toBe(0);
      expect(await q.query("select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      neonConfig.fetchEndpoint = saved;
      await slow.close();
    }
  });
});
