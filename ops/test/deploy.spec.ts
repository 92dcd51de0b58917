// `npm run deploy` offline: the dry run of every service, the refusals (bad config is covered by
// config.unit.spec.ts; here a destructive migration), and the exact wrangler commands.
import { mkdtempSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CANARY_RULES } from "@pitchey/data";
import { SERVICES } from "../src/config.check";
import { deploy } from "../src/deploy.plan";
import { repoRoot } from "../src/target";
import { runCli } from "./cli";

describe("npm run deploy --dry-run", () => {
  for (const service of SERVICES) {
    it(`passes for ${service} in production and prints the exact wrangler commands`, async () => {
      const run = await runCli("deploy", [service, "--env", "production", "--dry-run", "--skip-tests"]);
      expect(run.code, run.out).toBe(0);
      expect(run.out).toMatch(/1\. config: env\.production checked/);
      expect(run.out).toMatch(/2\. build: .*✓ .*gzip/);
      expect(run.out).toMatch(
        new RegExp(`5\\. would run: \\(cd services/${service} && npx wrangler deploy --env production --var SERVICE_VERSION:[0-9a-f]{12}\\)`),
      );
    }, 120_000);
  }

  it("plans a gradual deploy: upload, each step with its gates, and the rollback", async () => {
    const run = await runCli("deploy", ["pitch", "--env", "staging", "--gradual", "10,50,100", "--dry-run", "--skip-tests"]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/npx wrangler versions upload --env staging --tag [0-9a-f]{12} .*--var SERVICE_VERSION:/);
    for (const p of [10, 50]) expect(run.out).toMatch(new RegExp(`versions deploy "<new>@${p}%" "<current>@${100 - p}%" --env staging -y`));
    expect(run.out).toMatch(/versions deploy "<new>@100%" --env staging -y/);
    expect(run.out).toMatch(/on any failure: .*npx wrangler rollback "<current>" --env staging -y/);
  }, 120_000);

  it("deploys a canary Worker under its own name, marked as the canary arm", async () => {
    const run = await runCli("deploy", ["pitch", "--env", "production", "--canary", "--dry-run", "--skip-tests"]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/--var ARM:canary --name pitchey-pitch-canary-production/);
  }, 120_000);

  it("refuses a destructive migration unless it is allowed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitchey-migrations-"));
    cpSync(join(repoRoot, "services", "pitch", "migrations"), dir, { recursive: true });
    writeFileSync(join(dir, "0099_drop_logline.sql"), "alter table pitch.pitches drop column logline;\n");
    const lines: string[] = [];
    const o = {
      service: "pitch",
      env: "production" as const,
      gradual: null,
      canary: false,
      dryRun: true,
      skipTests: true,
      holdS: 1,
      rules: DEFAULT_CANARY_RULES,
      verifyArgs: [],
      print: (l: string) => lines.push(l),
      migrationsDir: dir,
    };
    expect(await deploy({ ...o, allowDestructive: false })).toBe(false);
    expect(lines.join("\n")).toMatch(/destructive migration .*0099_drop_logline\.sql: drops a column/s);
    lines.length = 0;
    expect(await deploy({ ...o, allowDestructive: true })).toBe(true);
    expect(lines.join("\n")).toMatch(/destructive ones allowed/);
  }, 120_000);

  it("refuses bad arguments with exit code 2", async () => {
    expect((await runCli("deploy", ["pitch", "--env", "prod"])).code).toBe(2);
    expect((await runCli("deploy", ["pitch", "--env", "staging", "--gradual", "10,50"])).code).toBe(2);
  });
});
