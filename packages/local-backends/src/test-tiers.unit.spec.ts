// Every spec of `npm test`'s packages runs in one tier: a *.unit.spec.ts in the unit tier
// (vitest.unit.config.ts), any other *.spec.ts in its package's own `test` script — so a spec added
// to a package without one (packages/http has only unit specs) fails here instead of never running.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const packages = [...["packages", "services"].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p))), join(root, "ops")];

function specs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === "node_modules" || e.name === "dist" ? [] : e.isDirectory() ? specs(join(dir, e.name)) : e.name.endsWith(".spec.ts") ? [join(dir, e.name)] : [],
  );
}

describe("test tiers", () => {
  it("no integration spec sits in a package without a test script", () => {
    const orphans = packages
      .filter((d) => existsSync(join(d, "package.json")) && !JSON.parse(readFileSync(join(d, "package.json"), "utf8")).scripts?.test)
      .flatMap(specs)
      .filter((f) => !f.endsWith(".unit.spec.ts"))
      .map((f) => relative(root, f));
    expect(orphans).toEqual([]);
  });

  it("finds the unit specs it is about (the scan is not vacuous)", () => {
    expect(specs(join(root, "packages", "http")).length).toBeGreaterThan(5);
  });
});
