// The suite's table: each part adds one row per fault (or per check) to a file; the runner
// (scripts/test-resilience.mjs) prints the table after vitest's own output, then the closing line.
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export const REPORT_FILE = join(import.meta.dirname, "..", "resilience-report.jsonl");

export interface Row {
  /** "pitch answers 500s", "fuzz", "authorization matrix", "load 60 s", … */
  fault: string;
  requests: number;
  /** Failed answers by kind ("503 SERVICE_UNAVAILABLE", "stale read", …). The ones the fault allows
   *  (a clean 503/504 of a route that depends on the broken part) are listed too, marked EXPECTED. */
  errors: Record<string, number>;
  writesChecked: number;
  lost: number;
  /** A figure worth showing (memory growth, the seed). */
  note?: string;
}

export function clearReport(): void {
  rmSync(REPORT_FILE, { force: true });
}

export function addRow(row: Row): void {
  appendFileSync(REPORT_FILE, `${JSON.stringify(row)}\n`);
}

export function readRows(file = REPORT_FILE): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

export const EXPECTED = " (expected)";

/** Counts answers by kind: a kind ending in EXPECTED is what the fault allows, any other fails the run. */
export class Tally {
  requests = 0;
  readonly kinds = new Map<string, number>();
  add(kind: string | null): void {
    this.requests++;
    if (kind) this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }
  /** Kinds that fail the run. */
  failures(): Record<string, number> {
    return Object.fromEntries([...this.kinds].filter(([k]) => !k.endsWith(EXPECTED)));
  }
  all(): Record<string, number> {
    return Object.fromEntries(this.kinds);
  }
}

export function formatTable(rows: Row[]): string {
  const head = ["fault", "requests", "errors by kind", "writes checked", "lost"];
  const body = rows.map((r) => [
    r.fault,
    String(r.requests),
    Object.entries(r.errors)
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ") || "none",
    String(r.writesChecked),
    String(r.lost),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.fault}: ${r.note}`);
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line), ...(notes.length ? ["", ...notes] : [])].join("\n");
}
