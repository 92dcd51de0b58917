// Miniflare options for one service's built bundle, as tests and benchmarks run it outside
// `wrangler dev`: its wrangler.jsonc dates, flags, vars and service bindings.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readWranglerConfig } from "./wrangler-config";

export const servicesDir = resolve(import.meta.dirname, "../../../services");

export interface WorkerOptionsFor {
  /** Worker name (default: the one in wrangler.jsonc). */
  name?: string;
  /** Folder of the built bundle (default: services/<service>/dist). */
  dist?: string;
  /** Service bindings pointed at other Worker names (canary arms, benchmark variants). */
  rebind?: Record<string, string>;
}

/** Miniflare options for one service's built bundle, with its wrangler.jsonc dates, flags and bindings. */
export function workerOptions(service: string, bindings: Record<string, string>, o: WorkerOptionsFor = {}) {
  const cfg = readWranglerConfig(join(servicesDir, service));
  const dist = o.dist ?? join(servicesDir, service, "dist");
  if (!existsSync(join(dist, "index.js"))) {
    throw new Error(`${dist}/index.js is missing: build it (\`npx wrangler deploy --dry-run --outdir dist\` in services/${service}; turbo's test task does it)`);
  }
  return {
    name: o.name ?? cfg.name,
    modules: true,
    scriptPath: join(dist, "index.js"),
    modulesRoot: dist,
    compatibilityDate: cfg.compatibility_date,
    compatibilityFlags: cfg.compatibility_flags ?? [],
    bindings: { ...cfg.vars, ...bindings },
    serviceBindings: Object.fromEntries(
      (cfg.services ?? []).map((s) => {
        const target = o.rebind?.[s.binding] ?? s.service;
        return [s.binding, s.entrypoint ? { name: target, entrypoint: s.entrypoint } : target];
      }),
    ),
  };
}


/** The canary arms (`pitchey-<svc>-canary`) that the given services bind, as aliases of their stable
 *  bundle: ARM=canary and a version of their own. `services`: names under services/, or a directory. */
export function canaryArms(services: string[], version = "test-canary"): { name: string; service: string; vars: Record<string, string> }[] {
  const names = new Set<string>();
  for (const s of services) {
    const dir = s.includes("/") ? s : join(servicesDir, s);
    if (!existsSync(join(dir, "wrangler.jsonc"))) continue; // a package's test Worker, not a service
    const cfg = readWranglerConfig(dir);
    for (const b of cfg.services ?? []) if (b.service.endsWith("-canary")) names.add(b.service);
  }
  return [...names].sort().map((name) => ({ name, service: name.replace(/^pitchey-/, "").replace(/-canary$/, ""), vars: { ARM: "canary", SERVICE_VERSION: version } }));
}
