// Choosing the local back-ends (docs/architecture.md#local), in order of preference:
// Postgres: DATABASE_URL → a server on 127.0.0.1:5432 → a throwaway cluster from local binaries →
//           embedded PGlite (embedded-postgres.ts).
// Redis: REDIS_URL → a server on 127.0.0.1:6379 → a throwaway redis-server → the embedded store
//        (redis-store.ts).
// PITCHEY_BACKENDS=embedded skips straight to the embedded pair. In CI (CI=true) nothing falls back
// silently: a missing Postgres or Redis is an error, and the embedded pair is never used.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { ensureDatabase } from "./migrate";
import { EMBEDDED_REDIS_URL } from "./redis-store";

export interface Backends {
  /** Admin URL of the Postgres server (database "postgres"); for the embedded one, its address. */
  postgresUrl: string;
  postgresSource: string;
  /** URL of database `name`, created when missing (fresh: dropped and created empty). */
  database(name: string, o?: { fresh?: boolean }): Promise<string>;
  /** A redis:// URL, or the embedded store's memory:// one. */
  redisUrl: string;
  redisSource: string;
  /** What was chosen: a test that needs what only a real server has skips on "embedded". */
  kinds: { postgres: "server" | "embedded"; redis: "server" | "embedded" };
  stop(): Promise<void>;
}

export interface ResolveOptions {
  /** Where an embedded Postgres keeps its databases (a folder each); absent or null: in memory. */
  embeddedDir?: string | null;
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A port nothing listens on: for "the database is down" tests. */
export const closedPort = freePort;

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

function findPgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, "bin", "initdb"))) return join(base, v, "bin");
  return null;
}

async function throwawayPostgres(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  const bin = findPgBin();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "pitchey-pg-"));
  chmodSync(dir, 0o777);
  const asPg = (cmd: string, args: string[]) =>
    isRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  const data = join(dir, "data");
  const init = asPg(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  if (init.status !== 0) return null;
  const port = await freePort();
  const args = [
    "-D",
    data,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    `unix_socket_directories=${dir}`,
    "-c",
    "max_connections=200",
  ];
  const child: ChildProcess = isRoot
    ? spawn("runuser", ["-u", "postgres", "--", join(bin, "postgres"), ...args], { stdio: "ignore" })
    : spawn(join(bin, "postgres"), args, { stdio: "ignore" });
  if (!(await waitFor(() => portOpen("127.0.0.1", port), 15_000))) {
    child.kill();
    return null;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function throwawayRedis(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  if (!(await waitFor(() => portOpen("127.0.0.1", port), 5_000))) {
    child.kill();
    return null;
  }
  return { url: `redis://127.0.0.1:${port}`, stop: async () => void child.kill() };
}

export async function resolveBackends(log: (line: string) => void = () => {}, o: ResolveOptions = {}): Promise<Backends> {
  const strict = process.env.CI === "true" || process.env.CI === "1";
  const forced = process.env.PITCHEY_BACKENDS === "embedded";
  if (forced && strict) throw new Error("CI: PITCHEY_BACKENDS=embedded is refused; CI runs on real Postgres and Redis");
  const stops: (() => Promise<void>)[] = [];
  let postgresUrl: string | undefined;
  let postgresSource = "";
  let database = (name: string, opts?: { fresh?: boolean }) => ensureDatabase(postgresUrl!, name, opts);
  if (forced) {
    // straight to the embedded pair, below
  } else if (process.env.DATABASE_URL) {
    postgresUrl = process.env.DATABASE_URL;
    postgresSource = "DATABASE_URL";
  } else if (await portOpen("127.0.0.1", 5432)) {
    postgresUrl = "postgres://postgres@127.0.0.1:5432/postgres";
    postgresSource = "local server on 127.0.0.1:5432";
  } else if (!strict) {
    const pg = await throwawayPostgres();
    if (pg) {
      postgresUrl = pg.url;
      postgresSource = "throwaway cluster from local binaries";
      stops.push(pg.stop);
    }
  }
  if (!postgresUrl && strict) throw new Error("CI: no Postgres (set DATABASE_URL or run a server on 127.0.0.1:5432); tests are not skipped in CI");
  const postgresKind = postgresUrl ? "server" : "embedded";
  if (!postgresUrl) {
    const pg = await startEmbeddedPostgres({ dir: o.embeddedDir ?? null, log });
    stops.push(pg.stop);
    postgresUrl = `postgres://postgres@${pg.host}:${pg.port}/postgres`;
    postgresSource = `embedded PGlite (${o.embeddedDir ? `kept in ${o.embeddedDir}` : "in memory"})`;
    database = pg.database;
  }

  let redisUrl: string | null = null;
  let redisSource = "";
  if (forced) {
    // straight to the embedded store, below
  } else if (process.env.REDIS_URL) {
    redisUrl = process.env.REDIS_URL;
    redisSource = "REDIS_URL";
  } else if (await portOpen("127.0.0.1", 6379)) {
    redisUrl = "redis://127.0.0.1:6379";
    redisSource = "local server on 127.0.0.1:6379";
  } else if (!strict) {
    const r = await throwawayRedis();
    if (r) {
      redisUrl = r.url;
      redisSource = "throwaway redis-server";
      stops.push(r.stop);
    }
  }
  if (!redisUrl && strict) throw new Error("CI: no Redis (set REDIS_URL or run one on 127.0.0.1:6379); tests are not skipped in CI");
  const redisKind = redisUrl ? "server" : "embedded";
  if (!redisUrl) {
    redisUrl = EMBEDDED_REDIS_URL;
    redisSource = "embedded in-process store (memory only)";
  }
  log(`postgres: ${postgresSource}; redis: ${redisSource}`);
  return {
    postgresUrl,
    postgresSource,
    database,
    redisUrl,
    redisSource,
    kinds: { postgres: postgresKind, redis: redisKind },
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => {});
    },
  };
}

/** A Redis URL for logical database `db` of the same server. */
export function redisDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
