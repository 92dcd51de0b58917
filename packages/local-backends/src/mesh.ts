// A ready local stack for tests and benchmarks — back-ends, a fresh migrated database, the stand-ins
// and the bindings every Worker needs. One place, so tests and benchmarks cannot drift apart.
import { resolveBackends, redisDb, type Backends } from "./backends";
import { roleUrl, SERVICE_ROLES, type DbEnvironment } from "./db-roles";
import { migrate } from "./migrate";
import { flushRedis } from "./redis-engine";
import { startStandIns, type StandIns } from "./server";
import { servicesDir } from "./worker-options";

export interface LocalStack {
  backends: Backends;
  /** The fresh database (Node-side URL) and the Redis URL with its database index (null: no Redis). */
  databaseUrl: string;
  redisUrl: string | null;
  standIns: StandIns;
  /** DATABASE_URL (the owner's), NEON_* and UPSTASH_* for every Worker. */
  bindings: Record<string, string>;
  /** Each service's DATABASE_URL: its own role (db-roles.ts). A service not listed has no database. */
  serviceDatabaseUrls: Record<string, string>;
  stop(): Promise<void>;
}

export interface StandInsFor {
  standIns: StandIns;
  /** The Redis URL with its database index (null: no Redis). */
  redisUrl: string | null;
  /** UPSTASH_* for a Worker (empty without Redis). */
  redisBindings: Record<string, string>;
  /** DATABASE_URL and NEON_* for a Worker using this database. */
  dataBindings(databaseUrl: string): Record<string, string>;
}

/** Each service's connection string as a Worker sees it: the owner's URL with the service's role. */
export function serviceDatabaseUrls(ownerUrl: string): Record<string, string> {
  return Object.fromEntries(SERVICE_ROLES.map((r) => [r.service, roleUrl(ownerUrl, r.role)]));
}

/** Redis db `redisDb` flushed and the stand-ins started in front of the chosen back-ends. */
export async function startStandInsFor(backends: Backends, o: { redisDb: number; control?: boolean; sqlDelayMs?: number }): Promise<StandInsFor> {
  let redisUrl: string | null = null;
  if (backends.redisUrl) {
    redisUrl = redisDb(backends.redisUrl, o.redisDb);
    await flushRedis(redisUrl);
  }
  const token = `local-${Math.random().toString(36).slice(2)}`;
  const pg = new URL(backends.postgresUrl);
  const standIns = await startStandIns({
    postgres: { host: pg.hostname, port: Number(pg.port || 5432) },
    redisUrl,
    upstashToken: token,
    control: o.control,
    sqlDelayMs: o.sqlDelayMs,
  });
  return {
    standIns,
    redisUrl,
    redisBindings: standIns.upstashUrl ? { UPSTASH_REDIS_REST_URL: standIns.upstashUrl, UPSTASH_REDIS_REST_TOKEN: token } : {},
    dataBindings(databaseUrl) {
      // The Neon driver wants a password in the URL; local trust auth ignores it.
      const u = new URL(databaseUrl);
      if (!u.password) u.password = "local";
      return { DATABASE_URL: u.toString(), NEON_HTTP_ENDPOINT: standIns.neonHttpEndpoint, NEON_WS_PROXY: standIns.neonWsProxy };
    },
  };
}

/** Back-ends, a fresh migrated database `database` (roles with `environment`'s limits, default
 *  "development"), Redis db `redisDb` flushed, and the stand-ins. */
export async function startLocalStack(o: {
  database: string;
  redisDb: number;
  control?: boolean;
  requireRedis?: boolean;
  environment?: DbEnvironment;
  log?: (line: string) => void;
}): Promise<LocalStack> {
  const backends = await resolveBackends(o.log);
  if (o.requireRedis && backends.kinds.redis !== "server") {
    await backends.stop();
    throw new Error("this needs a Redis server (REDIS_URL or 127.0.0.1:6379), not the embedded store");
  }
  const databaseUrl = await backends.database(o.database, { fresh: true });
  await migrate(databaseUrl, servicesDir, () => {}, { environment: o.environment });
  const s = await startStandInsFor(backends, o);
  return {
    backends,
    databaseUrl,
    redisUrl: s.redisUrl,
    standIns: s.standIns,
    bindings: { ...s.dataBindings(databaseUrl), ...s.redisBindings },
    serviceDatabaseUrls: serviceDatabaseUrls(databaseUrl),
    async stop() {
      await s.standIns.close();
      await backends.stop();
    },
  };
}
