// What a service's wrangler.jsonc must say for each environment before it is deployed (and what a
// test checks for every service): the right names and bindings per environment, public only where
// intended, no localhost origins and no local-only switches outside local development, the version
// from the deploy rather than the file, observability on.
import { join } from "node:path";
import { readWranglerConfig } from "@pitchey/local-backends";
import { repoRoot } from "./target";

export const SERVICES = ["gateway", "auth", "pitch", "investor", "health"] as const;
export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

interface Binding {
  binding: string;
  service: string;
}
export interface EnvConfig {
  name?: string;
  workers_dev?: boolean;
  routes?: unknown[];
  vars?: Record<string, string>;
  services?: Binding[];
  observability?: { enabled?: boolean; logs?: { enabled?: boolean; head_sampling_rate?: number }; traces?: { enabled?: boolean } };
  triggers?: { crons?: string[] };
}

export function serviceConfig(service: string): EnvConfig & { env?: Record<string, EnvConfig> } {
  return readWranglerConfig(join(repoRoot, "services", service)) as never;
}

/** Problems with `service`'s config for `env` (empty: deployable). */
export function checkConfig(service: string, env: Environment): string[] {
  return checkEnvConfig(service, env, serviceConfig(service));
}

export function checkEnvConfig(service: string, env: Environment, top: EnvConfig & { env?: Record<string, EnvConfig> }): string[] {
  const e = top.env?.[env];
  if (!e) return [`no env.${env} section`];
  const out: string[] = [];
  if (e.name !== `pitchey-${service}-${env}`) out.push(`name is ${e.name}, expected pitchey-${service}-${env}`);
  const isPublic = service === "gateway";
  if (!isPublic && e.workers_dev !== false) out.push("workers_dev must be false: only the gateway is reachable from outside");
  if (!isPublic && e.routes?.length) out.push("routes: only the gateway has public routes");
  if (isPublic && env === "production" && e.workers_dev !== false) out.push("production gateway: workers_dev must be false (it serves on its custom domain)");
  if (isPublic && env === "production" && !e.routes?.length) out.push("production gateway: no route or custom domain");
  const vars = e.vars ?? {};
  if ("SERVICE_VERSION" in vars) out.push("vars.SERVICE_VERSION must not be in the file: the deploy sets it to the git commit");
  for (const local of ["FAULT_SWITCH", "ARM"]) if (local in vars) out.push(`vars.${local} is local-only`);
  for (const [k, v] of Object.entries(vars)) if (/localhost|127\.0\.0\.1|\[::1\]/i.test(v)) out.push(`vars.${k} names a local address (${v})`);
  if (isPublic && !vars.CORS_ORIGINS) out.push("vars.CORS_ORIGINS is missing");
  if (isPublic && vars.CORS_ORIGINS?.split(",").some((o) => o.trim() === "*" || !o.trim().startsWith("https://")))
    out.push("vars.CORS_ORIGINS must list https origins, never *");
  // Bindings name this environment's Workers, and the same bindings as local development.
  const wantBindings = (top.services ?? [])
    .map((b) => b.binding)
    .sort()
    .join(",");
  const haveBindings = (e.services ?? [])
    .map((b) => b.binding)
    .sort()
    .join(",");
  if (wantBindings !== haveBindings) out.push(`service bindings ${haveBindings || "(none)"} differ from the local ones ${wantBindings || "(none)"}`);
  for (const b of e.services ?? []) {
    const canary = b.binding.endsWith("_CANARY");
    const target = `pitchey-${b.binding.replace(/_CANARY$/, "").toLowerCase()}${canary ? "-canary" : ""}-${env}`;
    if (b.service !== target) out.push(`binding ${b.binding} → ${b.service}, expected ${target}`);
  }
  if (!e.observability?.enabled || !e.observability.logs?.enabled) out.push("observability (logs) must be enabled");
  if ((top.triggers?.crons?.length ?? 0) > 0 && JSON.stringify(e.triggers?.crons) !== JSON.stringify(top.triggers?.crons))
    out.push("triggers.crons differ from the local schedule");
  return out;
}
