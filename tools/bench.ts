// `npm run bench`: every performance target of the mesh, measured side by side in one run (a script,
// not a test: loopback only, bounded in time). Prints medians with ranges and writes the tables into
// docs/performance.md (between the bench:begin / bench:end markers).
//   1. startup CPU of each Worker (`wrangler check startup`, median of 5) and its bundle size;
//   2. the mesh arms, interleaved 2 s slices over several rounds (tools/bench/mesh.ts): a hello
//      Worker (the machine's ceiling), the pitch Worker reached directly, a monolith (the gateway's
//      pipeline calling the pitch app in-process), the mesh (gateway → pitch over the binding), the
//      gateway's own response cache, a signed-in read, the gateway → health floor, a one-line forwarder
//      → health (a bare binding hop), health reached directly, the floor with logging off;
//   3. sign-in (PBKDF2) cost;
//   4. the Zipf mix with 5 % writes through the gateway, cache on and off (tools/bench/gateway.ts).
// Settings: BENCH_ROUNDS (6), BENCH_SLICE (2 s), BENCH_CONCURRENCY (16 for the arms), BENCH_SKIP_MIX=1.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pickDriver } from "./bench/drivers";
import { runGateway } from "./bench/gateway";
import { buildAll, median, meshArms, runRounds, SERVICES, startMeshBench, type ArmResult } from "./bench/mesh";
import { cpuSeconds, workerdChildren } from "./bench/proc-cpu";
import { fmt as f, type Figures } from "./bench/run";
import { readConfig, withBenchEnv } from "./bench/setup";
import { DEMO_PASSWORD } from "../ops/src/seed";

const n = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
const ROUNDS = n("BENCH_ROUNDS", 6);
const SLICE = n("BENCH_SLICE", 2);
const CONNECTIONS = n("BENCH_CONCURRENCY", 16);
const cfg = { ...readConfig(), seconds: n("BENCH_SECONDS", 12) };
const lines: string[] = [];
const started = performance.now();

/** `wrangler check startup` on a prebuilt upload: the profile's span, and its time not idle, ms. */
function startup(root: string, svc: string, tmp: string): { span: number; busy: number }[] {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const cwd = join(root, "services", svc);
  const bundle = join(tmp, `${svc}.upload`);
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  spawnSync(wrangler, ["deploy", "--dry-run", "--outfile", bundle], { cwd, env, encoding: "utf8" });
  const out: { span: number; busy: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const prof = join(tmp, `${svc}-${i}.cpuprofile`);
    const r = spawnSync(wrangler, ["check", "startup", "--worker", bundle, "--outfile", prof], { cwd, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`wrangler check startup (${svc}) failed:\n${(r.stdout + r.stderr).slice(-1500)}`);
    const p = JSON.parse(readFileSync(prof, "utf8")) as {
      startTime: number;
      endTime: number;
      nodes: { id: number; callFrame: { functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
    const idle = new Set(p.nodes.filter((x) => x.callFrame.functionName === "(idle)").map((x) => x.id));
    let busy = 0;
    p.samples.forEach((s, i) => (busy += idle.has(s) ? 0 : (p.timeDeltas[i] ?? 0)));
    out.push({ span: (p.endTime - p.startTime) / 1000, busy: busy / 1000 });
  }
  return out;
}

const range = (xs: number[], d = 0) => `${f(median(xs), d)} [${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)}]`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

await withBenchEnv(
  cfg,
  async (b) => {
    const log = (l: string) => (b.log(l), lines.push(l));
    log(
      `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}; ${ROUNDS} rounds of ${SLICE} s slices, ${CONNECTIONS} connections; LOG_LEVEL info, LOG_SAMPLE 0.1 (production), cache on`,
    );
    const driver = pickDriver(b.tmp, b.log);

    // ---- 1. bundles and startup ----
    const built = await buildAll(b);
    const sizes = Object.fromEntries(Object.entries(built).map(([k, v]) => [k, v]));
    log("");
    log("Worker      bundle raw KiB  gzip KiB   startup span ms (median [range] of 5)   startup CPU not idle ms");
    const starts: Record<string, { span: number[]; busy: number[] }> = {};
    for (const svc of SERVICES) {
      const s = startup(b.root, svc, b.tmp);
      starts[svc] = { span: s.map((x) => x.span), busy: s.map((x) => x.busy) };
      log(
        `${svc.padEnd(10)}  ${f(sizes[svc]!.raw / 1024).padStart(14)}  ${f(sizes[svc]!.gzip / 1024).padStart(8)}   ${range(starts[svc]!.span, 1).padStart(36)}   ${range(starts[svc]!.busy, 1).padStart(24)}`,
      );
    }

    // ---- 2. the mesh arms ----
    const m = await startMeshBench(b, built);
    b.onCleanup(() => m.dispose());
    const pids = workerdChildren();
    const cpu = () => cpuSeconds(pids);
    const arms = await meshArms(m);
    const gw = await m.origin("pitchey-gateway");
    const results = await runRounds(arms, driver, { rounds: ROUNDS, slice: SLICE, warmup: 1, connections: CONNECTIONS, cpu, log: b.log });
    const by = (label: string) => results.find((r) => r.label.startsWith(label))!;
    const rps = (r: ArmResult) => median(r.samples.map((s) => s.rps));
    const us = (r: ArmResult) => median(r.samples.map((s) => s.us));
    log("");
    log(`${"arm".padEnd(52)}  ${"req/s median [range]".padStart(24)}  ${"workerd µs/req median [range]".padStart(30)}  p50 ms  errors`);
    for (const r of results) {
      log(
        `${r.label.padEnd(52)}  ${range(r.samples.map((s) => s.rps)).padStart(24)}  ${range(r.samples.map((s) => s.us)).padStart(30)}  ${f(median(r.samples.map((s) => s.p50)), 2).padStart(6)}  ${String(r.samples.reduce((a, s) => a + s.errors, 0)).padStart(6)}`,
      );
    }

    // ---- 3. sign-in ----
    const t0 = cpu();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      const res = await fetch(`${gw}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "sarah.investor@demo.com", password: DEMO_PASSWORD }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`login: ${res.status}`);
      times.push(performance.now() - s);
    }
    const loginUs = ((cpu() - t0) * 1e6) / 20;
    log(
      `sign-in (POST /api/auth/login, PBKDF2 100,000 iterations): ${f(median(times), 1)} ms median of 20 sequential, workerd ${f(loginUs / 1000, 1)} ms CPU each`,
    );

    // ---- 4. the Zipf mix ----
    let mix: Record<string, Figures> | null = null;
    if (process.env.BENCH_SKIP_MIX !== "1") {
      log("");
      log("Zipf mix through the gateway (tools/bench/gateway.ts): 10,000 pitches, 5 % owner PATCHes");
      mix = await runGateway({ ...b, log: (l) => log(l) }, driver);
    }

    // ---- targets ----
    const hop = us(by("one-line forwarder"));
    const floor = us(by("gateway → health /live (floor)"));
    const meshR = rps(by("mesh: gateway → pitch"));
    const monoR = rps(by("monolith"));
    const helloR = rps(by("hello"));
    const cacheR = rps(by("mesh: anonymous public GET"));
    const logging = floor - us(by("gateway → health /live, LOG_LEVEL error"));
    const loggingAll = us(by("gateway → health /live, every request logged")) - us(by("gateway → health /live, LOG_LEVEL error"));
    const worstStart = Math.max(...SERVICES.map((s) => median(starts[s]!.busy)));
    const gz = (s: string) => sizes[s]!.gzip / 1024;
    log("");
    log("targets (ratios from medians of this run):");
    log(
      `  startup ≤ 5 ms CPU per Worker: worst ${f(worstStart, 1)} ms not idle (${SERVICES.map((s) => `${s} ${f(median(starts[s]!.busy), 1)}`).join(", ")}) — ${verdict(worstStart <= 5)}`,
    );
    log(`  gateway's own cost ≤ 100 µs over a bare hop: ${f(floor - hop, 0)} µs (floor ${f(floor, 0)} − hop ${f(hop, 0)}) — ${verdict(floor - hop <= 100)}`);
    log(
      `  mesh ≥ 0.9 × monolith: ${f(meshR / monoR, 2)} — ${verdict(meshR / monoR >= 0.9)}; mesh ≥ 0.3 × hello: ${f(meshR / helloR, 2)} — ${verdict(meshR / helloR >= 0.3)}`,
    );
    log(`  gateway cache, anonymous hot reads ≥ 0.5 × hello: ${f(cacheR / helloR, 2)} — ${verdict(cacheR / helloR >= 0.5)}`);
    log(
      `  bundles: gateway ${f(gz("gateway"))} KiB gzip ≤ 25 — ${verdict(gz("gateway") <= 25)}; services ≤ 100: ${["auth", "pitch", "investor", "health"].map((s) => `${s} ${f(gz(s))}`).join(", ")} — ${verdict(["auth", "pitch", "investor", "health"].every((s) => gz(s) <= 100))}`,
    );
    log(
      `  request logging at the gateway, production settings (info, LOG_SAMPLE 0.1): ${f(logging, 0)} µs per request; every request logged: ${f(loggingAll, 0)} µs (each against LOG_LEVEL error)`,
    );
    if (mix) {
      const on = mix["cache on"]!;
      const off = mix["cache off"]!;
      const ceil = mix["ceiling: all hits"]!;
      const ideal = 1 / (on.hit / ceil.rps + (1 - on.hit) / off.rps);
      log(
        `  cache: DB queries per read through the gateway ≤ 0.05: ${f(on.perRead, 3)} — ${verdict(on.perRead <= 0.05)}; cache-on ≥ 80 % of the ideal its hit ratio allows: ${f(on.rps, 0)} of ${f(ideal, 0)} req/s = ${f((100 * on.rps) / ideal, 0)} % — ${verdict(on.rps / ideal >= 0.8)}`,
      );
    }
    log(`(done in ${f((performance.now() - started) / 1000, 0)} s)`);
  },
  1_500,
);

// The table goes into docs/performance.md between the markers, with the date and commit.
const doc = join(import.meta.dirname, "..", "docs", "performance.md");
const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
const block = `<!-- bench:begin -->\n\`npm run bench\` at ${commit}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC:\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n<!-- bench:end -->`;
const text = readFileSync(doc, "utf8");
const next = /<!-- bench:begin -->[\s\S]*<!-- bench:end -->/.test(text)
  ? text.replace(/<!-- bench:begin -->[\s\S]*<!-- bench:end -->/, block)
  : `${text.trimEnd()}\n\n## \`npm run bench\`: the last run\n\n${block}\n`;
writeFileSync(doc, next);
console.log(`[bench] wrote the tables into docs/performance.md`);
