// The real services' migrations and roles on a fresh database: every service role reaches its own
// schema's tables and no other service's — the isolation each Worker's DATABASE_URL relies on. The
// limits as documented: db-roles.unit.spec.ts.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { roleUrl, SERVICE_ROLES } from "./db-roles";
import { ensureDatabase, migrate } from "./migrate";
import { PGLITE_HAS_NO_ROLES, skipWhen } from "./skip-when";
import { servicesDir } from "./worker-options";

let url: string;
let tables: Map<string, string[]>;
const embedded = inject("kinds").postgres === "embedded";

beforeAll(async () => {
  if (embedded) return;
  url = await ensureDatabase(inject("adminUrl"), `pitchey_test_roles${inject("dbSuffix")}`, { fresh: true });
  await migrate(url, servicesDir, undefined, { environment: "test" });
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const { rows } = await owner.query<{ schema: string; name: string }>(
    "select table_schema as schema, table_name as name from information_schema.tables where table_schema = any($1) order by 1, 2",
    [SERVICE_ROLES.flatMap((r) => (r.schema ? [r.schema] : []))],
  );
  await owner.end();
  tables = new Map();
  for (const r of rows) tables.set(r.schema, [...(tables.get(r.schema) ?? []), r.name]);
});

afterAll(async () => {
  if (embedded) return;
  const admin = new pg.Client({ connectionString: inject("adminUrl") });
  await admin.connect();
  await admin.query(`drop database if exists pitchey_test_roles${inject("dbSuffix")} with (force)`);
  await admin.end();
});

describe.each(SERVICE_ROLES.map((r) => [r.service, r] as const))("the %s service's role", (_service, me) => {
  it("reads every table of its own schema and none of another service's", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const c = new pg.Client({ connectionString: roleUrl(url, me.role) });
    await c.connect();
    try {
      expect((await c.query("select current_user as u")).rows[0].u).toBe(me.role);
      for (const [schema, names] of tables) {
        for (const name of names) {
          const read = c.query(`select * from ${schema}.${name} limit 1`);
          if (schema === me.schema) await expect(read).resolves.toBeDefined();
          else await expect(read).rejects.toMatchObject({ code: "42501", message: `permission denied for schema ${schema}` });
        }
      }
    } finally {
      await c.end();
    }
  });
});

it("every service schema has tables to check (the test above is not vacuous)", (ctx) => {
  skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
  for (const r of SERVICE_ROLES) if (r.schema) expect(tables.get(r.schema)?.length, r.schema).toBeGreaterThan(0);
});
