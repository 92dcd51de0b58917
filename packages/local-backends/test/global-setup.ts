// Once per run: pick the back-ends (in CI a missing Postgres or Redis throws here, so the run fails
// instead of skipping), create a fresh database and empty this run's Redis database.
import type { TestProject } from "vitest/node";
import { createClient } from "redis";
import { resolveBackends, redisDb } from "../src/backends";
import { ensureDatabase } from "../src/migrate";

export default async function setup(project: TestProject) {
  const backends = await resolveBackends((l) => console.log(`[test:local-backends] ${l}`));
  // PITCHEY_TEST_NAMESPACE keeps two people's runs on one machine off each other's database.
  const ns = (process.env.PITCHEY_TEST_NAMESPACE ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  const suffix = ns ? `_${ns}` : "";
  const databaseUrl = await ensureDatabase(backends.postgresUrl, `pitchey_test_standins${suffix}`, { fresh: true });

  let redisUrl: string | null = null;
  if (backends.redisUrl) {
    redisUrl = redisDb(backends.redisUrl, Number(process.env.PITCHEY_TEST_REDIS_DB ?? 12));
    const c = createClient({ url: redisUrl });
    await c.connect();
    await c.flushDb();
    await c.quit();
  }
  project.provide("adminUrl", backends.postgresUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("dbSuffix", suffix);
  return () => backends.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    databaseUrl: string;
    redisUrl: string | null;
    dbSuffix: string;
  }
}
