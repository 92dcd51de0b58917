// `npm run bench:hop`: the gateway-cost arms of `npm run bench` alone (no startup, no Zipf mix), interleaved,
// in about two minutes — the loop for work on the request path. BENCH_ARMS picks arms (default
// floor,quiet,hop,mesh,mono,gwcache); BENCH_PROFILE=<worker>:<arm> with BENCH_INSPECTOR_PORT=<port> also
// takes a CPU profile of that Worker under that arm and prints its top functions (BENCH_NO_MINIFY=1 keeps
// their names). Figures are workerd CPU per request: compare arms of one run, not runs.
import WebSocket from "ws";
import { cpus, loadavg } from "node:os";
import { pickDriver } from "./bench/drivers";
import { buildAll, median, meshArms, runRounds, startMeshBench } from "./bench/mesh";
import { cpuSeconds, workerdChildren } from "./bench/proc-cpu";
import { fmt as f } from "./bench/run";
import { readConfig, withBenchEnv } from "./bench/setup";

const n = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
const only = (process.env.BENCH_ARMS ?? "floor,quiet,hop,mesh,mono,gwcache").split(",");
await withBenchEnv({ ...readConfig(), seconds: 12 }, async (b) => {
  b.log(
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ${cpus().length} CPUs`,
  );
  const driver = pickDriver(b.tmp, b.log);
  const built = await buildAll(b);
  b.log(`gateway gzip ${(built.gateway!.gzip / 1024).toFixed(1)} KiB`);
  const m = await startMeshBench(b, built);
  b.onCleanup(() => m.dispose());
  const pids = workerdChildren();
  const all = await meshArms(m);
  const arms = only.map((k) => {
    const arm = all.find((a) => a.key === k);
    if (!arm) throw new Error(`BENCH_ARMS: no arm "${k}" (arms: ${all.map((a) => a.key).join(", ")})`);
    return { label: k, target: arm.target };
  });
  const results = await runRounds(arms, driver, {
    rounds: n("BENCH_ROUNDS", 6),
    slice: n("BENCH_SLICE", 2),
    warmup: 1,
    connections: n("BENCH_CONCURRENCY", 16),
    cpu: () => cpuSeconds(pids),
    log: () => {},
  });
  const prof = process.env.BENCH_PROFILE; // e.g. "pitchey-gateway:floor"
  if (prof) {
    const [worker, armName] = prof.split(":");
    const ws = new WebSocket(`ws://127.0.0.1:${process.env.BENCH_INSPECTOR_PORT}/core:user:${worker}`);
    await new Promise((r) => ws.on("open", r));
    let id = 0;
    const waiting = new Map<number, (v: any) => void>();
    ws.on("message", (d) => {
      const m = JSON.parse(String(d));
      if (m.id && waiting.has(m.id)) waiting.get(m.id)!(m.result);
    });
    const send = (method: string, params = {}) =>
      new Promise<any>((r) => {
        const i = ++id;
        waiting.set(i, r);
        ws.send(JSON.stringify({ id: i, method, params }));
      });
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 50 });
    await send("Profiler.start");
    await driver.run(all.find((a) => a.key === armName)!.target, n("BENCH_PROFILE_S", 6), 16);
    const { profile } = await send("Profiler.stop");
    ws.close();
    const nodes = new Map<number, any>(profile.nodes.map((x: any) => [x.id, x]));
    const parent = new Map<number, number>();
    for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((sid: number, i: number) => {
      const dt = profile.timeDeltas[i] ?? 0;
      const x = nodes.get(sid);
      const name = (y: any) => `${y.callFrame.functionName || "(anon)"} ${y.callFrame.url.split("/").pop()}:${y.callFrame.lineNumber}`;
      if (x.callFrame.functionName === "(idle)") return;
      total += dt;
      self.set(name(x), (self.get(name(x)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let y: any = x; y; y = nodes.get(parent.get(y.id)!)) {
        const k = name(y);
        if (!seen.has(k)) {
          seen.add(k);
          incl.set(k, (incl.get(k) ?? 0) + dt);
        }
      }
    });
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([nm, t]) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${nm}`);
    b.log(`profile of ${worker} during ${armName}: ${(total / 1000).toFixed(0)} ms busy`);
    b.log(`self:\n${top(self, 30).join("\n")}`);
    b.log(`inclusive:\n${top(incl, 45).join("\n")}`);
  }
  for (const r of results) {
    const us = r.samples.map((s) => s.us);
    const rps = r.samples.map((s) => s.rps);
    b.log(
      `${r.label.padEnd(14)} rps ${f(median(rps), 0).padStart(6)}  µs/req ${f(median(us), 0).padStart(5)} [${f(Math.min(...us), 0)}–${f(Math.max(...us), 0)}] errors ${r.samples.reduce((a, s) => a + s.errors, 0)}`,
    );
  }
});
