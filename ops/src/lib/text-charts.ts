// Pictures for a terminal, as the status page draws them in SVG: a bar for a share, and a sparkline
// of a per-minute series (log scale, as latency figures are histogram bounds from 1 ms to 10 s).

const BLOCKS = "▁▂▃▄▅▆▇█";

/** `share` (0–1) of `width` cells filled; dots when there is no figure. */
export function textBar(share: number | null | undefined, width = 20): string {
  if (share == null) return "·".repeat(width);
  const full = Math.round(Math.max(0, Math.min(1, share)) * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

/** One character per value, oldest first; a space for a minute without one. */
export function sparkline(values: readonly (number | null)[], log = true): string {
  const known = values.filter((v): v is number => v !== null && v > 0);
  if (!known.length) return values.map(() => " ").join("");
  const f = (v: number) => (log ? Math.log10(Math.max(1, v)) : v);
  const lo = Math.min(...known.map(f));
  const hi = Math.max(...known.map(f));
  return values.map((v) => (v === null || v <= 0 ? " " : BLOCKS[hi === lo ? 3 : Math.round(((f(v) - lo) / (hi - lo)) * (BLOCKS.length - 1))])).join("");
}
