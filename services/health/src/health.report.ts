// Builds the readiness report: every service's RPC self-check (callWorker: the request's id and trace
// go along, each call has a deadline) plus this service's own, in parallel. Reads only; writes
// nothing, calls no third party.
import type { CallTrace, Dependency, HealthReport, SelfCheck } from "@pitchey/contracts";
import { selfCheck } from "@pitchey/data";
import { HttpError, callWorker, type RequestContext } from "@pitchey/http";
import { BINDING, CANARY_ARMS, CHECKED_SERVICES, type Env } from "./env";

const RPC_DEADLINE_MS = 3_000;

type ServiceEntry = HealthReport["services"][string];

async function checked(run: () => Promise<SelfCheck>): Promise<{ entry: ServiceEntry; check: SelfCheck | null }> {
  const t0 = Date.now();
  try {
    const check = await run();
    return { entry: { status: check.status, latencyMs: Date.now() - t0, version: check.version }, check };
  } catch (err) {
    // The public report names the failure, not its internals; callWorker logged the details.
    const timeout = err instanceof HttpError && err.status === 504;
    return { entry: { status: "down", latencyMs: Date.now() - t0, version: null, error: timeout ? "timeout" : "unreachable" }, check: null };
  }
}

/** Another Worker's self-check over RPC; `name` is the service or "<service>@canary". */
const rpcCheck = (rc: RequestContext<Env>, name: string, call: (trace: CallTrace) => Promise<SelfCheck>) =>
  checked(() => callWorker(rc, { service: name.split("@")[0]!, label: `${name}.health`, deadlineMs: RPC_DEADLINE_MS }, call));

/** The worst of the dependency readings the services made (they share one database and one Redis). */
function worst(deps: Dependency[]): Dependency {
  const order = { down: 0, ok: 1, disabled: 2 } as const;
  return [...deps].sort((a, b) => order[a.status] - order[b.status] || (b.latencyMs ?? 0) - (a.latencyMs ?? 0))[0]!;
}

/** Weights above 0 by service: a canary arm that is down matters only while it takes traffic. */
export type LiveWeights = Record<string, number>;

/** The report without the cache, traffic and canary figures (read apart, in parallel: health.routes.ts). */
export async function buildReport(rc: RequestContext<Env>, weights: LiveWeights = {}): Promise<Omit<HealthReport, "cache" | "traffic" | "canary">> {
  const env = rc.env;
  const canaries = CANARY_ARMS.filter((s) => env[`${BINDING[s]}_CANARY`]);
  const [results, canaryResults] = await Promise.all([
    Promise.all([
      // This service's own check has a deadline per dependency inside.
      checked(() => selfCheck("health", rc.version, env)),
      ...CHECKED_SERVICES.map((s) => rpcCheck(rc, s, (trace) => env[BINDING[s]].health(trace))),
    ]),
    Promise.all(canaries.map((s) => rpcCheck(rc, `${s}@canary`, (trace) => env[`${BINDING[s]}_CANARY`]!.health(trace)))),
  ]);
  const services: Record<string, ServiceEntry> = {};
  // The gateway is up if this request came through it (its signature verified).
  if (rc.clientId !== "unverified") {
    services.gateway = { status: "ok", latencyMs: null, version: rc.request.headers.get("x-pitchey-gateway-version") };
  }
  const names = ["health", ...CHECKED_SERVICES];
  results.forEach((r, i) => (services[names[i]!] = { ...r.entry, arm: "stable" }));
  canaryResults.forEach((r, i) => (services[`${canaries[i]}@canary`] = { ...r.entry, arm: "canary" }));
  const checks = results.map((r) => r.check).filter((c): c is SelfCheck => c !== null);
  const database = checks.length
    ? worst(checks.map((c) => c.dependencies.database))
    : { status: "down" as const, latencyMs: null, error: "no service answered" };
  const redis = checks.length ? worst(checks.map((c) => c.dependencies.redis)) : { status: "down" as const, latencyMs: null };

  // Down: nothing can serve (the database is gone, or no service answers). Degraded: some service or
  // Redis is down but the rest serve.
  // A canary arm that takes no traffic cannot degrade the service.
  const anyDown = Object.entries(services).some(([name, s]) => s.status !== "ok" && (s.arm !== "canary" || (weights[name.split("@")[0]!] ?? 0) > 0));
  const status = database.status !== "ok" || checks.length === 0 ? "down" : anyDown || redis.status === "down" ? "degraded" : "ok";
  return {
    status,
    version: rc.version,
    checkedAt: new Date().toISOString(),
    services,
    dependencies: { database, redis },
  };
}
