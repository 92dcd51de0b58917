// What the monitor shows for one poll of GET /api/health: a compact table for a terminal, or one line
// for a log. Pure (no I/O) and tolerant: a field the deployment does not report shows as "—", so an
// older or newer health service never crashes the monitor.
import type { Paint } from "./term";
import { statusColor } from "./term";
import { sparkline, textBar } from "./text-charts";

interface Layer {
  hits?: number;
  misses?: number;
  hitRatio?: number | null;
  errors?: number;
}
interface Figures {
  requests?: number;
  perMinute?: number;
  errors?: number;
  errorRate?: number | null;
  p50Ms?: number | null;
  p95Ms?: number | null;
}
interface Traffic extends Figures {
  arms?: Record<string, Figures>;
}
interface Series {
  requests?: number[];
  p50Ms?: (number | null)[];
  p95Ms?: (number | null)[];
}
interface ArmStep {
  requests?: number;
  errors?: number;
  p95Ms?: number | null;
}
/** /api/health's canary part (services/health canary.report.ts). */
interface Canary {
  enabled?: boolean;
  source?: string;
  services?: Record<string, { bound?: boolean; weight?: number; setBy?: string; since?: string | null; arms?: { stable?: ArmStep; canary?: ArmStep } | null }>;
  events?: { at?: string; service?: string; weightBefore?: number; reason?: string }[];
}

/** The /api/health document as the monitor reads it (docs/api.md); every part may be missing. */
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
  traffic?: {
    window?: { minutes?: number };
    source?: string;
    services?: Record<string, Traffic>;
    series?: { minutes?: string[]; services?: Record<string, Series> };
    error?: string;
  } | null;
  canary?: Canary | null;
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
const clock = (d: Date) => `${d.toISOString().slice(11, 19)}Z`;
const mmss = (s: number) => `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
/** Traffic percentiles are histogram bucket bounds (packages/data metrics/traffic.ts): "≤ 20 ms". */
const bound = (n: number | null | undefined) => (n == null ? dash : `≤${n}`);

function canaryLines(c: Canary | null | undefined): string[] {
  if (!c) return [`canary     ${dash} (not reported)`];
  const out = [`CANARY     WEIGHT  SET BY     SINCE     CURRENT STEP (stable | canary)   weights from ${c.source ?? "?"}`];
  for (const [name, s] of Object.entries(c.services ?? {})) {
    const step = (a: ArmStep | undefined) => (a ? `${a.requests ?? 0} req ${a.errors ?? 0} 5xx p95 ${bound(a.p95Ms)}` : dash);
    const weight = s.bound ? `${s.weight ?? 0} %` : "no arm";
    out.push(
      `${name.padEnd(10)} ${weight.padStart(6)}  ${(s.setBy ?? dash).padEnd(10)} ${(s.since ? clock(new Date(s.since)) : dash).padEnd(9)} ${s.arms ? `${step(s.arms.stable)} | ${step(s.arms.canary)}` : dash}`,
    );
  }
  const events = c.events ?? [];
  out.push(events.length ? "rollbacks (newest first):" : "rollbacks: none recorded");
  for (const e of events.slice(0, 3))
    out.push(`  ${e.at ? clock(new Date(e.at)) : dash} ${e.service ?? "?"} ${e.weightBefore ?? "?"} % → 0 %: ${e.reason ?? ""}`);
  return out;
}

function canaryShort(c: Canary | null | undefined): string {
  if (!c) return "canary ?";
  const weights = Object.entries(c.services ?? {})
    .filter(([, s]) => s.bound)
    .map(([n, s]) => `${n}=${s.weight ?? 0}%${s.setBy === "rollback" ? "(rolled back)" : ""}`);
  const last = c.events?.[0];
  return `canary ${weights.join(" ") || "no arms"}${last ? ` last rollback ${last.service} at ${last.at?.slice(11, 19)}Z` : ""}`;
}

export function renderTable(v: PollView, paint: Paint): string[] {
  const word = (s: string | null | undefined, width = 9) => paint((s ?? dash).padEnd(width), statusColor(s));
  const out: string[] = [];
  out.push(paint(`Pitchey monitor · ${v.base} · every ${v.intervalS} s · ${mmss(v.elapsedS)} of ${mmss(v.durationS)} · poll ${v.poll} · Ctrl-C stops`, "bold"));

  const r = v.report ?? v.lastGood?.report ?? null;
  if (v.report) {
    out.push(
      `overall    ${word(v.report.status)} HTTP ${v.http} · version ${v.report.version ?? dash} · checked ${v.report.checkedAt?.slice(11, 19) ?? dash}Z · answered in ${ms(v.healthMs)}`,
    );
  } else {
    out.push(`overall    ${paint("NO REPORT".padEnd(9), "red")} ${v.http ? `HTTP ${v.http} · ` : ""}${paint(v.error ?? "unknown error", "red")}`);
    if (v.lastGood) out.push(paint(`           showing the last report, from ${clock(v.lastGood.at)}`, "yellow"));
  }
  const l = v.live;
  out.push(
    `round-trip /api/health/live: last ${ms(l.lastMs)} · p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · ${l.samples} ok, ${l.failed} failed${l.error ? paint(` · ${l.error}`, "red") : ""}`,
  );
  if (!r) return out;

  out.push("", paint("SERVICE    ARM      STATUS    LATENCY  VERSION       NOTE", "dim"));
  // In the report's order, each canary arm right under its service (as the status page lists them).
  const entries = Object.entries(r.services ?? {});
  const bases = entries.map(([n]) => n.split("@")[0]!);
  const rank = (n: string) => bases.indexOf(n.split("@")[0]!) * 2 + (n.includes("@") ? 1 : 0);
  for (const [name, s] of entries.sort(([a], [b]) => rank(a) - rank(b))) {
    out.push(
      `${name.split("@")[0]!.padEnd(10)} ${(s.arm ?? name.split("@")[1] ?? "").padEnd(8)} ${word(s.status)} ${ms(s.latencyMs).padStart(7)}  ${(s.version ?? dash).padEnd(13)} ${s.error ?? ""}`.trimEnd(),
    );
  }
  out.push(paint("DEPENDENCY STATUS    LATENCY  NOTE", "dim"));
  for (const [name, d] of Object.entries(r.dependencies ?? {})) {
    out.push(`${name.padEnd(10)} ${word(d.status)} ${ms(d.latencyMs).padStart(7)}  ${d.error ?? ""}`.trimEnd());
  }

  const c = r.cache;
  out.push("");
  if (c) {
    out.push(
      `cache      hit ratio ${pct(c.hitRatio)} of ${num(c.reads)} reads · db queries/request ${num(c.dbQueriesPerRequest, 2)} · stale ${num(c.staleServed)} · coalesced ${num(c.coalesced)} · errors ${num(c.errors)}`,
    );
    out.push(paint(`           last ${c.window?.minutes ?? "?"} min, counters from ${c.source ?? "?"}${c.error ? ` (${c.error})` : ""}`, "dim"));
    for (const name of ["memory", "cacheApi", "redis"] as const) {
      const x = c.layers?.[name];
      out.push(
        `  ${name.padEnd(9)}${paint(textBar(x?.hitRatio), "green")} ${pct(x?.hitRatio).padStart(7)}  ${num(x?.hits).padStart(6)} hits ${num(x?.misses).padStart(6)} misses ${num(x?.errors).padStart(4)} errors`,
      );
    }
    const db = c.layers?.database;
    out.push(`  ${"database".padEnd(9)}${num(db?.reads)} reads · ${num(db?.loads)} loads · ${num(db?.queries)} queries · ${num(db?.errors)} errors`);
  } else {
    out.push(`cache      ${dash} (not reported)`);
  }

  const t = r.traffic;
  const minutes = t?.series?.minutes?.length;
  out.push(
    "",
    paint(
      `TRAFFIC    ARM      REQ/MIN   ERRORS  P50 ms  P95 ms  P95 PER MINUTE (last ${t?.window?.minutes ?? "?"} min; chart ${minutes ?? "?"} min, now on the right)`,
      "dim",
    ),
  );
  const services = Object.entries(t?.services ?? {});
  if (!t) out.push(`           ${dash} (not reported)`);
  else if (!services.length) out.push(`           no requests in the window${t.error ? ` (${t.error})` : ""}`);
  const row = (name: string, arm: string, s: Figures, chart = "") =>
    `${name.padEnd(10)} ${arm.padEnd(8)} ${num(s.perMinute, 1).padStart(7)}  ${paint(pct(s.errorRate).padStart(7), s.errorRate ? "red" : "green")}  ${bound(s.p50Ms).padStart(6)} ${bound(s.p95Ms).padStart(7)}  ${chart}`.trimEnd();
  for (const [name, s] of services) {
    out.push(row(name, "", s, sparkline(t?.series?.services?.[name]?.p95Ms ?? [])));
    for (const [arm, a] of Object.entries(s.arms ?? {})) out.push(row("", arm, a));
  }
  out.push(paint("           percentiles are histogram bucket bounds, as the gateway counted them", "dim"));
  out.push("", ...canaryLines(r.canary));
  return out;
}

/** One line per poll, for logs and pipes. */
export function renderLine(v: PollView): string {
  const l = v.live;
  const head = `${clock(v.at)} #${v.poll}`;
  const live = `live ${ms(l.lastMs)} (p50 ${ms(l.p50)} p95 ${ms(l.p95)} n=${l.samples}${l.failed ? ` failed=${l.failed}` : ""})`;
  if (!v.report)
    return `${head} NO-REPORT ${v.http ? `http=${v.http} ` : ""}${v.error ?? "unknown error"} | ${live}${l.error ? ` live-error: ${l.error}` : ""}`;
  const r = v.report;
  const svc = Object.entries(r.services ?? {})
    .map(([n, s]) => `${n} ${s.status ?? "?"}${s.latencyMs != null ? ` ${Math.round(s.latencyMs)}ms` : ""}`)
    .join(", ");
  const deps = Object.entries(r.dependencies ?? {})
    .map(([n, d]) => `${n} ${d.status ?? "?"}${d.latencyMs != null ? ` ${Math.round(d.latencyMs)}ms` : ""}`)
    .join(", ");
  const c = r.cache;
  const layers = c ? (["memory", "cacheApi", "redis"] as const).map((n) => `${n} ${pct(c.layers?.[n]?.hitRatio)}`).join(" ") : "";
  const cache = c ? `hit ${pct(c.hitRatio)} of ${num(c.reads)} reads (${layers}) db q/req ${num(c.dbQueriesPerRequest, 2)}` : `hit ${dash}`;
  const traffic = Object.entries(r.traffic?.services ?? {})
    .map(([n, s]) => `${n} ${num(s.perMinute, 1)}/min err ${pct(s.errorRate)} p50 ${bound(s.p50Ms)} p95 ${bound(s.p95Ms)}`)
    .join("; ");
  return [`${head} ${r.status ?? "?"} http=${v.http} health ${ms(v.healthMs)}`, live, svc, deps, cache, traffic || "no traffic", canaryShort(r.canary)].join(
    " | ",
  );
}
