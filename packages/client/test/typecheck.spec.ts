// The SDK, its example flow (examples/flow.ts) and the no-unknown assertions
// (test/no-unknown.typecheck.ts) type-check against the generated types: `tsc` over this package.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const pkg = join(import.meta.dirname, "..");

describe("types", () => {
  it("the creator → investor flow and every operation's bodies type-check with no unknown in them", () => {
    const r = spawnSync(process.execPath, [join(pkg, "node_modules", "typescript", "bin", "tsc"), "-p", pkg], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);
});
