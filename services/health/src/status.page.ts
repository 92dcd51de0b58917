// The human status page (/status), drawn on the server from the same report as /api/health: overall
// state, services and their arms, dependencies, cache hit ratio per layer (bars), traffic per service
// and arm with a latency chart (inline SVG), canary weights and rollback events. No script and no
// external asset; it refreshes itself (meta refresh) and reads on a phone. The one inline <style> is
// allowed by its hash in the page's Content-Security-Policy (statusPolicy).
import type { CacheMetricsWindow, TrafficWindow } from "@pitchey/data";
import type { HealthReport } from "@pitchey/contracts";
import type { CanaryReport } from "./canary.report";
import { bar, esc, latencyChart } from "./status.svg";

export const REFRESH_S = 15;

export type StatusReport = Omit<HealthReport, "cache" | "traffic" | "canary"> & {
  cache: CacheMetricsWindow | null;
  traffic: TrafficWindow | null;
  canary: CanaryReport | null;
};

const STYLE = `*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:56rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin:0 0 .6rem}h3{font-size:1rem;margin:0}
section,header{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.9rem;margin:0 0 1rem}
header.ok{border-top:.35rem solid #1a7f37}header.degraded{border-top:.35rem solid #bf8700}header.down{border-top:.35rem solid #cf222e}
.state{font-size:1.15rem;font-weight:600;margin:.3rem 0}.meta,.note,footer{color:#57606a;font-size:.85rem}
table{border-collapse:collapse;width:100%}td,th{padding:.35rem .4rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{font-size:.8rem;color:#57606a;font-weight:600}td.n,th.n{text-align:right;white-space:nowrap}
.b{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-size:.8rem;font-weight:600}
.b.ok{background:#1a7f37}.b.degraded{background:#9a6700}.b.down{background:#cf222e}.b.disabled{background:#6e7781}
.arm{color:#57606a;font-size:.8rem}.bars{list-style:none;margin:0;padding:0}
.bars li{display:grid;grid-template-columns:6.5rem 1fr 4.2rem;gap:.5rem;align-items:center;margin:.35rem 0}
svg.bar{width:100%;height:.8rem;display:block}svg.chart{width:100%;max-width:32rem;height:auto;display:block;margin:.4rem 0}
.svc{border-top:1px solid #eaeef2;padding:.7rem 0}.svc:first-of-type{border-top:0;padding-top:0}.figs{margin:.2rem 0}
.key{font-size:.8rem;color:#57606a}.k50{color:#0969da;font-weight:600}.k95{color:#9a6700;font-weight:600}
ol.events{margin:0;padding-left:1.2rem}a{color:#0969da}
@media (max-width:30rem){main{padding:.5rem}td,th{padding:.3rem .25rem}.bars li{grid-template-columns:5.2rem 1fr 3.8rem}}`;

const HEADLINE: Record<string, string> = {
  ok: "All systems operational",
  degraded: "Degraded: part of the platform is down; the rest is serving",
  down: "Down: requests cannot be served",
};

const badge = (s: string) => `<span class="b ${esc(s)}">${esc(s)}</span>`;
const ms = (n: number | null | undefined) => (n == null ? "—" : `${Math.round(n)} ms`);
const bound = (n: number | null | undefined) => (n == null ? "—" : `≤${n} ms`);
const pct = (r: number | null | undefined) => (r == null ? "—" : `${(r * 100).toFixed(1)} %`);
const clock = (iso: string | null | undefined) => (iso ? `<time datetime="${esc(iso)}">${esc(iso.slice(11, 19))} UTC</time>` : "—");

function services(r: StatusReport): string {
  // In the report's order, each canary arm ("pitch@canary") right under its service.
  const bases = Object.keys(r.services).map((n) => n.split("@")[0]!);
  const rank = (name: string) => bases.indexOf(name.split("@")[0]!) * 2 + (name.includes("@") ? 1 : 0);
  const rows = Object.entries(r.services)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, s]) => {
      const [svc, arm] = name.split("@");
      return `<tr><td>${esc(svc)} <span class="arm">${esc(s.arm ?? arm ?? "")}</span></td><td>${badge(s.status)}${s.error ? ` <span class="note">${esc(s.error)}</span>` : ""}</td><td class="n">${ms(s.latencyMs)}</td><td>${esc(s.version)}</td></tr>`;
    });
  return `<section id="services"><h2>Services</h2><table><thead><tr><th>Service</th><th>Status</th><th>Self-check</th><th>Version</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function dependencies(r: StatusReport): string {
  const rows = Object.entries(r.dependencies).map(
    ([name, d]) =>
      `<tr><td>${esc(name)}</td><td>${badge(d.status)}${d.error ? ` <span class="note">${esc(d.error)}</span>` : ""}</td><td class="n">${ms(d.latencyMs)}</td></tr>`,
  );
  return `<section id="dependencies"><h2>Dependencies</h2><table><thead><tr><th>Dependency</th><th>Status</th><th>Round trip</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function cache(c: CacheMetricsWindow | null): string {
  if (!c) return `<section id="cache"><h2>Cache hit ratio</h2><p class="note">Not reported.</p></section>`;
  const layer = (name: string, ratio: number | null) =>
    `<li><span>${esc(name)}</span>${bar(ratio, `${name} hit ratio ${pct(ratio)}`)}<span class="n">${pct(ratio)}</span></li>`;
  const L = c.layers;
  return (
    `<section id="cache"><h2>Cache hit ratio</h2><ul class="bars">` +
    layer("All layers", c.hitRatio) +
    layer("Memory", L.memory.hitRatio) +
    layer("Cache API", L.cacheApi.hitRatio) +
    layer("Redis", L.redis.hitRatio) +
    `</ul><p class="note">${esc(c.reads)} reads in the last ${esc(c.window.minutes)} min · ${esc(L.database.reads)} from the database · ${c.dbQueriesPerRequest ?? "—"} db queries per request · counters from ${esc(c.source)}${c.error ? ` (${esc(c.error)})` : ""}</p></section>`
  );
}

function traffic(t: TrafficWindow | null): string {
  if (!t) return `<section id="traffic"><h2>Traffic</h2><p class="note">Not reported.</p></section>`;
  const names = [...new Set([...Object.keys(t.services), ...Object.keys(t.series.services)])].sort();
  const blocks = names.map((name) => {
    const f = t.services[name];
    const s = t.series.services[name] ?? {
      requests: t.series.minutes.map(() => 0),
      p50Ms: t.series.minutes.map(() => null),
      p95Ms: t.series.minutes.map(() => null),
    };
    const figs = f ? `${f.perMinute} req/min · 5xx ${pct(f.errorRate)} · p50 ${bound(f.p50Ms)} · p95 ${bound(f.p95Ms)}` : "no requests in the window";
    const arms = f?.arms
      ? `<table><thead><tr><th>Arm</th><th class="n">req/min</th><th class="n">5xx</th><th class="n">p50</th><th class="n">p95</th></tr></thead><tbody>${Object.entries(
          f.arms,
        )
          .map(
            ([arm, a]) =>
              `<tr><td>${esc(arm)}</td><td class="n">${esc(a.perMinute)}</td><td class="n">${pct(a.errorRate)}</td><td class="n">${bound(a.p50Ms)}</td><td class="n">${bound(a.p95Ms)}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "";
    return `<article class="svc" id="traffic-${esc(name)}"><h3>${esc(name)}</h3><p class="figs">${figs}</p>${arms}${latencyChart(s, `${name}: p50 and p95 latency per minute, last ${t.series.minutes.length} minutes`)}</article>`;
  });
  return `<section id="traffic"><h2>Traffic</h2><p class="note">As the gateway counted it: figures over the last ${esc(t.window.minutes)} min, chart over the last ${esc(t.series.minutes.length)} min. <span class="k50">p50</span> and <span class="k95">p95</span> are bounds of latency buckets; grey bars are requests per minute.</p>${blocks.join("") || `<p class="note">No requests yet.</p>`}</section>`;
}

function canary(c: CanaryReport | null): string {
  if (!c) return `<section id="canary"><h2>Canary</h2><p class="note">Not reported.</p></section>`;
  const rows = Object.entries(c.services).map(([name, s]) => {
    const arm = (a: { requests: number; errors: number; p95Ms: number | null } | undefined) =>
      a ? `${a.requests} req, ${a.errors} 5xx, p95 ${bound(a.p95Ms)}` : "—";
    return `<tr><td>${esc(name)}</td><td class="n">${s.bound ? `${s.weight} %` : "no arm"}</td><td>${esc(s.setBy)}${s.since ? ` · ${clock(s.since)}` : ""}</td><td>${s.arms ? `stable: ${arm(s.arms.stable)}<br>canary: ${arm(s.arms.canary)}` : "—"}</td></tr>`;
  });
  const events = (c.events as { at?: string; service?: string; weightBefore?: number; reason?: string }[]).map(
    (e) => `<li>${clock(e.at)} · ${esc(e.service)} rolled back from ${esc(e.weightBefore)} % to 0 %: ${esc(e.reason)}</li>`,
  );
  return (
    `<section id="canary"><h2>Canary</h2><table><thead><tr><th>Service</th><th class="n">Weight</th><th>Set by</th><th>Current step</th></tr></thead><tbody>${rows.join("")}</tbody></table>` +
    `<h3>Rollbacks</h3>${events.length ? `<ol class="events">${events.join("")}</ol>` : `<p class="note">None recorded.</p>`}<p class="note">Weights from ${esc(c.source)}; a canary is rolled back when its 5xx rate exceeds the stable arm's by ${pct(c.rules.margin)} over at least ${esc(c.rules.minSample)} requests, or its p95 is ${esc(c.rules.p95Factor)}× the stable arm's.</p></section>`
  );
}

export function renderStatusPage(r: StatusReport): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_S}"><link rel="icon" href="data:,"><title>Pitchey status: ${esc(r.status)}</title><style>${STYLE}</style></head>
<body><main><header class="overall ${esc(r.status)}" id="overall"><h1>Pitchey status</h1><p class="state">${badge(r.status)} ${esc(HEADLINE[r.status] ?? r.status)}</p>
<p class="meta">Checked ${clock(r.checkedAt)} · version ${esc(r.version)} · refreshes every ${REFRESH_S} s · machine-readable: <a href="/api/health">/api/health</a></p></header>
${services(r)}${dependencies(r)}${cache(r.cache)}${traffic(r.traffic)}${canary(r.canary)}
<footer>Pitchey edge API</footer></main></body></html>`;
}

let styleHash: string | undefined;

/** The page's Content-Security-Policy: nothing loads, nothing runs; only its own <style> applies. */
export async function statusPolicy(): Promise<string> {
  if (!styleHash) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLE));
    styleHash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  }
  return `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}
