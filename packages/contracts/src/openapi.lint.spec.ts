// The served document passes two independent OpenAPI linters with no error and no warning: every
// rule either holds or is turned off in redocly.yaml / .spectral.yaml with its reason. (The e2e suite
// checks that the health service serves exactly buildOpenApi(version).)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";

const pkg = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "pitchey-openapi-"));
const file = join(dir, "openapi.json");
writeFileSync(file, JSON.stringify(buildOpenApi("lint")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(bin: string, args: string[]): string {
  const r = spawnSync(join(pkg, "node_modules", ".bin", bin), args, {
    cwd: pkg,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
  });
  if (r.error) throw r.error;
  return r.stdout;
}

describe("the OpenAPI document under two linters", () => {
  it("@redocly/cli (recommended): 0 errors, 0 warnings", () => {
    const out = JSON.parse(run("redocly", ["lint", file, "--config", "redocly.yaml", "--format=json"])) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(out.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(out.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it("@stoplight/spectral-cli (spectral:oas): 0 errors, 0 warnings", () => {
    const text = run("spectral", ["lint", file, "--ruleset", ".spectral.yaml", "--format", "json", "--fail-severity", "hint"]);
    const results = JSON.parse(text.slice(0, text.lastIndexOf("]") + 1) || "[]") as { code: string; message: string; path: string[] }[];
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join(".")}`)).toEqual([]);
  }, 60_000);
});
