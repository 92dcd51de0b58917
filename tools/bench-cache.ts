// Cache benchmark (a script, not a test), loopback only, bounded in time. Built bundles under the
// Miniflare API (not `wrangler dev`) against the real Postgres and Redis behind the local stand-ins.
// Workload: Zipf (s = 1.1) reads by id, 5 % writes that invalidate. Side by side in one run, in
// interleaved 2 s slices: cache off, cache on, an all-hit ceiling and a no-cache-no-database floor.
//
//   node --import tsx tools/bench-cache.ts             # the package alone (packages/data/test/worker.ts)
//   node --import tsx tools/bench-cache.ts --gateway   # through the gateway: GET /api/pitches/:id, PATCH by the owner
//   BENCH_SECONDS=16 BENCH_WARMUP=2 BENCH_CONCURRENCY=32 BENCH_WRITES=zipf|uniform BENCH_DRIVER=wrk|node BENCH_REDIS_DB=15
//   BENCH_DB_DELAY_MS=20   # emulated network latency: each SQL request's reply held this long at the
//                          # stand-in (a timer). An emulation, not a Neon measurement; 0 (default) is loopback.
//
// Load comes from wrk (one thread) straight to each Worker's own socket when wrk is installed, else
// from Node's fetch (said in the output). Database queries are counted twice: by the service in
// Server-Timing, and as SQL statements at the stand-in (every Worker, background work included).
// CPU per request is read from /proc for workerd and for this process (the stand-ins) per slice, so
// the Workers' own cost shows apart from the load driver and from other load on the machine. Last, it
// measures what one Cache API put and match cost in workerd under Miniflare (bench/cache-api-cost.ts).
// Databases: items mode `pitchey_bench`, `pitchey_bench_nocache`; gateway mode `pitchey_bench_mesh`
// (all recreated); one Redis logical database (flushed; default 15, or PITCHEY_TEST_REDIS_DB).
import { cpus, loadavg } from "node:os";
import { pickDriver } from "./bench/drivers";
import { runGateway } from "./bench/gateway";
import { runItems } from "./bench/items";
import { cacheApiCost } from "./bench/cache-api-cost";
import { fmt as f } from "./bench/run";
import { readConfig, withBenchEnv } from "./bench/setup";

const gateway = process.argv.includes("--gateway");
const cfg = readConfig();
const started = performance.now();
await withBenchEnv(cfg, async (b) => {
  b.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; emulated database latency: ${cfg.dbDelayMs} ms per SQL request`,
  );
  const driver = pickDriver(b.tmp, b.log);
  if (gateway) await runGateway(b, driver);
  else await runItems(b, driver);
  const c = await cacheApiCost();
  b.log(
    `Miniflare's Cache API here, workerd CPU per operation (median of 3 × 400): put ${f(c.put, 0)} µs, match ${f(c.match, 0)} µs; a fetch to a loopback server ${f(c.fetch, 0)} µs. A read that misses memory pays a match, one answered by Redis or the database a put, and the workerd column includes both`,
  );
});
console.log(`[bench] done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
