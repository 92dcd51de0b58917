// Migrations a deploy would apply, and whether any of them is destructive. Stable and canary run on
// one schema, so migrations go expand → contract (docs/releases.md): a drop or rename of a table or
// column, a type change or a new NOT NULL on an existing column breaks the version still running.
// Such a statement is refused unless the file carries `-- pitchey: allow-destructive <why>` (the
// contract step, reviewed once no running version uses the old shape) or the deploy says
// --allow-destructive.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { repoRoot } from "./target";

export interface MigrationFile {
  service: string;
  name: string;
  version: string;
  sql: string;
}

const DESTRUCTIVE: [RegExp, string][] = [
  [/\bdrop\s+(table|schema|view|materialized\s+view|type)\b/i, "drops a table, schema, view or type"],
  // DROP [COLUMN] x; not DROP CONSTRAINT / DEFAULT / NOT NULL / IDENTITY / EXPRESSION (no data goes).
  [/\balter\s+table\b[^;]*\bdrop\s+(?!constraint\b|default\b|not\s+null\b|identity\b|expression\b)/i, "drops a column"],
  [/\balter\s+table\b[^;]*\brename\b/i, "renames a table or column"],
  [/\balter\s+table\b[^;]*\balter\s+(column\s+)?\w+\s+(set\s+data\s+)?type\b/i, "changes a column's type"],
  [/\balter\s+table\b[^;]*\balter\s+(column\s+)?\w+\s+set\s+not\s+null\b/i, "makes an existing column NOT NULL"],
  [/\btruncate\b/i, "truncates a table"],
];
const ALLOW = /^--\s*pitchey:\s*allow-destructive\b[:\s]+\S/m;

/** SQL without comments and string literals, so a word in either cannot look like a statement. */
function code(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''");
}

/** What makes this migration destructive (empty: nothing; an annotated file counts as reviewed). */
export function destructiveStatements(sql: string): string[] {
  if (ALLOW.test(sql)) return [];
  const body = code(sql);
  return body
    .split(";")
    .flatMap((stmt) => DESTRUCTIVE.filter(([re]) => re.test(`${stmt.trim()};`)).map(([, why]) => `${why}: ${stmt.trim().replace(/\s+/g, " ").slice(0, 100)}`));
}

export function serviceMigrations(service: string, dir = join(repoRoot, "services", service, "migrations")): MigrationFile[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ service, name, version: name.slice(0, 4), sql: readFileSync(join(dir, name), "utf8") }));
}

/** The service's migrations the database has not recorded; every one when no database is given. */
export async function pendingMigrations(service: string, databaseUrl?: string, dir?: string): Promise<{ pending: MigrationFile[]; known: boolean }> {
  const all = serviceMigrations(service, dir);
  if (!databaseUrl) return { pending: all, known: false };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client
      .query<{ version: string }>("select version from public.schema_migrations where service = $1", [service])
      .catch(() => ({ rows: [] as { version: string }[] }));
    const done = new Set(r.rows.map((x) => x.version));
    return { pending: all.filter((m) => !done.has(m.version)), known: true };
  } finally {
    await client.end();
  }
}
