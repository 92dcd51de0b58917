// One declaration per route: the zod-free table (routes.ts) and the specs (operations.*.ts) name the
// same operations, and the table's entry point loads no zod (the gateway routes with it alone).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "./operations";
import { ROUTES } from "./routes";

/** Every module `entry` loads, following relative imports (type-only imports are erased: skipped). */
function graph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const text = readFileSync(entry, "utf8");
  const specs = [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
  seen.set(entry, specs);
  for (const s of specs) if (s.startsWith(".")) graph(resolve(dirname(entry), `${s}.ts`), seen);
  return seen;
}

describe("route declarations", () => {
  it("every route has a spec and every spec a route", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("builds no spec at import: each is made on first use, once", () => {
    const first = OPERATIONS.getPitch();
    expect(OPERATIONS.getPitch()).toBe(first);
  });

  it("@pitchey/contracts/routes loads no zod, and nothing of the specs or the OpenAPI builder", () => {
    const modules = graph(join(import.meta.dirname, "route-index.ts"));
    const bare = [...modules.values()].flat().filter((s) => !s.startsWith("."));
    expect(bare).toEqual([]);
    expect([...modules.keys()].map((f) => f.split("/").pop()).sort()).toEqual(["route-index.ts", "route-match.ts", "routes.ts", "versions.ts"]);
  });
});
