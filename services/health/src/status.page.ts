// The human status page, drawn from the same report as /api/health.
import type { HealthReport } from "@pitchey/contracts";

const esc = (v: unknown) => String(v ?? "—").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const badge = (s: string) => `<span class="b ${esc(s)}">${esc(s)}</span>`;

export function renderStatusPage(r: HealthReport): string {
  const services = Object.entries(r.services)
    .map(([name, s]) => `<tr><td>${esc(name)}</td><td>${badge(s.status)}</td><td>${esc(s.latencyMs)} ms</td><td>${esc(s.version)}</td><td>${esc(s.arm ?? "")}</td><td>${esc(s.error ?? "")}</td></tr>`)
    .join("");
  const deps = Object.entries(r.dependencies)
    .map(([name, d]) => `<tr><td>${esc(name)}</td><td>${badge(d.status)}</td><td>${esc(d.latencyMs)} ms</td><td>${esc(d.error ?? "")}</td></tr>`)
    .join("");
  const block = (title: string, value: unknown) => `<h2>${title}</h2><pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="refresh" content="15"><title>Pitchey status: ${esc(r.status)}</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.b{padding:.1rem .5rem;border-radius:.6rem;color:#fff;font-size:.85em}.ok{background:#1a7f37}.degraded{background:#bf8700}
.down{background:#cf222e}.disabled{background:#6e7781}pre{background:#f6f8fa;padding:.8rem;overflow:auto}</style></head>
<body><h1>Pitchey status ${badge(r.status)}</h1><p>Checked ${esc(r.checkedAt)} · version ${esc(r.version)} · refreshes every 15 s</p>
<h2>Services</h2><table><tr><th>service</th><th>status</th><th>latency</th><th>version</th><th>arm</th><th>note</th></tr>${services}</table>
<h2>Dependencies</h2><table><tr><th>dependency</th><th>status</th><th>latency</th><th>note</th></tr>${deps}</table>
${block("Cache", r.cache)}${block("Traffic", r.traffic)}${block("Canary", r.canary)}</body></html>`;
}
