// Choosing the local back-ends (DESIGN §7), in order of preference:
// Postgres: DATABASE_URL → a server on 127.0.0.1:5432 → a throwaway cluster from local binaries.
// Redis: REDIS_URL → a server on 127.0.0.1:6379 → a throwaway redis-server → none (cache without L3).
// In CI (CI=true) nothing falls back silently: a missing Postgres or Redis is an error.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Backends {
  /** Admin URL of the Postgres server (database "postgres"). */
  postgresUrl: string;
  postgresSource: string;
  redisUrl: string | null;
  redisSource: string;
  stop(): Promise<void>;
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
  const asPg = (cmd: string, args: string[]) => (isRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" }));
  const data = join(dir, "data");
  const init = asPg(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  if (init.status !== 0) return null;
  const port = await freePort();
  const args = ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "unix_socket_directories=" + dir, "-c", "max_connections=200"];
  const child: ChildProcess = isRoot ? spawn("runuser", ["-u", "postgres", "--", join(bin, "postgres"), ...args], { stdio: "ignore" }) : spawn(join(bin, "postgres"), args, { stdio: "ignore" });
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

export async function resolveBackends(log: (line: string) => void = () => {}): Promise<Backends> {
  const strict = process.env.CI === "true" || process.env.CI === "1";
  const stops: (() => Promise<void>)[] = [];
  let postgresUrl: string | undefined;
  let postgresSource = "";
  if (process.env.DATABASE_URL) {
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
  if (!postgresUrl) {
    throw new Error(strict
      ? "CI: no Postgres (set DATABASE_URL or run a server on 127.0.0.1:5432); tests are not skipped in CI"
      : "no Postgres found: set DATABASE_URL, run one on 127.0.0.1:5432, or install Debian's postgresql package");
  }

  let redisUrl: string | null = null;
  let redisSource = "disabled";
  if (process.env.REDIS_URL) {
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
  log(`postgres: ${postgresSource}; redis: ${redisSource}`);
  return {
    postgresUrl,
    postgresSource,
    redisUrl,
    redisSource,
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
