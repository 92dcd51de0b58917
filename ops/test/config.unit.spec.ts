// Every service's wrangler.jsonc, for every deployed environment: what config.check.ts demands.
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, SERVICES, checkConfig, checkEnvConfig, serviceConfig } from "../src/config.check";

describe("per-environment config of every Worker", () => {
  for (const service of SERVICES) {
    for (const env of ENVIRONMENTS) {
      it(`${service} in ${env} is right for ${env}`, () => {
        expect(checkConfig(service, env)).toEqual([]);
      });
    }
  }

  it("the gateway and health judge canaries by the same rules and default weights", () => {
    const pick = (vars: Record<string, string> = {}) => Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith("CANARY_")));
    const g = serviceConfig("gateway");
    const h = serviceConfig("health");
    expect(pick(g.vars)).toEqual(pick(h.vars));
    for (const env of ENVIRONMENTS) expect(pick(g.env?.[env]?.vars)).toEqual(pick(h.env?.[env]?.vars));
  });

  it("catches what must never reach production", () => {
    const good = serviceConfig("gateway");
    const prod = good.env!.production!;
    const variant = (change: Record<string, unknown>) =>
      checkEnvConfig("gateway", "production", { ...good, env: { ...good.env, production: { ...prod, ...change } } });
    expect(variant({ vars: { ...prod.vars, CORS_ORIGINS: "http://localhost:3000" } }).join()).toMatch(/local address|https origins/);
    expect(variant({ vars: { ...prod.vars, CORS_ORIGINS: "*" } }).join()).toMatch(/never \*/);
    expect(variant({ workers_dev: true }).join()).toMatch(/workers_dev must be false/);
    expect(variant({ vars: { ...prod.vars, SERVICE_VERSION: "dev" } }).join()).toMatch(/SERVICE_VERSION/);
    expect(variant({ vars: { ...prod.vars, FAULT_SWITCH: "on" } }).join()).toMatch(/FAULT_SWITCH is local-only/);
    expect(variant({ services: prod.services!.map((b) => (b.binding === "PITCH_CANARY" ? { ...b, service: "pitchey-pitch-canary" } : b)) }).join()).toMatch(
      /PITCH_CANARY → pitchey-pitch-canary, expected pitchey-pitch-canary-production/,
    );
    expect(variant({ observability: { enabled: false } }).join()).toMatch(/observability/);
    const pitch = serviceConfig("pitch");
    expect(checkEnvConfig("pitch", "staging", { ...pitch, env: { ...pitch.env, staging: { ...pitch.env!.staging!, workers_dev: true } } }).join()).toMatch(
      /only the gateway is reachable/,
    );
  });
});
