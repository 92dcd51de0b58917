// `npm run migrate`: applies every service's pending migrations to DATABASE_URL (default: the local
// database "pitchey"). The same runner serves development, tests and production.
import { join } from "node:path";
import { migrate } from "../packages/local-backends/src/migrate";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/pitchey";
const n = await migrate(url, join(import.meta.dirname, "..", "services"), (l) => console.log(`[migrate] ${l}`));
console.log(`[migrate] ${n} migration(s) applied`);
