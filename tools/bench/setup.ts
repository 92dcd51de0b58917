// What both benchmark modes share: settings, the local Postgres and Redis behind the stand-ins, a
// temporary directory, cleanup, and the targets line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveBackends, type Backends } from "../../packages/local-backends/src/backends";
import { startStandInsFor } from "../../packages/local-backends/src/mesh";
import type { StandIns } from "../../packages/local-backends/src/server";
import { cpuSeconds, workerdChildren } from "./proc-cpu";
import { fmt as f, type CpuMeter, type Figures } from "./run";

/** Hard bound on one run of the script. */
const LIMIT_S = 120;

export interface BenchConfig {
  seconds: number;
  warmup: number;
  slice: number;
  connections: number;
  zipfS: number;
  writeShare: number;
  writes: "zipf" | "uniform";
  /** Operations generated per arm (replayed from where the last slice stopped, wrapping). */
  ops: number;
  redisDb: number;
  /** Emulated network latency per SQL request at the Neon stand-in (BENCH_DB_DELAY_MS; 0 = loopback as is). */
  dbDelayMs: number;
}

export function readConfig(): BenchConfig {
  const n = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
  return {
    seconds: n("BENCH_SECONDS", 12),
    warmup: n("BENCH_WARMUP", 2),
    slice: 2,
    connections: n("BENCH_CONCURRENCY", 32),
    zipfS: 1.1,
    writeShare: 0.05,
    writes: process.env.BENCH_WRITES === "uniform" ? "uniform" : "zipf",
    ops: 100_000,
    redisDb: n("BENCH_REDIS_DB", n("PITCHEY_TEST_REDIS_DB", 15)),
    dbDelayMs: n("BENCH_DB_DELAY_MS", 0),
  };
}

export interface BenchEnv {
  cfg: BenchConfig;
  root: string;
  tmp: string;
  backends: Backends;
  standIns: StandIns;
  /** Bindings for Workers using the cache-and-DB package: database (through the stand-in), logs quiet. */
  dataBindings(databaseUrl: string): Record<string, string>;
  redisBindings: Record<string, string>;
  /** SQL statements run at the stand-in so far. */
  statements: () => number;
  /** A CPU meter over the workerd processes Miniflare started (call once they run). `driverInNode`:
   *  the load comes from this process too, so its CPU is not the stand-ins' alone. */
  cpuMeter(driverInNode: boolean): CpuMeter;
  onCleanup(fn: () => Promise<unknown> | unknown): void;
  log(line: string): void;
  targets(on: Figures, off: Figures, ceiling: Figures, floor: Figures, writeFloor: number): void;
}

export async function withBenchEnv(cfg: BenchConfig, body: (b: BenchEnv) => Promise<void>, limitS = LIMIT_S): Promise<void> {
  const log = (l: string) => console.log(l === "" ? "" : `[bench] ${l}`);
  const backends = await resolveBackends(log);
  // Figures from the embedded pair (one PGlite session, an in-process Redis) would say nothing about
  // production: the benchmarks need servers.
  if (backends.kinds.postgres !== "server" || backends.kinds.redis !== "server") {
    await backends.stop();
    throw new Error("the cache benchmark needs Postgres and Redis servers (DATABASE_URL / REDIS_URL, or the standard local ports), not the embedded pair");
  }
  const local = await startStandInsFor(backends, { redisDb: cfg.redisDb, sqlDelayMs: cfg.dbDelayMs });
  const standIns = local.standIns;
  const tmp = mkdtempSync(join(tmpdir(), "pitchey-bench-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const b: BenchEnv = {
    cfg,
    root: resolve(import.meta.dirname, "..", ".."),
    tmp,
    backends,
    standIns,
    dataBindings: (databaseUrl) => ({ ...local.dataBindings(databaseUrl), SERVICE_VERSION: "bench", LOG_LEVEL: "error" }),
    redisBindings: local.redisBindings,
    statements: () => standIns.counts.sqlStatements,
    cpuMeter(driverInNode) {
      const pids = workerdChildren();
      if (!pids.length) log("cpu: no workerd child process found; workerd CPU shows as 0");
      return () => {
        const u = process.cpuUsage();
        return { workerd: cpuSeconds(pids), standIns: driverInNode ? null : (u.user + u.system) / 1e6 };
      };
    },
    onCleanup: (fn) => cleanups.push(fn),
    log,
    targets(on, off, ceiling, floor, writeFloor) {
      const speedup = on.rps / off.rps;
      const both = (x: Figures) => (x.standInsUs === null ? NaN : x.workerdUs + x.standInsUs);
      log(
        `CPU per request (every Worker in workerd): cache off ${f(off.workerdUs, 0)} µs, cache on ${f(on.workerdUs, 0)} µs (${f(off.workerdUs / on.workerdUs, 2)}× less), all hits ${f(ceiling.workerdUs, 0)} µs, floor ${f(floor.workerdUs, 0)} µs; ` +
          `adding the stand-ins' Node process: off ${f(both(off), 0)} µs, on ${f(both(on), 0)} µs (${f(both(off) / both(on), 2)}× less)`,
      );
      log(`bounds: all-hit ceiling ${f(ceiling.rps / off.rps, 2)}× uncached; no-cache-no-db floor ${f(floor.rps / off.rps, 2)}× uncached`);
      log(
        `targets (emulated database latency ${cfg.dbDelayMs} ms): hit ratio ≥ 95 %: ${f(100 * on.hit)} % ${on.hit >= 0.95 ? "met" : "NOT met"}; ` +
          `≤ 0.05 db queries/request: ${f(on.perRequest, 3)} all requests ${on.perRequest <= 0.05 ? "met" : "NOT met"} (the writes alone make ${f(writeFloor, 3)}), ` +
          `${f(on.perRead, 3)} per read ${on.perRead <= 0.05 ? "met" : "NOT met"}; ` +
          `cached ≥ 5× uncached: ${f(speedup, 2)}× ${speedup >= 5 ? "met" : "NOT met"}`,
      );
    },
  };
  // A hard bound on the run, whatever hangs.
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await Promise.resolve(fn()).catch(() => {});
    await standIns.close().catch(() => {});
    await backends.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    console.error(`[bench] time limit (${limitS} s) reached; stopping`);
    const bounded = new Promise((r) => setTimeout(r, 5_000).unref());
    void Promise.race([cleanup(), bounded]).finally(() => process.exit(2));
  }, limitS * 1000);
  watchdog.unref();
  try {
    await body(b);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}
