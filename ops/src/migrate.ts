// `npm run migrate [-- --env production]`: applies every service's pending migrations to DATABASE_URL
// (default: the local database "pitchey") as that URL's user, the owner, then gives each service's
// role its grants and the environment's limits (packages/local-backends/src/db-roles.ts; default
// "development"). The same runner serves development, tests and production.
import { join } from "node:path";
import { DB_ENVIRONMENTS, isDbEnvironment } from "../../packages/local-backends/src/db-roles";
import { migrate } from "../../packages/local-backends/src/migrate";

const args = process.argv.slice(2);
const at = args.indexOf("--env");
const environment = at >= 0 ? (args[at + 1] ?? "") : "development";
if (!isDbEnvironment(environment)) {
  console.error(`[migrate] --env wants one of ${DB_ENVIRONMENTS.join(", ")}`);
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/pitchey";
const n = await migrate(url, join(import.meta.dirname, "..", "..", "services"), (l) => console.log(`[migrate] ${l}`), { environment });
console.log(`[migrate] ${n} migration(s) applied; service roles set up with the ${environment} limits`);
