// The migration runner against a real database, with a throwaway tree of services/<svc>/migrations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase, listMigrations, migrate } from "./migrate";
import { skipWhen } from "./skip-when";

let dir: string;
let url: string;
let db: pg.Client;

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
      "auth/0001_auth.sql", "pitch/0001_pitch.sql", "pitch/0002_more.sql", "investor/0001_investor.sql",
    ]);
  });

  it("applies every migration in order and records each with its checksum", async () => {
    const lines: string[] = [];
    expect(await migrate(url, dir, (l) => lines.push(l))).toBe(4);
    expect(lines).toEqual(["applied auth/0001_auth.sql", "applied pitch/0001_pitch.sql", "applied pitch/0002_more.sql", "applied investor/0001_investor.sql"]);
    const { rows } = await db.query("select service, version, name, length(checksum) as len from public.schema_migrations order by applied_at, service, version");
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
  });
});

describe("ensureDatabase", () => {
  it("creates once, keeps data unless fresh, and refuses unsafe names", async (ctx) => {
    skipWhen(ctx, inject("kinds").postgres === "embedded", "needs a Postgres server: CREATE DATABASE on PGlite makes no database a client can connect to (the embedded server's own, in test/embedded-postgres.spec.ts)");
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
