// What the monitor shows for one poll of GET /api/health: a compact table for a terminal, or one line
// for a log. Pure (no I/O) and tolerant: a field the deployment does not report shows as "—", so an
// older or newer health service never crashes the monitor.
import type { Paint } from "./term";
import { statusColor } from "./term";

interface Layer { hits?: number; misses?: number; hitRatio?: number | null; errors?: number }
interface Traffic { requests?: number; perMinute?: number; errors?: number; errorRate?: number | null; p50Ms?: number | null; p95Ms?: number | null }

/** The /api/health document as the monitor reads it (API.md); every part may be missing. */
export interface HealthDoc {
  status?: string;
  version?: string;
  checkedAt?: string;
  services?: Record<string, { status?: string; latencyMs?: number | null; version?: string | null; arm?: string; error?: string }>;
  dependencies?: Record<string, { status?: string; latencyMs?: number | null; error?: string }>;
  cache?: {
    window?: { minutes?: number };
    source?: string;
    reads?: number;
    requests?: number;
    hitRatio?: number | null;
    layers?: { memory?: Layer; cacheApi?: Layer; redis?: Layer; database?: { reads?: number; loads?: number; queries?: number; errors?: number } };
    dbQueriesPerRequest?: number | null;
    staleServed?: number;
    coalesced?: number;
    errors?: number;
    error?: string;
  } | null;
  traffic?: { window?: { minutes?: number }; source?: string; services?: Record<string, Traffic>; error?: string } | null;
  canary?: unknown;
}

export interface PollView {
  base: string;
  at: Date;
  poll: number;
  elapsedS: number;
  durationS: number;
  intervalS: number;
  /** HTTP status of /api/health, null when nothing answered. */
  http: number | null;
  healthMs: number | null;
  /** This poll's report; null when the answer was not a report (network error, problem+json, HTML). */
  report: HealthDoc | null;
  error: string | null;
  /** The last report that did arrive, shown (marked stale) while polls fail. */
  lastGood: { at: Date; report: HealthDoc } | null;
  live: { lastMs: number | null; p50: number | null; p95: number | null; samples: number; failed: number; error: string | null };
}

const dash = "—";
const ms = (n: number | null | undefined) => (n == null ? dash : `${Math.round(n)} ms`);
const pct = (r: number | null | undefined) => (r == null ? dash : `${(r * 100).toFixed(1)} %`);
const num = (n: number | null | undefined, digits = 0) => (n == null ? dash : n.toFixed(digits));
const clock = (d: Date) => d.toISOString().slice(11, 19) + "Z";
const mmss = (s: number) => `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
/** Traffic percentiles are histogram bucket bounds (packages/data metrics/traffic.ts): "≤ 20 ms". */
const bound = (n: number | null | undefined) => (n == null ? dash : `≤${n}`);

/** One level of an unknown object as "k=v" pairs (the canary block's shape is not fixed yet). */
function pairs(v: unknown): string {
  if (v == null || typeof v !== "object") return String(v ?? dash);
  return Object.entries(v)
    .filter(([, x]) => x === null || typeof x !== "object")
    .map(([k, x]) => `${k}=${String(x)}`)
    .join(" ");
}

function canaryLines(c: unknown): string[] {
  if (!c || typeof c !== "object") return [`canary     ${dash}`];
  const { enabled, arms, note } = c as { enabled?: unknown; arms?: Record<string, unknown>; note?: unknown };
  const head = `canary     ${enabled ? "enabled" : "disabled"}${note ? ` · ${String(note)}` : ""}`;
  return [head, ...Object.entries(arms ?? {}).map(([name, arm]) => `  ${name.padEnd(9)}${pairs(arm)}`)];
}

function canaryShort(c: unknown): string {
  if (!c || typeof c !== "object") return "canary ?";
  const { enabled, arms } = c as { enabled?: unknown; arms?: Record<string, unknown> };
  if (!enabled) return "canary off";
  return `canary ${Object.entries(arms ?? {}).map(([n, a]) => `${n}(${pairs(a)})`).join(" ") || "on"}`;
}

export function renderTable(v: PollView, paint: Paint): string[] {
  const word = (s: string | null | undefined, width = 9) => paint((s ?? dash).padEnd(width), statusColor(s));
  const out: string[] = [];
  out.push(paint(`Pitchey monitor · ${v.base} · every ${v.intervalS} s · ${mmss(v.elapsedS)} of ${mmss(v.durationS)} · poll ${v.poll} · Ctrl-C stops`, "bold"));

  const r = v.report ?? v.lastGood?.report ?? null;
  if (v.report) {
    out.push(`overall    ${word(v.report.status)} HTTP ${v.http} · version ${v.report.version ?? dash} · checked ${v.report.checkedAt?.slice(11, 19) ?? dash}Z · answered in ${ms(v.healthMs)}`);
  } else {
    out.push(`overall    ${paint("NO REPORT".padEnd(9), "red")} ${v.http ? `HTTP ${v.http} · ` : ""}${paint(v.error ?? "unknown error", "red")}`);
    if (v.lastGood) out.push(paint(`           showing the last report, from ${clock(v.lastGood.at)}`, "yellow"));
  }
  const l = v.live;
  out.push(`round-trip /api/health/live: last ${ms(l.lastMs)} · p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · ${l.samples} ok, ${l.failed} failed${l.error ? paint(` · ${l.error}`, "red") : ""}`);
  if (!r) return out;

  out.push("", paint("SERVICE    STATUS    LATENCY  VERSION       ARM      NOTE", "dim"));
  for (const [name, s] of Object.entries(r.services ?? {})) {
    out.push(`${name.padEnd(10)} ${word(s.status)} ${ms(s.latencyMs).padStart(7)}  ${(s.version ?? dash).padEnd(13)} ${(s.arm ?? "").padEnd(8)} ${s.error ?? ""}`.trimEnd());
  }
  out.push(paint("DEPENDENCY STATUS    LATENCY  NOTE", "dim"));
  for (const [name, d] of Object.entries(r.dependencies ?? {})) {
    out.push(`${name.padEnd(10)} ${word(d.status)} ${ms(d.latencyMs).padStart(7)}  ${d.error ?? ""}`.trimEnd());
  }

  const c = r.cache;
  out.push("");
  if (c) {
    out.push(`cache      hit ratio ${pct(c.hitRatio)} of ${num(c.reads)} reads · db queries/request ${num(c.dbQueriesPerRequest, 2)} · stale ${num(c.staleServed)} · coalesced ${num(c.coalesced)} · errors ${num(c.errors)}`);
    out.push(paint(`           last ${c.window?.minutes ?? "?"} min, counters from ${c.source ?? "?"}${c.error ? ` (${c.error})` : ""}`, "dim"));
    for (const name of ["memory", "cacheApi", "redis"] as const) {
      const x = c.layers?.[name];
      out.push(`  ${name.padEnd(9)}hit ${pct(x?.hitRatio).padStart(7)}  ${num(x?.hits).padStart(6)} hits ${num(x?.misses).padStart(6)} misses ${num(x?.errors).padStart(4)} errors`);
    }
    const db = c.layers?.database;
    out.push(`  ${"database".padEnd(9)}${num(db?.reads)} reads · ${num(db?.loads)} loads · ${num(db?.queries)} queries · ${num(db?.errors)} errors`);
  } else {
    out.push(`cache      ${dash} (not reported)`);
  }

  const t = r.traffic;
  out.push("", paint(`TRAFFIC    REQ/MIN  ERRORS    P50 ms  P95 ms   (last ${t?.window?.minutes ?? "?"} min, gateway's view; percentiles are bucket bounds)`, "dim"));
  const services = Object.entries(t?.services ?? {});
  if (!t) out.push(`           ${dash} (not reported)`);
  else if (!services.length) out.push(`           no requests in the window${t.error ? ` (${t.error})` : ""}`);
  for (const [name, s] of services) {
    const errColor = s.errorRate ? "red" : "green";
    out.push(`${name.padEnd(10)} ${num(s.perMinute, 1).padStart(7)}  ${paint(pct(s.errorRate).padStart(7), errColor)}  ${bound(s.p50Ms).padStart(7)} ${bound(s.p95Ms).padStart(7)}`);
  }
  out.push("", ...canaryLines(r.canary));
  return out;
}

/** One line per poll, for logs and pipes. */
export function renderLine(v: PollView): string {
  const l = v.live;
  const head = `${clock(v.at)} #${v.poll}`;
  const live = `live ${ms(l.lastMs)} (p50 ${ms(l.p50)} p95 ${ms(l.p95)} n=${l.samples}${l.failed ? ` failed=${l.failed}` : ""})`;
  if (!v.report) return `${head} NO-REPORT ${v.http ? `http=${v.http} ` : ""}${v.error ?? "unknown error"} | ${live}${l.error ? ` live-error: ${l.error}` : ""}`;
  const r = v.report;
  const svc = Object.entries(r.services ?? {}).map(([n, s]) => `${n} ${s.status ?? "?"}${s.latencyMs != null ? ` ${Math.round(s.latencyMs)}ms` : ""}`).join(", ");
  const deps = Object.entries(r.dependencies ?? {}).map(([n, d]) => `${n} ${d.status ?? "?"}${d.latencyMs != null ? ` ${Math.round(d.latencyMs)}ms` : ""}`).join(", ");
  const c = r.cache;
  const layers = c ? (["memory", "cacheApi", "redis"] as const).map((n) => `${n} ${pct(c.layers?.[n]?.hitRatio)}`).join(" ") : "";
  const cache = c ? `hit ${pct(c.hitRatio)} of ${num(c.reads)} reads (${layers}) db q/req ${num(c.dbQueriesPerRequest, 2)}` : `hit ${dash}`;
  const traffic = Object.entries(r.traffic?.services ?? {})
    .map(([n, s]) => `${n} ${num(s.perMinute, 1)}/min err ${pct(s.errorRate)} p50 ${bound(s.p50Ms)} p95 ${bound(s.p95Ms)}`)
    .join("; ");
  return [`${head} ${r.status ?? "?"} http=${v.http} health ${ms(v.healthMs)}`, live, svc, deps, cache, traffic || "no traffic", canaryShort(r.canary)].join(" | ");
}
