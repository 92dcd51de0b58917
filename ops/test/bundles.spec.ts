// Bundle budgets (ops/src/bundle.budget.ts), asserted: sizes are deterministic, unlike timings. Each
// service is built as production builds it (wrangler's dry run), and the gateway's bundle is checked
// for the two libraries that made it 70 KiB: zod and the Sentry SDK.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE_BUDGET_KIB, bundleSize, overBudget } from "../src/bundle.budget";
import { SERVICES } from "../src/config.check";
import { wrangler } from "../src/wrangler";

const out = mkdtempSync(join(tmpdir(), "pitchey-bundles-"));

const built = new Map<string, ReturnType<typeof buildOnce>>();
const build = (service: string) => built.get(service) ?? built.set(service, buildOnce(service)).get(service)!;

async function buildOnce(service: string) {
  const dir = join(out, service);
  const r = await wrangler(service, ["deploy", "--dry-run", "--env", "production", "--outdir", dir, "--metafile", join(dir, "meta.json")]);
  expect(r.code, r.out.slice(-2000)).toBe(0);
  // What is in the bundle: the inputs that put bytes into the script (the metafile's top-level
  // inputs also list every module esbuild read and then shook out).
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  const script = Object.entries(meta.outputs).find(([file]) => file.endsWith(".js"))![1];
  return {
    size: bundleSize(dir),
    inputs: Object.entries(script.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([file]) => file),
  };
}

describe("bundle budgets (gzip)", () => {
  for (const service of SERVICES) {
    it(`${service} stays within ${BUNDLE_BUDGET_KIB[service]} KiB`, async () => {
      const { size } = await build(service);
      expect(overBudget(service, size)).toBeNull();
    }, 120_000);
  }

  it("the gateway bundles neither zod nor the Sentry SDK", async () => {
    const { inputs } = await build("gateway");
    expect(inputs.filter((i) => /node_modules\/(\.pnpm\/)?(zod|@sentry)/.test(i))).toEqual([]);
    // The same pattern finds both where they are: health bundles zod and the Sentry SDK.
    const health = (await build("health")).inputs;
    expect(health.some((i) => /node_modules\/(\.pnpm\/)?zod/.test(i))).toBe(true);
    expect(health.some((i) => /node_modules\/(\.pnpm\/)?@sentry/.test(i))).toBe(true);
  }, 120_000);

  it("refuses what is over: the budget check is not a formality", () => {
    expect(overBudget("gateway", { file: "index.js", raw: 90_000, gzip: 26 * 1024 })).toMatch(/over its budget of 25 KiB/);
    expect(overBudget("pitch", { file: "index.js", raw: 400_000, gzip: 99 * 1024 })).toBeNull();
  });
});
