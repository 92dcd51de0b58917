// vitest globalSetup (runs in Node, once per package): back-ends, a fresh database for this package,
// migrations, the Neon/Upstash stand-ins and per-run secrets, handed to the Workers as bindings.
import { basename, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalStack } from "./mesh";
import { generateSecrets } from "@pitchey/http/keys";
import { sentryDsn } from "./test-sinks";

const REDIS_DB: Record<string, number> = { gateway: 1, auth: 2, pitch: 3, investor: 4, health: 5, data: 6, "local-backends": 7 };

export const repoRoot = resolve(import.meta.dirname, "../../..");

export default async function setup(project: TestProject) {
  const pkg = basename(process.cwd());
  // PITCHEY_TEST_NAMESPACE / PITCHEY_TEST_REDIS_DB keep two runs of one package (two people on one
  // machine) off each other's database and Redis.
  const ns = process.env.PITCHEY_TEST_NAMESPACE ? `_${process.env.PITCHEY_TEST_NAMESPACE}` : "";
  const stack = await startLocalStack({
    database: `pitchey_test_${pkg}${ns}`.replace(/[^a-z0-9_]/g, "_"),
    redisDb: Number(process.env.PITCHEY_TEST_REDIS_DB ?? REDIS_DB[pkg] ?? 8),
    control: true,
    environment: "test",
    log: (l) => console.log(`[test:${pkg}] ${l}`),
  });
  const dbUrl = stack.databaseUrl;
  // Hand-off to the seeding setup (scripts/seed.setup.ts), which vitest runs next in this process.
  process.env.PITCHEY_TEST_DATABASE_URL = dbUrl;
  // DATABASE_URL is per Worker (vitest-config.ts): each service its own role. The owner's URL is
  // there for tests' own fixtures and checks, as TEST_OWNER_DATABASE_URL.
  const { DATABASE_URL: ownerUrl, ...shared } = stack.bindings;
  const bindings: Record<string, string> = {
    ...shared,
    TEST_OWNER_DATABASE_URL: ownerUrl!,
    ...(await generateSecrets("test-key-1")),
    SERVICE_VERSION: "test",
    // Every test request comes from one client address; the registration limit (10 an hour, auth's
    // limits.ts) would stop the suites' sign-ups. The limit's own test fills the counter up to this.
    REGISTER_LIMIT_PER_HOUR: "1000000",
    // "embedded": a test that needs what only a real server has (concurrent sessions) skips, saying why.
    TEST_POSTGRES: stack.backends.kinds.postgres,
    LOG_LEVEL: process.env.PITCHEY_LOG_LEVEL ?? "warn",
    // Every Worker reports unhandled errors to the stand-ins' Sentry sink (test-sinks.ts), whose
    // envelopes and the log sink's lines tests read back under TEST_SINKS_URL.
    SENTRY_DSN: sentryDsn(stack.standIns.url),
    SENTRY_ENVIRONMENT: "test",
    TEST_SINKS_URL: stack.standIns.url,
  };
  project.provide("bindings", bindings);
  project.provide("serviceDatabaseUrls", stack.serviceDatabaseUrls);
  project.provide("controlUrl", `${stack.standIns.url}/__control`);
  project.provide("standInsUrl", stack.standIns.url);
  project.provide("nodeDatabaseUrl", dbUrl);

  return () => stack.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    bindings: Record<string, string>;
    serviceDatabaseUrls: Record<string, string>;
    controlUrl: string;
    standInsUrl: string;
    nodeDatabaseUrl: string;
  }
}
