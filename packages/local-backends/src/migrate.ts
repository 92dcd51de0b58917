// The one migration runner: plain numbered SQL files in services/<name>/migrations/, applied in
// order, recorded with a checksum, each in its own transaction. A migration that ran is never
// edited: a changed checksum stops the run. Then each service's role gets its grants and this
// environment's limits (apply-roles.ts, from db-roles.ts).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { applyRoles } from "./apply-roles";
import { SERVICE_ROLES, type DbEnvironment, type ServiceRole } from "./db-roles";

/** Services own their schemas; this order lets later services' seeds reference earlier ones by id only. */
export const SERVICE_ORDER = ["auth", "pitch", "investor"];

export interface Migration {
  service: string;
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(servicesDir: string): Migration[] {
  const services = readdirSync(servicesDir).filter((s) => existsSync(join(servicesDir, s, "migrations")));
  services.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const out: Migration[] = [];
  for (const service of services) {
    const dir = join(servicesDir, service, "migrations");
    for (const file of readdirSync(dir)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort()) {
      const sql = readFileSync(join(dir, file), "utf8");
      out.push({ service, version: file.slice(0, 4), name: file, sql, checksum: createHash("sha256").update(sql).digest("hex") });
    }
  }
  return out;
}
const rank = (s: string) => (SERVICE_ORDER.includes(s) ? SERVICE_ORDER.indexOf(s) : SERVICE_ORDER.length);

export interface MigrateOptions {
  /** Whose limits the service roles get (db-roles.ts); default "development". */
  environment?: DbEnvironment;
  /** The roles to set up; default every service's (SERVICE_ROLES). */
  roles?: readonly ServiceRole[];
}

/** Applies pending migrations as the URL's user (the owner), then the service roles; returns how many migrations ran. */
export async function migrate(databaseUrl: string, servicesDir: string, log: (line: string) => void = () => {}, o: MigrateOptions = {}): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One runner at a time per database (tests of several packages may start together).
    await client.query("select pg_advisory_lock(727274)");
    await client.query(`create table if not exists public.schema_migrations (
      service text not null, version text not null, name text not null, checksum text not null,
      applied_at timestamptz not null default now(), primary key (service, version))`);
    const done = new Map<string, string>();
    for (const r of (await client.query("select service, version, checksum from public.schema_migrations")).rows) {
      done.set(`${r.service}/${r.version}`, r.checksum);
    }
    let applied = 0;
    for (const m of listMigrations(servicesDir)) {
      const prior = done.get(`${m.service}/${m.version}`);
      if (prior) {
        if (prior !== m.checksum) throw new Error(`migration ${m.service}/${m.name} was edited after it ran; add a new migration instead`);
        continue;
      }
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query("insert into public.schema_migrations (service, version, name, checksum) values ($1, $2, $3, $4)", [
          m.service,
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`migration ${m.service}/${m.name} failed: ${(err as Error).message}`);
      }
      applied++;
      log(`applied ${m.service}/${m.name}`);
    }
    await applyRoles(client, o.environment ?? "development", o.roles ?? SERVICE_ROLES, log);
    return applied;
  } finally {
    await client.query("select pg_advisory_unlock(727274)").catch(() => {});
    await client.end();
  }
}

/** Creates the database if it does not exist (or, with fresh, drops it first). */
export async function ensureDatabase(adminUrl: string, name: string, { fresh = false } = {}): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`drop database if exists ${name} with (force)`);
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!exists.rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
