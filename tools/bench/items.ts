// The package alone: packages/data/test/worker.ts (db(rc) + cache(rc) as a service uses them) over a
// table of 10,000 rows. Arms: cache off (CACHE_MODE=off, its own copy of the table, no Redis), cache
// on (Redis), an all-hit ceiling (cache on, one id, no writes) and the framework floor (/__noop: the
// same envelope, no cache, no database) — the last two bound what any cache can give here.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare, type WorkerOptions } from "miniflare";
import { ensureDatabase } from "../../packages/local-backends/src/migrate";
import type { Driver } from "./drivers";
import { arm, fmt as f, prime, report, runArms, statementsPerWrite } from "./run";
import type { BenchEnv } from "./setup";
import { makeOps, popularity, zipfMass } from "./workload";

const ROWS = 10_000;
/** Seconds spent reading rows into the cache before measuring (a miss costs milliseconds here). */
const PRIME_S = 28;
const COMPAT = { compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_compat"] };

/** Builds the test Worker as the services are built (their wrangler.jsonc: minified, keep_names off). */
function build(root: string, outdir: string): string {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const config = join(outdir, "..", "items.wrangler.json");
  const main = join(root, "packages", "data", "test", "worker.ts");
  writeFileSync(
    config,
    JSON.stringify({
      name: "cachebench",
      main,
      compatibility_date: COMPAT.compatibilityDate,
      compatibility_flags: COMPAT.compatibilityFlags,
      minify: true,
      keep_names: false,
    }),
  );
  const r = spawnSync(wrangler, ["deploy", "--config", config, "--dry-run", "--outdir", outdir], {
    cwd: join(root, "packages", "data"),
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return join(outdir, "worker.js");
}

export async function runItems(b: BenchEnv, driver: Driver): Promise<void> {
  const { cfg, log } = b;
  const dbs = {
    on: await ensureDatabase(b.backends.postgresUrl, "pitchey_bench", { fresh: true }),
    off: await ensureDatabase(b.backends.postgresUrl, "pitchey_bench_nocache", { fresh: true }),
  };
  const scriptPath = build(b.root, join(b.tmp, "items"));
  const worker = (name: string, db: string, extra: Record<string, string>): WorkerOptions => ({
    name,
    modules: true,
    scriptPath,
    modulesRoot: join(b.tmp, "items"),
    ...COMPAT,
    bindings: { ...b.dataBindings(db), ...extra },
    // A socket straight to this Worker: no Miniflare entry Worker in the path.
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  });
  const mf = new Miniflare({
    workers: [worker("off", dbs.off, { CACHE_MODE: "off" }), worker("on", dbs.on, b.redisBindings), worker("ceiling", dbs.off, {})],
  });
  b.onCleanup(() => mf.dispose());
  await mf.ready;
  const cpu = b.cpuMeter(driver.name === "node");
  const origin = async (name: string) => (await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, "");
  const o = { off: await origin("off"), on: await origin("on"), ceiling: await origin("ceiling") };
  for (const base of [o.off, o.on]) {
    const res = await fetch(`${base}/__setup`, { method: "POST", body: JSON.stringify({ rows: ROWS }) });
    if (res.status !== 204) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  }

  const ids = Array.from({ length: ROWS }, (_, i) => String(i + 1));
  const mix = (seed: number) =>
    makeOps({ ids, zipfS: cfg.zipfS, writeShare: cfg.writeShare, writes: cfg.writes, seed, count: cfg.ops, readPath: (id) => `/items/${id}` });
  const target = (name: string, originUrl: string, ops: ReturnType<typeof mix>) => ({
    name,
    origin: originUrl,
    ops,
    pos: 0,
    writeMethod: "PUT",
    writeField: "name",
    tokens: [],
  });
  const arms = [
    arm("cache off", "mix", target("off", o.off, mix(11))),
    arm("cache on", "mix", target("on", o.on, mix(12))),
    arm("ceiling: all hits", "probe", target("ceiling", o.ceiling, [{ write: false, path: "/items/1", token: 0 }])),
    arm("floor: no cache, no db", "probe", target("floor", o.ceiling, [{ write: false, path: "/__noop", token: 0 }])),
  ];

  log(
    `items: ${ROWS} rows, Zipf s=${cfg.zipfS} reads, ${cfg.writeShare * 100} % writes (PUT, ${cfg.writes} ids) that invalidate; ${cfg.connections} connections; ${cfg.warmup} s warm-up, ${cfg.seconds} s per arm in ${cfg.slice} s slices`,
  );
  // A long-running service has its working set cached: read the rows once, most popular first.
  const paths = popularity(ROWS).map((i) => `/items/${ids[i]}`);
  const primed = await prime(driver, o.on, paths, PRIME_S, cfg.connections);
  log(
    `cache on: the ${primed} most popular rows read once in ${PRIME_S} s (${f(100 * zipfMass(ROWS, cfg.zipfS, primed))} % of Zipf reads fall on them${primed < paths.length ? "; the rest start cold" : ""})`,
  );
  for (const a of arms.slice(0, 2)) a.perWrite = await statementsPerWrite(a.target, 40, b.statements);
  log(
    `one write (PUT /items/:id) runs ${f(arms[0]!.perWrite, 2)} SQL statements with the cache off, ${f(arms[1]!.perWrite, 2)} with it on (40 writes each, counted at the stand-in)`,
  );

  const window = async () => {
    await (await fetch(`${o.on}/__metrics/flush`, { method: "POST" })).arrayBuffer();
    return ((await (await fetch(`${o.on}/__metrics?minutes=60`)).json()) as { data: unknown }).data;
  };
  const before = await window();
  await runArms(arms, { driver, seconds: cfg.seconds, warmup: cfg.warmup, slice: cfg.slice, connections: cfg.connections, statements: b.statements, cpu, log });
  const after = await window();
  const figures = report(arms, log);

  const on = arms[1]!.total;
  const d = (fn: (w: any) => number) => fn(after) - fn(before);
  const wReads = d((w) => w.reads);
  log(`db q/req: SQL statements at the stand-in ÷ requests (writes' own UPDATE included); db q/read: (statements − writes × statements per write) ÷ reads.`);
  log(
    `cache on, Server-Timing of the service: ${f(on.readDb / Math.max(1, on.reads), 3)} queries per read, ${f(on.writeDb / Math.max(1, on.writes), 3)} per write`,
  );
  log(
    `cache on, the package's own metrics window (warm-ups included): reads ${wReads}, hit ratio ${f(100 * (1 - d((w) => w.layers.database.reads) / wReads))} %, db queries/request ${f(
      d((w) => w.layers.database.queries) /
        Math.max(
          1,
          d((w) => w.requests),
        ),
      3,
    )}`,
  );
  b.targets(figures["cache on"]!, figures["cache off"]!, figures["ceiling: all hits"]!, figures["floor: no cache, no db"]!, cfg.writeShare * arms[1]!.perWrite);
}
