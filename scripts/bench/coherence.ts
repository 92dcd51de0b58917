// TEMPORARY (issue 16 item 5): the two tag designs side by side — the previous one (trust epochs, the
// invalidation log, the @wrote marker: CACHE_COHERENCE=log) and the memoised MGET of tag versions.
// The package alone (packages/data/test/worker.ts), the items workload of bench/items.ts. Each design
// runs in its own Miniflare (own Cache API), against its own stand-in (own Redis logical database:
// cfg.redisDb and cfg.redisDb + 1) and its own database, so neither sees the other's writes. Arms,
// interleaved in 2 s slices: each design with anonymous reads, and with signed-in reads (a signed
// identity on every read, as the gateway sends for a signed-in caller who has not written lately).
import { randomBytes, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare, type WorkerOptions } from "miniflare";
import { ensureDatabase } from "../../packages/local-backends/src/migrate";
import { startStandInsFor } from "../../packages/local-backends/src/mesh";
import { signCaller } from "../../packages/http/src/identity";
import type { Driver } from "./drivers";
import { arm, fmt as f, prime, report, runArms, statementsPerWrite, type Arm } from "./run";
import type { BenchEnv } from "./setup";
import { makeOps, popularity } from "./workload";

const ROWS = 10_000;
const PRIME_S = Number(process.env.BENCH_PRIME_S ?? 20);
const COMPAT = { compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_compat"] };

function build(root: string, outdir: string): string {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const config = join(outdir, "..", "items.wrangler.json");
  const main = join(root, "packages", "data", "test", "worker.ts");
  writeFileSync(config, JSON.stringify({ name: "cachebench", main, compatibility_date: COMPAT.compatibilityDate, compatibility_flags: COMPAT.compatibilityFlags, minify: true, keep_names: false }));
  const r = spawnSync(wrangler, ["deploy", "--config", config, "--dry-run", "--outdir", outdir], { cwd: join(root, "packages", "data"), env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return join(outdir, "worker.js");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

export async function runCoherence(b: BenchEnv, driver: Driver): Promise<void> {
  const { cfg, log } = b;
  const second = await startStandInsFor(b.backends, { redisDb: cfg.redisDb + 1 });
  b.onCleanup(() => second.standIns.close());
  const dbs = {
    log: await ensureDatabase(b.backends.postgresUrl, "pitchey_bench", { fresh: true }),
    versions: await ensureDatabase(b.backends.postgresUrl, "pitchey_bench_v", { fresh: true }),
  };
  const scriptPath = build(b.root, join(b.tmp, "items"));
  const secret = randomBytes(32).toString("base64url");
  const worker = (name: string, bindings: Record<string, string>): WorkerOptions => ({
    name, modules: true, scriptPath, modulesRoot: join(b.tmp, "items"), ...COMPAT, bindings: { ...bindings, IDENTITY_HMAC_SECRET: secret },
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  });
  const mfLog = new Miniflare({ workers: [worker("log", { ...b.dataBindings(dbs.log), ...b.redisBindings, CACHE_COHERENCE: "log" })] });
  const mfVer = new Miniflare({ workers: [worker("versions", { ...b.dataBindings(dbs.versions), SERVICE_VERSION: "bench", LOG_LEVEL: "error", ...second.dataBindings(dbs.versions), ...second.redisBindings })] });
  b.onCleanup(() => mfLog.dispose());
  b.onCleanup(() => mfVer.dispose());
  await Promise.all([mfLog.ready, mfVer.ready]);
  const cpu = b.cpuMeter(driver.name === "node");
  const o = {
    log: (await mfLog.unsafeGetDirectURL("log")).toString().replace(/\/$/, ""),
    versions: (await mfVer.unsafeGetDirectURL("versions")).toString().replace(/\/$/, ""),
  };
  for (const base of Object.values(o)) {
    const res = await fetch(`${base}/__setup`, { method: "POST", body: JSON.stringify({ rows: ROWS }) });
    if (res.status !== 204) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  }
  const ids = Array.from({ length: ROWS }, (_, i) => String(i + 1));
  const mix = (seed: number) => makeOps({ ids, zipfS: cfg.zipfS, writeShare: cfg.writeShare, writes: cfg.writes, seed, count: cfg.ops, readPath: (id) => `/items/${id}` });
  // Reads carry x-request-id "bench-read" (both drivers): a signed identity for that id, refreshed each slice.
  const signedIn = async () => ({ "x-pitchey-identity": await signCaller({ user: { sub: "4242", role: "investor", sid: randomUUID() }, client: "203.0.113.9", lastWrite: null }, "bench-read", secret) });
  const target = (name: string, origin: string, seed: number, headers?: () => Promise<Record<string, string>>) =>
    ({ name, origin, ops: mix(seed), pos: 0, writeMethod: "PUT", writeField: "name", tokens: [], headers });
  const arms: Arm[] = [
    arm("log, anonymous", "mix", target("log-anon", o.log, 12)),
    arm("versions, anonymous", "mix", target("ver-anon", o.versions, 12)),
    arm("log, signed-in", "mix", target("log-user", o.log, 13, signedIn)),
    arm("versions, signed-in", "mix", target("ver-user", o.versions, 13, signedIn)),
  ];
  log(`coherence: ${ROWS} rows, Zipf s=${cfg.zipfS} reads, ${cfg.writeShare * 100} % writes (PUT, ${cfg.writes} ids); ${cfg.connections} connections; ${cfg.warmup} s warm-up, ${cfg.seconds} s per arm in ${cfg.slice} s slices`);
  const paths = popularity(ROWS).map((i) => `/items/${ids[i]}`);
  for (const [name, origin] of Object.entries(o)) log(`${name}: ${await prime(driver, origin, paths, PRIME_S, cfg.connections)} most popular rows read once in ${PRIME_S} s`);
  for (const a of arms) a.perWrite = await statementsPerWrite(a.target, 20, () => b.statements() + second.standIns.counts.sqlStatements);
  const redisTotal = () => b.standIns.counts.redisCommands + second.standIns.counts.redisCommands;
  const kinds0 = [new Map(b.standIns.counts.redisByKind), new Map(second.standIns.counts.redisByKind)];
  await runArms(arms, { driver, seconds: cfg.seconds, warmup: cfg.warmup, slice: cfg.slice, connections: cfg.connections, statements: () => b.statements() + second.standIns.counts.sqlStatements, redisCommands: redisTotal, cpu, log });
  report(arms, log);
  log("arm                     hit ratio  db q/read  redis cmds/req  workerd µs/req median [min–max] over slices");
  for (const a of arms) {
    const t = a.total;
    const us = a.slices.filter((s) => s.requests).map((s) => (1e6 * s.workerd) / s.requests);
    const hit = t.reads ? 1 - (t.layers.database ?? 0) / t.reads : NaN;
    const perRead = t.reads ? (a.statements - t.writes * a.perWrite) / t.reads : NaN;
    log(`${a.label.padEnd(22)}  ${f(100 * hit, 2).padStart(7)} %  ${f(perRead, 4).padStart(9)}  ${f(a.redisCommands / t.requests, 3).padStart(14)}  ${f(median(us), 0)} [${f(Math.min(...us), 0)}–${f(Math.max(...us), 0)}]`);
  }
  const byKind = (now: Map<string, number>, before: Map<string, number>) =>
    [...now].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v}`).join(", ");
  log(`redis commands by kind (whole run incl. warm-up), log design: ${byKind(b.standIns.counts.redisByKind, kinds0[0]!)}`);
  log(`redis commands by kind (whole run incl. warm-up), versions design: ${byKind(second.standIns.counts.redisByKind, kinds0[1]!)}`);
}
