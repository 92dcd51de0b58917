// Cache benchmark (a script, not a test): the cache-and-DB package's test Worker (packages/data/
// test/worker.ts — db(rc) + cache(rc) exactly as a service uses them), built with wrangler and run
// under the Miniflare API against the real Postgres and Redis behind the local stand-ins.
// Workload: Zipf (s ≈ 1.1) reads by id over 10,000 seeded rows, 5 % writes that invalidate the row's
// tags. Side by side in one run: cache off (every read queries Postgres) and cache on.
// Three Workers run at once (same bundle): cache off (its own copy of the table, no Redis), cache on
// (Redis), and a ceiling (cache on, one hot id, no writes: the most any cache can give here). The
// cache-on arm first reads every row once (steady state: a long-running service has its working set
// cached), then all arms warm up; the measured phase then alternates 2 s slices between the arms, so
// a change in the machine's load hits each arm alike. Writes keep invalidating throughout.
//
//   node --import tsx scripts/bench-cache.ts
//   BENCH_SECONDS=20 BENCH_WARMUP=5 BENCH_CONCURRENCY=32 BENCH_WRITES=zipf|uniform BENCH_REDIS_DB=15
//
// Loopback only. Uses Postgres databases `pitchey_bench` (cache on) and `pitchey_bench_nocache`
// (cache off), both recreated, and one Redis logical database (flushed; default 15, or
// PITCHEY_TEST_REDIS_DB).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { createClient } from "redis";
import { redisDb, resolveBackends } from "../packages/local-backends/src/backends";
import { ensureDatabase } from "../packages/local-backends/src/migrate";
import { startStandIns } from "../packages/local-backends/src/server";

const root = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PRIME_LIMIT_S = 120;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WRITES = process.env.BENCH_WRITES === "uniform" ? "uniform" : "zipf";
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? process.env.PITCHEY_TEST_REDIS_DB ?? 15);
const ROWS = 10_000;
const WRITE_SHARE = 0.05;
const ZIPF_S = 1.1;

// ── workload ────────────────────────────────────────────────────────────────────────────────────
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf over ranks 1..n, mapped to ids by a fixed shuffle (popularity is not id order). */
function zipfSampler(n: number, s: number, rand: () => number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const shuffle = mulberry32(42);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return () => {
    const r = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo]!;
  };
}

// ── measurement ─────────────────────────────────────────────────────────────────────────────────
interface Tally {
  latencies: number[];
  reads: number;
  writes: number;
  errors: number;
  layers: Record<string, number>;
  dbQueries: number;
  readDbQueries: number;
}
const newTally = (): Tally => ({ latencies: [], reads: 0, writes: 0, errors: 0, layers: {}, dbQueries: 0, readDbQueries: 0 });

function timing(header: string | null) {
  const h = header ?? "";
  const cache = /(?:^|,\s*)cache;[^,]*desc="([^"]*)"/.exec(h);
  const db = /(?:^|,\s*)db;[^,]*desc="(\d+) queries"/.exec(h);
  return { layer: cache ? cache[1]!.split(" ")[0]!.split(":")[0]! : "none", dbQueries: db ? Number(db[1]) : 0 };
}

const SLICE_S = 2;

/** One arm's workload state: its random stream, and what it measured. */
interface Arm {
  name: string;
  base: string;
  tally: Tally;
  elapsed: number;
  next: () => { write: boolean; id: number };
}

function workload(seed: number, writes: boolean): () => { write: boolean; id: number } {
  const rand = mulberry32(seed);
  const zipf = zipfSampler(ROWS, ZIPF_S, rand);
  const writeId = WRITES === "zipf" ? zipf : () => 1 + Math.floor(rand() * ROWS);
  if (!writes) return () => ({ write: false, id: 1 });
  return () => (rand() < WRITE_SHARE ? { write: true, id: writeId() } : { write: false, id: zipf() });
}

/** Runs an arm's workload for `seconds` with CONCURRENCY clients; adds to its tally when measuring. */
async function drive(arm: Arm, seconds: number, measure: boolean): Promise<void> {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const tally = measure ? arm.tally : newTally();
  let n = 0;
  async function loop() {
    while (performance.now() < deadline) {
      const { write, id } = arm.next();
      const start = performance.now();
      const res = write
        ? await fetch(`${arm.base}/items/${id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `w${++n}` }) })
        : await fetch(`${arm.base}/items/${id}`);
      await res.arrayBuffer();
      tally.latencies.push(performance.now() - start);
      if (!res.ok) tally.errors++;
      const t = timing(res.headers.get("server-timing"));
      tally.dbQueries += t.dbQueries;
      if (write) tally.writes++;
      else {
        tally.reads++;
        tally.readDbQueries += t.dbQueries;
        tally.layers[t.layer] = (tally.layers[t.layer] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  if (measure) arm.elapsed += (performance.now() - t0) / 1000;
}

/** Reads every row once through the normal route (not measured), within PRIME_LIMIT_S. */
async function prime(base: string): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  const deadline = t0 + PRIME_LIMIT_S * 1000;
  let next = 1;
  async function loop() {
    while (next <= ROWS && performance.now() < deadline) {
      const res = await fetch(`${base}/items/${next++}`);
      await res.arrayBuffer();
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return { rows: Math.min(next - 1, ROWS), seconds: (performance.now() - t0) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

// ── setup ───────────────────────────────────────────────────────────────────────────────────────
function build(outdir: string): string {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const r = spawnSync(wrangler, ["deploy", "test/worker.ts", "--dry-run", "--outdir", outdir, "--name", "cachebench", "--compatibility-date", "2026-04-20", "--compatibility-flags", "nodejs_compat"], {
    cwd: join(root, "packages", "data"),
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return join(outdir, "worker.js");
}

async function main() {
  const backends = await resolveBackends((l) => console.log(`[bench] ${l}`));
  if (!backends.redisUrl) throw new Error("the cache benchmark needs Redis (REDIS_URL or 127.0.0.1:6379)");
  const dbUrls = {
    on: await ensureDatabase(backends.postgresUrl, "pitchey_bench", { fresh: true }),
    off: await ensureDatabase(backends.postgresUrl, "pitchey_bench_nocache", { fresh: true }),
  };
  const redisUrl = redisDb(backends.redisUrl, REDIS_DB);
  const token = `bench-${Math.random().toString(36).slice(2)}`;
  const pg = new URL(backends.postgresUrl);
  const standIns = await startStandIns({ postgres: { host: pg.hostname, port: Number(pg.port || 5432) }, redisUrl, upstashToken: token });
  const outdir = mkdtempSync(join(tmpdir(), "pitchey-bench-"));
  const redisAdmin = createClient({ url: redisUrl });
  await redisAdmin.connect();
  await redisAdmin.flushDb();
  const workers: Miniflare[] = [];

  try {
    const scriptPath = build(outdir);
    console.log(`[bench] node ${process.version}, ${cpus().length} CPUs; ${ROWS} rows, Zipf s=${ZIPF_S} reads, ${WRITE_SHARE * 100} % writes (${WRITES} ids) that invalidate; ${CONCURRENCY} concurrent clients per arm; ${WARMUP} s warm-up, ${SECONDS} s measured per arm in ${SLICE_S} s slices`);
    const start = async (name: string, db: string, cacheMode: "on" | "off", withRedis: boolean): Promise<Arm & { mf: Miniflare }> => {
      const u = new URL(db);
      if (!u.password) u.password = "local"; // the Neon driver wants one; local trust auth ignores it
      const mf = new Miniflare({
        modules: true,
        scriptPath,
        modulesRoot: outdir,
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat"],
        bindings: {
          DATABASE_URL: u.toString(),
          NEON_HTTP_ENDPOINT: standIns.neonHttpEndpoint,
          NEON_WS_PROXY: standIns.neonWsProxy,
          ...(withRedis ? { UPSTASH_REDIS_REST_URL: standIns.upstashUrl!, UPSTASH_REDIS_REST_TOKEN: token } : {}),
          SERVICE_VERSION: "bench",
          LOG_LEVEL: "error",
          CACHE_MODE: cacheMode,
        },
      });
      workers.push(mf);
      const base = (await mf.ready).toString().replace(/\/$/, "");
      return { name, base, mf, tally: newTally(), elapsed: 0, next: workload(name === "off" ? 11 : 12, name !== "ceiling") };
    };
    const off = await start("off", dbUrls.off, "off", false);
    const on = await start("on", dbUrls.on, "on", true);
    const top = await start("ceiling", dbUrls.off, "on", false);
    for (const arm of [off, on]) {
      const setup = await fetch(`${arm.base}/__setup`, { method: "POST", body: JSON.stringify({ rows: ROWS }) });
      if (setup.status !== 204) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    }
    const primed = await prime(on.base);
    console.log(`[bench] cache on: ${primed.rows} rows read once in ${primed.seconds.toFixed(1)} s`);
    for (const arm of [off, on, top]) await drive(arm, WARMUP, false);

    const window = async () => {
      await fetch(`${on.base}/__metrics/flush`, { method: "POST" }).then((r) => r.arrayBuffer());
      return (await (await fetch(`${on.base}/__metrics?minutes=60`)).json()).data;
    };
    const before = await window();
    for (let i = 0; i < Math.ceil(SECONDS / SLICE_S); i++) {
      for (const arm of i % 2 ? [top, on, off] : [off, on, top]) await drive(arm, SLICE_S, true);
    }
    const after = await window();
    const d = (f: (w: any) => number) => f(after) - f(before);
    const reads = d((w) => w.reads);
    const metrics = { reads, hitRatio: reads ? 1 - d((w) => w.layers.database.reads) / reads : NaN, queries: d((w) => w.layers.database.queries), requests: d((w) => w.requests) };
    report([off, on], top, metrics);
  } finally {
    for (const mf of workers) await mf.dispose().catch(() => {});
    await redisAdmin.quit().catch(() => {});
    await standIns.close();
    await backends.stop();
    rmSync(outdir, { recursive: true, force: true });
  }
}

function report(results: Arm[], top: Arm, m: { reads: number; hitRatio: number; queries: number; requests: number }) {
  const harness = (top.tally.reads + top.tally.writes) / top.elapsed;
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
  const share = (t: Tally, l: string) => (t.reads ? `${f((100 * (t.layers[l] ?? 0)) / t.reads)} %` : "–");
  const rows = results.map(({ name: arm, tally: t, elapsed }) => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    const total = t.reads + t.writes;
    const rps = total / elapsed;
    const hit = arm === "on" ? 1 - (t.layers.database ?? 0) / t.reads : 0;
    return {
      arm: `cache ${arm}`,
      rps,
      cells: [
        `cache ${arm}`, f(rps, 0), f(pct(sorted, 50), 2), f(pct(sorted, 99), 2), String(total), String(t.errors),
        arm === "on" ? `${f(100 * hit)} %` : "–",
        ...(arm === "on" ? ["memory", "cacheApi", "redis", "database"].map((l) => share(t, l)) : ["–", "–", "–", "100.0 %"]),
        f(t.dbQueries / total, 3), f(t.readDbQueries / Math.max(1, t.reads), 3),
      ],
      hit,
      dbPerRequest: t.dbQueries / total,
      dbPerRead: t.readDbQueries / Math.max(1, t.reads),
    };
  });
  const head = ["arm", "req/s", "p50 ms", "p99 ms", "requests", "errors", "hit ratio", "memory", "cacheApi", "redis", "database", "db q/req", "db q/read"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log("");
  console.log(line(head));
  for (const r of rows) console.log(line(r.cells));
  const off = rows.find((r) => r.arm === "cache off")!;
  const on = rows.find((r) => r.arm === "cache on")!;
  const speedup = on.rps / off.rps;
  console.log("");
  console.log(`layer columns: share of reads answered by each layer (Server-Timing of every response); db q/req counts the writes' own UPDATE.`);
  console.log(`worker's metrics window (cache on, measured phase): reads ${m.reads}, hit ratio ${f(100 * m.hitRatio)} %, db queries/request ${f(m.queries / Math.max(1, m.requests), 3)} (background refreshes included)`);
  console.log(`ceiling (same route, every read a memory hit, no writes): ${f(harness, 0)} req/s = ${f(harness / off.rps, 2)}× uncached`);
  console.log(`targets: hit ratio ≥ 95 %: ${f(100 * on.hit)} % ${on.hit >= 0.95 ? "met" : "NOT met"}; ≤ 0.05 db queries/request: ${f(on.dbPerRequest, 3)} (reads only ${f(on.dbPerRead, 3)}) ${on.dbPerRequest <= 0.05 ? "met" : "NOT met"}; cached ≥ 5× uncached: ${f(speedup, 2)}× ${speedup >= 5 ? "met" : "NOT met"}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
