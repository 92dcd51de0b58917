// Once per run: pick the back-ends (in CI a missing Postgres or Redis throws here, so the run fails
// instead of skipping), create a fresh database and empty this run's Redis database.
import type { TestProject } from "vitest/node";
import { resolveBackends, redisDb, type Backends } from "../src/backends";
import { flushRedis } from "../src/redis-engine";

export default async function setup(project: TestProject) {
  const backends = await resolveBackends((l) => console.log(`[test:local-backends] ${l}`));
  // PITCHEY_TEST_NAMESPACE keeps two people's runs on one machine off each other's database.
  const ns = (process.env.PITCHEY_TEST_NAMESPACE ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  const suffix = ns ? `_${ns}` : "";
  const databaseUrl = await backends.database(`pitchey_test_standins${suffix}`, { fresh: true });
  const redisUrl = redisDb(backends.redisUrl, Number(process.env.PITCHEY_TEST_REDIS_DB ?? 12));
  await flushRedis(redisUrl);
  project.provide("kinds", backends.kinds);
  project.provide("adminUrl", backends.postgresUrl);
  project.provide("databaseUrl", databaseUrl);
  // The migration runner's own tests get a database of their own.
  project.provide("migrateDatabaseUrl", await backends.database(`pitchey_test_migrate${suffix}`, { fresh: true }));
  project.provide("redisUrl", redisUrl);
  project.provide("dbSuffix", suffix);
  return () => backends.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    kinds: Backends["kinds"];
    adminUrl: string;
    databaseUrl: string;
    migrateDatabaseUrl: string;
    redisUrl: string | null;
    dbSuffix: string;
  }
}
