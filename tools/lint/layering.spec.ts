import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findLayeringViolations } from "./layering";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layering-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("layering rule", () => {
  it("finds a service importing another service, and a package importing a service", () => {
    const root = tree({
      "services/pitch/src/a.ts": 'import { x } from "../../auth/src/password";\nimport { y } from "./own";\n',
      "services/pitch/src/b.ts": 'export { z } from "@pitchey/investor";\n',
      "packages/data/src/c.ts": "\nconst m = await imp" + 'ort("../../../services/pitch/src/x");\n',
      "packages/data/src/d.ts": 'import { ok } from "@pitchey/http";\n',
    });
    const found = findLayeringViolations(root);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^services\/pitch\/src\/a\.ts:1: imports services\/auth\/src/);
    expect(found.some((f) => f.includes("@pitchey/investor"))).toBe(true);
    expect(found.some((f) => f.startsWith("packages/data/src/c.ts:2"))).toBe(true);
  });

  it("holds for this repository", () => {
    expect(findLayeringViolations(resolve(import.meta.dirname, "../.."))).toEqual([]);
  });
});
