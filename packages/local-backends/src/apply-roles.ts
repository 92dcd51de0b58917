// The migration runner's last step: make each service's Postgres role match db-roles.ts — it exists,
// holds nothing beyond its own schema, and carries this environment's limits in this database.
// Idempotent, and safe while runners for other databases of the same server do the same: roles
// are cluster-wide, so creation tolerates losing a race; grants and settings are per database.
import type pg from "pg";
import { DB_LIMITS, type DbEnvironment, type ServiceRole } from "./db-roles";

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};

/** Creates the role unless it exists. Two runners creating it at once: the second waits for the
 *  first to commit and gets a duplicate, which is what it wanted. No password: local trust
 *  authentication needs none; on Neon the operator sets it (docs/operations.md). */
async function createRole(client: pg.Client, role: string): Promise<boolean> {
  const before = await client.query("select 1 from pg_roles where rolname = $1", [role]);
  if (before.rowCount) return false;
  await client.query(`do $$ begin create role ${ident(role)} login; exception when duplicate_object or unique_violation then null; end $$`);
  return true;
}

interface RoleState {
  rolname: string;
  rolcanlogin: boolean;
  elevated: string[];
  member_of: string[] | null;
}

/** A service role must be a plain login: no attributes beyond it and no membership. A role made in
 *  Neon's console belongs to neon_superuser, which reads and writes every table. */
async function checkPlain(client: pg.Client, roles: readonly ServiceRole[]): Promise<void> {
  const { rows } = await client.query<RoleState>(
    `select r.rolname, r.rolcanlogin,
            array_remove(array[case when r.rolsuper then 'SUPERUSER' end, case when r.rolcreaterole then 'CREATEROLE' end,
                                case when r.rolcreatedb then 'CREATEDB' end, case when r.rolbypassrls then 'BYPASSRLS' end,
                                case when r.rolreplication then 'REPLICATION' end], null) as elevated,
            (select array_agg(g.rolname::text order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid) as member_of
       from pg_roles r where r.rolname = any($1)`,
    [roles.map((r) => r.role)],
  );
  const problems = rows.flatMap((r) => [
    ...(r.rolcanlogin ? [] : [`${r.rolname} cannot log in (ALTER ROLE ${r.rolname} LOGIN)`]),
    ...(r.elevated.length ? [`${r.rolname} has ${r.elevated.join(", ")}`] : []),
    ...(r.member_of?.length ? [`${r.rolname} is a member of ${r.member_of.join(", ")}`] : []),
  ]);
  if (problems.length) {
    throw new Error(
      `service roles must hold their own schema and nothing else: ${problems.join("; ")}. Create them with SQL, not in Neon's console (docs/operations.md)`,
    );
  }
}

export async function applyRoles(
  client: pg.Client,
  environment: DbEnvironment,
  roles: readonly ServiceRole[],
  log: (line: string) => void = () => {},
): Promise<void> {
  if (!roles.length) return;
  const limits = DB_LIMITS[environment];
  for (const v of Object.values(limits)) if (!Number.isInteger(v) || v < 0) throw new Error(`bad limit ${v} for ${environment}`);
  for (const r of roles) if (await createRole(client, r.role)) log(`created role ${r.role}`);
  await checkPlain(client, roles);

  const database = ident((await client.query<{ db: string }>("select current_database() as db")).rows[0]!.db);
  const schemas = roles.flatMap((r) => (r.schema ? [r.schema] : []));
  const existing = new Set(
    (await client.query<{ s: string }>("select nspname as s from pg_namespace where nspname = any($1)", [schemas])).rows.map((r) => r.s),
  );
  for (const s of schemas) if (!existing.has(s)) throw new Error(`schema ${s} does not exist: its service's migrations create it`);

  await client.query("begin");
  try {
    for (const { role, schema } of roles) {
      const r = ident(role);
      // IN DATABASE: this database's setting only, so a test database and the development one on a
      // single server keep their own values, and runners for different databases never write the same row.
      await client.query(`alter role ${r} in database ${database} set statement_timeout = ${limits.statementTimeoutMs}`);
      await client.query(`alter role ${r} in database ${database} set lock_timeout = ${limits.lockTimeoutMs}`);
      await client.query(`alter role ${r} in database ${database} set idle_in_transaction_session_timeout = ${limits.idleInTransactionSessionTimeoutMs}`);
      if (!schema) continue;
      const s = ident(schema);
      // Every run, so tables a new migration made are covered too. No DDL, no TRUNCATE, no REFERENCES.
      await client.query(`grant usage on schema ${s} to ${r}`);
      await client.query(`grant select, insert, update, delete on all tables in schema ${s} to ${r}`);
      await client.query(`grant usage, select on all sequences in schema ${s} to ${r}`);
    }
    // Least privilege, checked rather than assumed: a grant made by hand (or to PUBLIC) stops the run.
    const leaks = await client.query<{ role: string; schema: string }>(
      `select r.role, s.schema from unnest($1::text[], $2::text[]) as r(role, own), unnest($3::text[]) as s(schema)
        where s.schema is distinct from r.own and has_schema_privilege(r.role, s.schema, 'USAGE')`,
      [roles.map((r) => r.role), roles.map((r) => r.schema), [...existing]],
    );
    if (leaks.rowCount) throw new Error(`roles reach other services' schemas: ${leaks.rows.map((l) => `${l.role} → ${l.schema}`).join(", ")}`);
    await client.query("commit");
  } catch (err) {
    await client.query("rollback");
    throw err;
  }
  log(`roles ${roles.map((r) => r.role).join(", ")}: grants and ${environment} limits applied`);
}
