// The migration runner against a real database, with a throwaway tree of services/<svc>/migrations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DB_LIMITS, roleUrl, type ServiceRole } from "./db-roles";
import { ensureDatabase, listMigrations, migrate as runMigrate, type MigrateOptions } from "./migrate";
import { PGLITE_HAS_NO_ROLES, skipWhen } from "./skip-when";

let dir: string;
let url: string;
let db: pg.Client;

// Roles are cluster-wide: the namespace keeps two people's runs of this file apart.
const ns = inject("dbSuffix");
const ROLES: ServiceRole[] = [
  { service: "auth", role: `pitchey_mt_auth${ns}`, schema: "mt_auth" },
  { service: "pitch", role: `pitchey_mt_pitch${ns}`, schema: "mt_pitch" },
  { service: "investor", role: `pitchey_mt_investor${ns}`, schema: "mt_investor" },
];
/** The runner over the throwaway tree, with roles for its schemas. */
const migrate = (u: string, d: string, log?: (l: string) => void, o: MigrateOptions = {}) => runMigrate(u, d, log, { roles: ROLES, environment: "test", ...o });

function write(service: string, file: string, sql: string) {
  mkdirSync(join(dir, service, "migrations"), { recursive: true });
  writeFileSync(join(dir, service, "migrations", file), sql);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pitchey-migrate-"));
  url = inject("migrateDatabaseUrl");
  db = new pg.Client({ connectionString: url });
  await db.connect();
  // Deliberately written out of order: investor's file refers to pitch's table, pitch's 0002 to its 0001.
  write("investor", "0001_investor.sql", "create schema mt_investor; create table mt_investor.stake (pitch_id int references mt_pitch.item (id));");
  write("pitch", "0002_more.sql", "alter table mt_pitch.item add column title text not null default '';");
  write("pitch", "0001_pitch.sql", "create schema mt_pitch; create table mt_pitch.item (id int primary key);");
  write("auth", "0001_auth.sql", "create schema mt_auth; create table mt_auth.account (id int primary key);");
  write("auth", "README.md", "not a migration");
  write("auth", "1_bad_name.sql", "select broken syntax here");
  mkdirSync(join(dir, "gateway")); // a service without migrations
});

afterAll(async () => {
  await db?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("lists NNNN_name.sql files: auth, pitch, investor in that order, versions ascending", () => {
    expect(listMigrations(dir).map((m) => `${m.service}/${m.name}`)).toEqual([
      "auth/0001_auth.sql",
      "pitch/0001_pitch.sql",
      "pitch/0002_more.sql",
      "investor/0001_investor.sql",
    ]);
  });

  it("applies every migration in order and records each with its checksum", async () => {
    const lines: string[] = [];
    expect(await migrate(url, dir, (l) => lines.push(l))).toBe(4);
    expect(lines.filter((l) => l.startsWith("applied"))).toEqual([
      "applied auth/0001_auth.sql",
      "applied pitch/0001_pitch.sql",
      "applied pitch/0002_more.sql",
      "applied investor/0001_investor.sql",
    ]);
    const { rows } = await db.query(
      "select service, version, name, length(checksum) as len from public.schema_migrations order by applied_at, service, version",
    );
    expect(rows).toEqual([
      { service: "auth", version: "0001", name: "0001_auth.sql", len: 64 },
      { service: "pitch", version: "0001", name: "0001_pitch.sql", len: 64 },
      { service: "pitch", version: "0002", name: "0002_more.sql", len: 64 },
      { service: "investor", version: "0001", name: "0001_investor.sql", len: 64 },
    ]);
    await db.query("insert into mt_pitch.item (id, title) values (1, 'x')");
    await db.query("insert into mt_investor.stake values (1)");
  });

  it("is idempotent: a second run applies nothing and leaves the data alone", async () => {
    expect(await migrate(url, dir)).toBe(0);
    expect((await db.query("select count(*)::int as n from mt_investor.stake")).rows).toEqual([{ n: 1 }]);
  });

  it("applies only what is new", async () => {
    write("pitch", "0003_index.sql", "create index item_title on mt_pitch.item (title);");
    expect(await migrate(url, dir)).toBe(1);
    expect((await db.query("select count(*)::int as n from public.schema_migrations")).rows).toEqual([{ n: 5 }]);
  });

  it("refuses to run when a migration that ran was edited", async () => {
    write("auth", "0001_auth.sql", "create schema mt_auth; create table mt_auth.account (id int primary key, email text);");
    await expect(migrate(url, dir)).rejects.toThrow(/auth\/0001_auth\.sql was edited after it ran/);
    write("auth", "0001_auth.sql", "create schema mt_auth; create table mt_auth.account (id int primary key);");
    expect(await migrate(url, dir)).toBe(0);
  });

  it("a failing migration is rolled back whole and not recorded", async () => {
    write("auth", "0002_broken.sql", "create table mt_auth.half (id int); select * from no_such_table;");
    await expect(migrate(url, dir)).rejects.toThrow(/auth\/0002_broken\.sql failed: .*no_such_table/);
    expect((await db.query("select to_regclass('mt_auth.half') as t")).rows).toEqual([{ t: null }]);
    expect((await db.query("select count(*)::int as n from public.schema_migrations where service = 'auth'")).rows).toEqual([{ n: 1 }]);
    rmSync(join(dir, "auth", "migrations", "0002_broken.sql"));
  });
});

/** A client connected as `role` (local trust authentication). */
async function as(role: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: roleUrl(url, role) });
  await c.connect();
  return c;
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; message: string }) => e,
  );

describe("service roles", () => {
  const [auth, pitch] = ROLES as [ServiceRole, ServiceRole, ServiceRole];

  it("each role reads and writes its own schema's tables, and nothing of another schema, with no DDL", async (ctx) => {
    skipWhen(ctx, inject("kinds").postgres === "embedded", PGLITE_HAS_NO_ROLES);
    const c = await as(pitch.role);
    try {
      await c.query("insert into mt_pitch.item (id, title) values (2, 'mine')");
      expect((await c.query("select count(*)::int as n from mt_pitch.item")).rows).toEqual([{ n: 2 }]);
      const other = await failure(c.query("select * from mt_auth.account"));
      expect(other).toMatchObject({ code: "42501", message: "permission denied for schema mt_auth" });
      expect(await failure(c.query("create table mt_pitch.extra (id int)"))).toMatchObject({ code: "42501" });
      expect(await failure(c.query("select * from public.schema_migrations"))).toMatchObject({ code: "42501" });
    } finally {
      await c.end();
    }
  });

  it("sets the environment's limits on each role in this database, and a run for another environment changes them", async (ctx) => {
    skipWhen(ctx, inject("kinds").postgres === "embedded", PGLITE_HAS_NO_ROLES);
    const shown = async (role: string) => {
      const c = await as(role);
      try {
        const r = await c.query(
          "select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l, current_setting('idle_in_transaction_session_timeout') as i",
        );
        return r.rows[0];
      } finally {
        await c.end();
      }
    };
    const ms = (v: number) => (v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`);
    const expected = (l: (typeof DB_LIMITS)["test"]) => ({ s: ms(l.statementTimeoutMs), l: ms(l.lockTimeoutMs), i: ms(l.idleInTransactionSessionTimeoutMs) });
    expect(await shown(auth.role)).toEqual(expected(DB_LIMITS.test));
    await migrate(url, dir, undefined, { environment: "production" });
    expect(await shown(auth.role)).toEqual(expected(DB_LIMITS.production));
    await migrate(url, dir);
    expect(await shown(auth.role)).toEqual(expected(DB_LIMITS.test));
    // Per database: the admin database's sessions for the same role are untouched.
    const { rows } = await db.query(
      "select d.datname from pg_db_role_setting s join pg_roles r on r.oid = s.setrole left join pg_database d on d.oid = s.setdatabase where r.rolname = $1",
      [auth.role],
    );
    expect(rows.map((r) => r.datname)).toContain(new URL(url).pathname.slice(1));
    expect(rows.map((r) => r.datname)).not.toContain(null);
  });

  it("does not fail when another runner (another database on this server) creates the same role at the same moment", async (ctx) => {
    skipWhen(ctx, inject("kinds").postgres === "embedded", PGLITE_HAS_NO_ROLES);
    const role = `pitchey_mt_race${ns}_${Math.random().toString(36).slice(2, 8)}`;
    const other = new pg.Client({ connectionString: inject("adminUrl") });
    await other.connect();
    try {
      await other.query("begin");
      await other.query(`create role ${role} login`);
      // This runner's CREATE ROLE now waits on the uncommitted one; once that commits, it finds a duplicate.
      const run = migrate(url, dir, undefined, { roles: [{ service: "race", role, schema: null }] });
      const waiting = async () =>
        (await db.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%create role%'")).rows[0].n > 0;
      for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(true);
      await other.query("commit");
      expect(await run).toBe(0);
    } finally {
      await other.query("rollback").catch(() => {});
      await db.query(`drop owned by ${role}`).catch(() => {});
      await db.query(`drop role if exists ${role}`);
      await other.end();
    }
  });

  it("refuses a role that holds more than its own schema (a console-made Neon role, a hand-made grant)", async () => {
    await db.query(`grant pg_read_all_data to ${auth.role}`);
    try {
      await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`${auth.role} is a member of pg_read_all_data`));
    } finally {
      await db.query(`revoke pg_read_all_data from ${auth.role}`);
    }
    await db.query(`grant usage on schema mt_investor to ${pitch.role}`);
    try {
      await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`${pitch.role} → mt_investor`));
    } finally {
      await db.query(`revoke usage on schema mt_investor from ${pitch.role}`);
    }
    expect(await migrate(url, dir)).toBe(0);
  });
});

describe("ensureDatabase", () => {
  it("creates once, keeps data unless fresh, and refuses unsafe names", async (ctx) => {
    skipWhen(
      ctx,
      inject("kinds").postgres === "embedded",
      "needs a Postgres server: CREATE DATABASE on PGlite makes no database a client can connect to (the embedded server's own, in test/embedded-postgres.spec.ts)",
    );
    const name = `pitchey_test_ensure${inject("dbSuffix")}`;
    const u = await ensureDatabase(inject("adminUrl"), name, { fresh: true });
    expect(new URL(u).pathname).toBe(`/${name}`);
    const c = new pg.Client({ connectionString: u });
    await c.connect();
    await c.query("create table kept (id int)");
    await c.end();
    await ensureDatabase(inject("adminUrl"), name);
    const again = new pg.Client({ connectionString: u });
    await again.connect();
    expect((await again.query("select to_regclass('kept') as t")).rows).toEqual([{ t: "kept" }]);
    await again.end();
    await ensureDatabase(inject("adminUrl"), name, { fresh: true });
    const admin = new pg.Client({ connectionString: inject("adminUrl") });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
    await expect(ensureDatabase(inject("adminUrl"), "bad; drop database x")).rejects.toThrow(/bad database name/);
  });
});
