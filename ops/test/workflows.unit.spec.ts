// The per-team pipelines (.github/workflows/<service>.yml), checked offline: valid against the
// published GitHub workflow schema (@action-validator/core), and each one tests and deploys only
// its own service, on paths that exist.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SERVICES } from "../src/config.check";
import { repoRoot } from "../src/target";

const dir = join(repoRoot, ".github", "workflows");

describe("per-service CI workflows", () => {
  it("there is one per service, and nothing else", () => {
    expect(readdirSync(dir).sort()).toEqual(SERVICES.map((s) => `${s}.yml`).sort());
  });

  for (const service of SERVICES) {
    it(`${service}.yml is a valid workflow that tests and deploys ${service} alone`, () => {
      const text = readFileSync(join(dir, `${service}.yml`), "utf8");
      const { errors } = validateWorkflow(text) as { errors: unknown[] };
      expect(errors).toEqual([]);
      const wf = parse(text) as { on: { push: { paths: string[] }; pull_request: { paths: string[] } }; jobs: Record<string, { steps: { run?: string }[] }> };
      const paths = wf.on.push.paths;
      expect(wf.on.pull_request.paths).toEqual(paths);
      expect(paths).toContain(`services/${service}/**`);
      for (const other of SERVICES.filter((s) => s !== service)) expect(paths).not.toContain(`services/${other}/**`);
      for (const p of paths) expect(existsSync(join(repoRoot, p.replace(/\/\*\*$/, ""))), p).toBe(true);
      const runs = Object.values(wf.jobs)
        .flatMap((j) => j.steps.map((s) => s.run ?? ""))
        .filter(Boolean);
      expect(runs).toContain(`npm test -- --filter @pitchey/${service}`);
      const deploys = runs.filter((r) => r.includes("npm run deploy"));
      expect(deploys.length).toBeGreaterThanOrEqual(2);
      for (const d of deploys) expect(d).toMatch(new RegExp(`^npm run deploy -- ${service} --env (staging|production)`));
      expect(deploys.some((d) => /--env production --gradual 10,50,100/.test(d))).toBe(true);
    });
  }

  it("the validator does catch a broken workflow", () => {
    const broken = "name: x\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - runz: echo\n";
    expect((validateWorkflow(broken) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });
});
