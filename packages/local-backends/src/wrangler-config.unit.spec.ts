import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readWranglerConfig } from "./wrangler-config";

describe("the services' wrangler.jsonc", () => {
  it("reads every service's wrangler.jsonc", () => {
    const services = resolve(import.meta.dirname, "../../../services");
    for (const svc of readdirSync(services)) {
      const cfg = readWranglerConfig(join(services, svc));
      expect(cfg.name).toBe(`pitchey-${svc}`);
      expect(cfg.main).toBe("src/index.ts");
      expect(cfg.compatibility_date <= "2026-05-03").toBe(true);
      expect(cfg.compatibility_flags).toContain("nodejs_compat");
    }
  });

  it("gives each scheduled sweep its cron in every environment, and only where a scheduled handler sweeps", () => {
    const services = resolve(import.meta.dirname, "../../../services");
    const swept = readdirSync(services).filter((svc) => existsSync(join(services, svc, "src", `${svc}.sweep.ts`)));
    expect(swept.sort()).toEqual(["auth", "investor", "pitch"]);
    for (const svc of readdirSync(services)) {
      const cfg = readWranglerConfig(join(services, svc));
      const crons = cfg.triggers?.crons ?? [];
      if (!swept.includes(svc)) {
        expect(crons, svc).toEqual([]);
        continue;
      }
      expect(crons.length, svc).toBe(1);
      expect(readFileSync(join(services, svc, "src", "index.ts"), "utf8"), svc).toMatch(/override async scheduled\(/);
      for (const [name, env] of Object.entries(cfg.env ?? {})) expect(env.triggers?.crons, `${svc} env.${name}`).toEqual(crons);
    }
  });

  it("names each deployed environment's Sentry environment and sample rates, and keeps the DSN out (a secret)", () => {
    const services = resolve(import.meta.dirname, "../../../services");
    for (const svc of readdirSync(services)) {
      const cfg = readWranglerConfig(join(services, svc));
      expect(JSON.stringify(cfg), svc).not.toContain("SENTRY_DSN");
      for (const name of ["staging", "production"]) {
        const vars = cfg.env?.[name]?.vars ?? {};
        expect(vars.SENTRY_ENVIRONMENT, `${svc} env.${name}`).toBe(name);
        for (const rate of ["SENTRY_SAMPLE_RATE", "SENTRY_TRACES_SAMPLE_RATE"]) {
          const n = Number(vars[rate]);
          expect(n >= 0 && n <= 1, `${svc} env.${name} ${rate}=${vars[rate]}`).toBe(true);
        }
      }
    }
  });
});
