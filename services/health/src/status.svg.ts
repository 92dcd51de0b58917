// The status page's pictures, as inline SVG (no external assets, no script, no style attributes: the
// page's Content-Security-Policy allows none). Pure: figures in, markup out.

export const esc = (v: unknown) => String(v ?? "—").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A horizontal bar for a share 0–1; an empty track when there is no figure yet. */
export function bar(share: number | null, label: string): string {
  const w = share === null ? 0 : Math.max(0, Math.min(1, share)) * 100;
  return (
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>` +
    `<rect width="100" height="10" rx="2" fill="#e6e8eb"/>${w > 0 ? `<rect width="${w.toFixed(1)}" height="10" rx="2" fill="#1a7f37"/>` : ""}</svg>`
  );
}

export interface LatencySeries {
  requests: number[];
  p50Ms: (number | null)[];
  p95Ms: (number | null)[];
}

const W = 400;
const H = 110;
const TOP = 10;
const BOTTOM = 90;
/** Room at both ends, so the newest minute's bar and dots are not cut by the edge. */
const PAD = 8;

/** Polylines through the minutes that have a value; a minute alone between gaps is a dot. */
function lines(values: (number | null)[], x: (i: number) => number, y: (v: number) => number, color: string, cls: string): string {
  const out: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length > 1) out.push(`<polyline class="${cls}" fill="none" stroke="${color}" stroke-width="2" points="${run.join(" ")}"/>`);
    else if (run.length === 1) {
      const [cx, cy] = run[0]!.split(",");
      out.push(`<circle class="${cls}" cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`);
    }
    run = [];
  };
  values.forEach((v, i) => (v === null ? close() : run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`)));
  close();
  return out.join("");
}

/** p50 and p95 per minute (log scale: the figures are histogram bounds from 1 ms to 10 s) over the
 *  requests per minute (grey bars, their own scale). Oldest minute on the left, now on the right. */
export function latencyChart(s: LatencySeries, label: string): string {
  const n = s.requests.length;
  const known = [...s.p50Ms, ...s.p95Ms].filter((v): v is number => v !== null);
  const top = Math.max(10, ...known);
  const log = (v: number) => Math.log10(Math.max(1, v));
  const y = (v: number) => BOTTOM - (log(v) / log(top)) * (BOTTOM - TOP);
  const step = n > 1 ? (W - 2 * PAD) / (n - 1) : 0;
  const x = (i: number) => (n > 1 ? PAD + i * step : W / 2);
  const maxReq = Math.max(1, ...s.requests);
  const bw = n > 1 ? Math.max(1, step * 0.6) : 6;
  const bars = s.requests
    .map((r, i) =>
      r > 0
        ? `<rect x="${(x(i) - bw / 2).toFixed(1)}" y="${(BOTTOM - (r / maxReq) * (BOTTOM - TOP)).toFixed(1)}" width="${bw.toFixed(1)}" height="${((r / maxReq) * (BOTTOM - TOP)).toFixed(1)}" fill="#d8dee4"/>`
        : "",
    )
    .join("");
  const axis = `<line x1="0" y1="${BOTTOM}" x2="${W}" y2="${BOTTOM}" stroke="#8c959f" stroke-width="1"/>`;
  const text = (tx: number, ty: number, anchor: string, t: string) =>
    `<text x="${tx}" y="${ty}" font-size="11" fill="#57606a" text-anchor="${anchor}">${esc(t)}</text>`;
  const labels =
    text(2, TOP + 2, "start", `≤${top} ms`) +
    text(2, BOTTOM - 3, "start", "1 ms") +
    text(0, H - 4, "start", `−${Math.max(0, n - 1)} min`) +
    text(W, H - 4, "end", "now");
  return (
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>` +
    bars +
    axis +
    lines(s.p95Ms, x, y, "#bf8700", "p95") +
    lines(s.p50Ms, x, y, "#0969da", "p50") +
    labels +
    `</svg>`
  );
}
