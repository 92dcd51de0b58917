// Miniflare options for one service's built bundle, as tests and benchmarks run it outside
// `wrangler dev`: wrangler maps its wrangler.jsonc (dates, flags, vars, service bindings with their
// RPC entrypoints, and any other binding a config declares); this adds the bundle, the name, the
// caller's bindings and rebound service bindings.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "./wrangler";
import { readWranglerConfig, wranglerConfigPath } from "./wrangler-config";

export const servicesDir = resolve(import.meta.dirname, "../../../services");

export interface WorkerOptionsFor {
  /** Worker name (default: the one in wrangler.jsonc). */
  name?: string;
  /** Folder of the built bundle (default: services/<service>/dist). */
  dist?: string;
  /** Service bindings pointed at other Worker names (canary arms, benchmark variants). */
  rebind?: Record<string, string>;
}

/** Miniflare options for one service's built bundle: its wrangler.jsonc as wrangler maps it, and `bindings` over its vars. */
export function workerOptions(service: string, bindings: Record<string, string>, o: WorkerOptionsFor = {}) {
  const dist = o.dist ?? join(servicesDir, service, "dist");
  if (!existsSync(join(dist, "index.js"))) {
    throw new Error(
      `${dist}/index.js is missing: build it (\`npx wrangler deploy --dry-run --outdir dist\` in services/${service}; turbo's test task does it)`,
    );
  }
  const config = unstable_readConfig({ config: wranglerConfigPath(join(servicesDir, service)) }, { hideWarnings: true });
  // `secrets.required: []`: no secret from the service's git-ignored .dev.vars (npm start's) — the
  // caller gives every secret as a binding, so no test or benchmark depends on a developer's file.
  const { workerOptions: mapped } = quietly(() => unstable_getMiniflareWorkerOptions({ ...config, secrets: { required: [] } }));
  return {
    ...mapped,
    name: o.name ?? (config.name as string),
    modules: true,
    scriptPath: join(dist, "index.js"),
    modulesRoot: dist,
    bindings: { ...mapped.bindings, ...bindings },
    serviceBindings: Object.fromEntries(
      Object.entries(mapped.serviceBindings ?? {}).map(([binding, target]) => {
        const to = o.rebind?.[binding];
        return [binding, to && typeof target === "object" ? { ...target, name: to } : target];
      }),
    ),
  } satisfies WorkerOptions;
}

/** wrangler announces each .dev.vars it opens ("Using secrets defined in …"), even when it takes
 *  nothing from it; its logger reads its level from WRANGLER_LOG at every line. */
function quietly<T>(f: () => T): T {
  const before = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "warn";
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = before;
  }
}

/** The canary arms (`pitchey-<svc>-canary`) that the given services bind, as aliases of their stable
 *  bundle: ARM=canary and a version of their own. `services`: names under services/, or a directory. */
export function canaryArms(services: string[], version = "test-canary"): { name: string; service: string; vars: Record<string, string> }[] {
  const names = new Set<string>();
  for (const s of services) {
    const dir = s.includes("/") ? s : join(servicesDir, s);
    if (!existsSync(wranglerConfigPath(dir))) continue; // a package's test Worker, not a service
    for (const b of readWranglerConfig(dir).services ?? []) if (b.service.endsWith("-canary")) names.add(b.service);
  }
  return [...names]
    .sort()
    .map((name) => ({ name, service: name.replace(/^pitchey-/, "").replace(/-canary$/, ""), vars: { ARM: "canary", SERVICE_VERSION: version } }));
}
