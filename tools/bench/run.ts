// Runs arms side by side (interleaved time slices, so a change in the machine's load hits every arm
// alike), counts the database statements each slice caused at the SQL stand-in, and prints the table.
import { addSlice, emptySlice, percentileMs, type Driver, type Slice, type Target } from "./drivers";

export interface Arm {
  target: Target;
  /** "mix": the read/write workload (every column); "probe": a fixed request (throughput and latency only). */
  kind: "mix" | "probe";
  label: string;
  total: Slice;
  /** SQL statements the stand-in ran during this arm's slices (every Worker, background work included). */
  statements: number;
  /** SQL statements one of this arm's writes runs (statementsPerWrite), to tell the read path's share. */
  perWrite: number;
  /** CPU seconds spent during this arm's slices by workerd (every Worker) and by the Node process
   *  serving the SQL and Redis stand-ins (null when that process also drives the load). */
  cpu: { workerd: number; standIns: number | null };
}

export const arm = (label: string, kind: Arm["kind"], target: Target): Arm => ({
  label,
  kind,
  target,
  total: emptySlice(),
  statements: 0,
  perWrite: 0,
  cpu: { workerd: 0, standIns: 0 },
});

/** CPU seconds used so far: workerd's, and the stand-ins' Node process (null: not separable). */
export type CpuMeter = () => { workerd: number; standIns: number | null };

export interface RunOptions {
  driver: Driver;
  seconds: number;
  warmup: number;
  slice: number;
  connections: number;
  /** The stand-in's running total of SQL statements. */
  statements: () => number;
  cpu: CpuMeter;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** After a slice: lets waitUntil work (fills, refreshes, invalidations) land in that slice's count. */
const SETTLE_MS = 100;

/** Probes (a fixed request: steady, and only there to bound the others) get half the time. */
const share = (a: Arm, seconds: number) => (a.kind === "probe" ? Math.max(1, Math.floor(seconds / 2)) : seconds);

export async function runArms(arms: Arm[], o: RunOptions): Promise<void> {
  for (const a of arms) {
    const s = await o.driver.run(a.target, share(a, o.warmup), o.connections);
    if (s.errors) o.log(`warm-up ${a.label}: ${s.errors} errors, e.g. ${s.errorSample}`);
  }
  const rounds = Math.max(1, Math.round(o.seconds / o.slice));
  for (let i = 0; i < rounds; i++) {
    for (const a of i % 2 ? [...arms].reverse() : arms) {
      await sleep(SETTLE_MS);
      const before = o.statements();
      const cpu0 = o.cpu();
      const s = await o.driver.run(a.target, share(a, o.slice), o.connections);
      await sleep(SETTLE_MS);
      const cpu1 = o.cpu();
      a.statements += o.statements() - before;
      a.cpu.workerd += cpu1.workerd - cpu0.workerd;
      a.cpu.standIns = cpu1.standIns === null || cpu0.standIns === null || a.cpu.standIns === null ? null : a.cpu.standIns + cpu1.standIns - cpu0.standIns;
      addSlice(a.total, s);
    }
  }
}

/** Reads the paths in order for `seconds` (wrapping if done early) with the load driver; not measured:
 *  this puts a long-running service's working set in its cache. Returns how many paths were read. */
export async function prime(driver: Driver, origin: string, paths: string[], seconds: number, connections: number): Promise<number> {
  const t: Target = {
    name: "prime",
    origin,
    ops: paths.map((path) => ({ write: false, path, token: 0 })),
    pos: 0,
    writeMethod: "GET",
    writeField: "",
    tokens: [],
  };
  const s = await driver.run(t, seconds, connections);
  if (s.errors) throw new Error(`priming: ${s.errors} errors, e.g. ${s.errorSample}`);
  return Math.min(s.requests, paths.length);
}

/** Sends `n` of the target's writes one at a time; returns the SQL statements per write. */
export async function statementsPerWrite(t: Target, n: number, statements: () => number): Promise<number> {
  const writes = t.ops.filter((op) => op.write).slice(0, n);
  await sleep(SETTLE_MS);
  const before = statements();
  for (const [i, op] of writes.entries()) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (op.token) headers.authorization = `Bearer ${t.tokens[op.token - 1]}`;
    const res = await fetch(`${t.origin}${op.path}`, { method: t.writeMethod, headers, body: JSON.stringify({ [t.writeField]: `calibration ${i}` }) });
    const body = await res.text();
    if (!res.ok) throw new Error(`calibration write ${op.path}: ${res.status} ${body.slice(0, 300)}`);
  }
  await sleep(SETTLE_MS);
  return (statements() - before) / writes.length;
}

export interface Figures {
  rps: number;
  hit: number;
  perRequest: number;
  perRead: number;
  /** workerd CPU microseconds per request. */
  workerdUs: number;
  standInsUs: number | null;
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");

/** Prints the table; returns each arm's figures by label. */
export function report(arms: Arm[], log: (line: string) => void): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  const rows = arms.map((a) => {
    const t = a.total;
    const rps = t.requests / t.seconds;
    const mix = a.kind === "mix";
    const hit = t.reads ? 1 - (t.layers.database ?? 0) / t.reads : NaN;
    const perRequest = a.statements / t.requests;
    const perRead = t.reads ? (a.statements - t.writes * a.perWrite) / t.reads : NaN;
    const workerdUs = (1e6 * a.cpu.workerd) / t.requests;
    const standInsUs = a.cpu.standIns === null ? null : (1e6 * a.cpu.standIns) / t.requests;
    out[a.label] = { rps, hit, perRequest, perRead, workerdUs, standInsUs };
    const share = (l: string) => (mix && t.reads ? `${f((100 * (t.layers[l] ?? 0)) / t.reads)} %` : "–");
    return [
      a.label,
      f(rps, 0),
      f(percentileMs(t.latencyUs, 50), 2),
      f(percentileMs(t.latencyUs, 99), 2),
      String(t.requests),
      String(t.errors),
      mix ? String(t.writes) : "–",
      mix ? `${f(100 * hit)} %` : "–",
      share("memory"),
      share("cacheApi"),
      share("redis"),
      share("database"),
      mix ? f(perRequest, 3) : "–",
      mix ? f(perRead, 3) : "–",
      f(workerdUs, 0),
      standInsUs === null ? "–" : f(standInsUs, 0),
    ];
  });
  const head = [
    "arm",
    "req/s",
    "p50 ms",
    "p99 ms",
    "requests",
    "errors",
    "writes",
    "hit ratio",
    "memory",
    "cacheApi",
    "redis",
    "database",
    "db q/req",
    "db q/read",
    "workerd µs/req",
    "stand-ins µs/req",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  log("");
  log(line(head));
  for (const r of rows) log(line(r));
  log("");
  for (const a of arms) if (a.total.errorSample) log(`${a.label}: first error: ${a.total.errorSample}`);
  return out;
}

export { f as fmt };
