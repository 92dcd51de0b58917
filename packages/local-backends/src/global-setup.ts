// vitest globalSetup (runs in Node, once per package): back-ends, a fresh database for this package,
// migrations, the Neon/Upstash stand-ins and per-run secrets, handed to the Workers as bindings.
import { basename, join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { createClient } from "redis";
import { resolveBackends, redisDb } from "./backends";
import { ensureDatabase, migrate } from "./migrate";
import { startStandIns } from "./server";
import { generateSecrets } from "./secrets";

const REDIS_DB: Record<string, number> = { gateway: 1, auth: 2, pitch: 3, investor: 4, health: 5, data: 6, "local-backends": 7 };

export const repoRoot = resolve(import.meta.dirname, "../../..");

export default async function setup(project: TestProject) {
  const pkg = basename(process.cwd());
  const backends = await resolveBackends((l) => console.log(`[test:${pkg}] ${l}`));
  // PITCHEY_TEST_NAMESPACE / PITCHEY_TEST_REDIS_DB keep two runs of one package (two people on one
  // machine) off each other's database and Redis.
  const ns = process.env.PITCHEY_TEST_NAMESPACE ? `_${process.env.PITCHEY_TEST_NAMESPACE}` : "";
  const dbName = `pitchey_test_${pkg}${ns}`.replace(/[^a-z0-9_]/g, "_");
  const dbUrl = await ensureDatabase(backends.postgresUrl, dbName, { fresh: true });
  await migrate(dbUrl, join(repoRoot, "services"));
  // Hand-off to the seeding setup (scripts/seed.setup.ts), which vitest runs next in this process.
  process.env.PITCHEY_TEST_DATABASE_URL = dbUrl;

  let redisUrl: string | null = null;
  if (backends.redisUrl) {
    redisUrl = redisDb(backends.redisUrl, Number(process.env.PITCHEY_TEST_REDIS_DB ?? REDIS_DB[pkg] ?? 8));
    const c = createClient({ url: redisUrl });
    await c.connect();
    await c.flushDb();
    await c.quit();
  }
  const token = `test-${Math.random().toString(36).slice(2)}`;
  const pgTarget = new URL(backends.postgresUrl);
  const standIns = await startStandIns({
    postgres: { host: pgTarget.hostname, port: Number(pgTarget.port || 5432) },
    redisUrl,
    upstashToken: token,
    control: true,
  });
  const secrets = await generateSecrets("test-key-1");
  // The Neon driver wants a password in the URL; local trust auth ignores it.
  const workerDbUrl = new URL(dbUrl);
  if (!workerDbUrl.password) workerDbUrl.password = "local";

  const bindings: Record<string, string> = {
    DATABASE_URL: workerDbUrl.toString(),
    NEON_HTTP_ENDPOINT: standIns.neonHttpEndpoint,
    NEON_WS_PROXY: standIns.neonWsProxy,
    ...(standIns.upstashUrl ? { UPSTASH_REDIS_REST_URL: standIns.upstashUrl, UPSTASH_REDIS_REST_TOKEN: token } : {}),
    ...secrets,
    SERVICE_VERSION: "test",
    LOG_LEVEL: process.env.PITCHEY_LOG_LEVEL ?? "warn",
  };
  project.provide("bindings", bindings);
  project.provide("controlUrl", `${standIns.url}/__control`);
  project.provide("nodeDatabaseUrl", dbUrl);

  return async () => {
    await standIns.close();
    await backends.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    bindings: Record<string, string>;
    controlUrl: string;
    nodeDatabaseUrl: string;
  }
}
