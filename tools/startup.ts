// `npm run startup [-- --runs 5] [service …]`: each Worker's startup CPU as `wrangler check startup`
// profiles it (the bundle `wrangler deploy` would upload, imported once in a fresh workerd under the
// V8 profiler). Prints, per service, the median over --runs of the profile's busy time (samples that
// are not idle: compiling and evaluating the module's top level) and of its whole span. Profiles are
// written to a temporary folder and deleted. The machine's CPU is not Cloudflare's: compare services
// and versions with each other, not with the platform's limit.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "..");
const { values, positionals } = parseArgs({ options: { runs: { type: "string", default: "5" } }, allowPositionals: true });
const RUNS = Math.max(1, Number(values.runs) || 5);
const ALL = readdirSync(join(root, "services"))
  .filter((s) => statSync(join(root, "services", s, "wrangler.jsonc"), { throwIfNoEntry: false }))
  .sort();
const SERVICES = positionals.length ? positionals : ALL;

interface Profile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function check(service: string, outfile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), "check", "startup", "--outfile", outfile], {
      cwd: join(root, "services", service),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler check startup failed for ${service}:\n${out}`))));
  });
}

/** Busy: the time of every sample that is not "(idle)"; span: the profile from start to stop. Both ms. */
export function profileTimes(p: Profile): { busyMs: number; spanMs: number } {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  let busy = 0;
  p.samples.forEach((s, i) => {
    if (!idle.has(s)) busy += p.timeDeltas[i] ?? 0;
  });
  return { busyMs: busy / 1000, spanMs: (p.endTime - p.startTime) / 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const work = mkdtempSync(join(tmpdir(), "pitchey-startup-"));
try {
  console.log(`wrangler check startup, median of ${RUNS} run(s) per service (one at a time)\n`);
  console.log("service    busy ms   span ms   runs (busy)");
  for (const service of SERVICES) {
    const busy: number[] = [];
    const span: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const file = join(work, `${service}-${i}.cpuprofile`);
      await check(service, file);
      const t = profileTimes(JSON.parse(readFileSync(file, "utf8")) as Profile);
      busy.push(t.busyMs);
      span.push(t.spanMs);
    }
    console.log(
      `${service.padEnd(10)} ${median(busy).toFixed(1).padStart(7)}   ${median(span).toFixed(1).padStart(7)}   ${busy.map((b) => b.toFixed(1)).join(" ")}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
