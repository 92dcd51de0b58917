// npm start's canary arms: for each service behind the gateway a second Worker,
// pitchey-<service>-canary, with its own SERVICE_VERSION and ARM=canary (docs/releases.md). It is
// the same code unless PITCHEY_CANARY_SOURCE_<SERVICE> names another checkout's service folder.
// Configs and .dev.vars are written under .local/dev/ (git-ignored) on each start.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readWranglerConfig } from "../packages/local-backends/src/wrangler-config";

export const CANARY_SERVICES = ["auth", "pitch", "investor", "health"] as const;

export interface CanaryArm {
  service: string;
  config: string;
  source: string;
}

/** Writes one wrangler config (and its .dev.vars, a copy of the stable's) per canary arm. */
export function writeCanaryConfigs(root: string, vars: Record<string, string> = {}): CanaryArm[] {
  return CANARY_SERVICES.map((service) => {
    const stableDir = join(root, "services", service);
    const source = resolve(process.env[`PITCHEY_CANARY_SOURCE_${service.toUpperCase()}`] ?? stableDir);
    const cfg = readWranglerConfig(source) as unknown as Record<string, unknown> & { vars?: Record<string, string>; main: string };
    const dir = join(root, ".local", "dev", `${service}-canary`);
    mkdirSync(dir, { recursive: true });
    const { env: _env, $schema: _s, triggers: _t, ...rest } = cfg;
    const out = {
      ...rest,
      name: `pitchey-${service}-canary`,
      main: join(source, cfg.main),
      // The canary's own version; local instances answer the fault switch (stable ones too).
      vars: { ...cfg.vars, SERVICE_VERSION: `${cfg.vars?.SERVICE_VERSION ?? "dev"}-canary`, ARM: "canary", ...vars },
    };
    const config = join(dir, "wrangler.jsonc");
    writeFileSync(config, `// Written by npm start (scripts/dev-canaries.ts) on each start; edits are lost.\n${JSON.stringify(out, null, 2)}\n`);
    // Secrets and back-end settings: the stable arm's .dev.vars (written before this is called).
    const devVars = join(stableDir, ".dev.vars");
    if (existsSync(devVars)) copyFileSync(devVars, join(dir, ".dev.vars"));
    return { service, config, source };
  });
}
