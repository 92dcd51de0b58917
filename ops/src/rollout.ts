// `npm run rollout -- <service> <weight>`: sets a canary weight now.
// `npm run rollout -- <service> --steps 10,50,100 --hold <s> [--traffic <req/s>]`: walks the steps with
// gates between them (rollout.controller.ts) and reverts to 0 on any failure. Exit code: 0 done,
// 1 the rollout failed (and was reverted), 2 bad arguments or no target.
// Target: the local `npm start` by default; --base URL with --redis-url/--redis-token (or the
// UPSTASH_REDIS_REST_* variables) for a deployment. docs/releases.md.
import { parseArgs } from "node:util";
import { CANARY_SERVICES, DEFAULT_CANARY_RULES, isWeight, readSettings, type CanaryRules, type CanaryService } from "@pitchey/data";
import { setWeightNow, stepRollout } from "./rollout.controller";
import { resolveTarget } from "./target";

const USAGE = `usage: npm run rollout -- <service> <weight>
       npm run rollout -- <service> --steps 10,50,100 --hold <seconds> [--traffic <req/s>] [--verify-demo]
       npm run rollout -- --status
  service      ${CANARY_SERVICES.join(" | ")}
  --base URL   the gateway (default: the local npm start)
  --redis-url, --redis-token   that environment's Upstash Redis (or UPSTASH_REDIS_REST_URL/_TOKEN)
  --traffic    synthetic anonymous reads per second during each hold (for quiet environments)
  --margin, --p95-factor, --min-sample   gates (default: the health report's canary rules)
  --verify-demo   sign in as the local demo investor in the verify gate (local stacks only)`;

const print = (line: string) => console.log(`[rollout] ${line}`);

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        steps: { type: "string" },
        hold: { type: "string" },
        traffic: { type: "string" },
        base: { type: "string" },
        "redis-url": { type: "string" },
        "redis-token": { type: "string" },
        margin: { type: "string" },
        "p95-factor": { type: "string" },
        "min-sample": { type: "string" },
        "verify-demo": { type: "boolean" },
        status: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    console.error(`rollout: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) return (console.log(USAGE), 0);
  const target = resolveTarget({
    base: values.base as string | undefined,
    redisUrl: values["redis-url"] as string | undefined,
    redisToken: values["redis-token"] as string | undefined,
  });
  if (values.status) {
    const s = await readSettings(target.redis);
    for (const svc of CANARY_SERVICES)
      print(`${svc}: ${s[svc] ? `${s[svc].weight} % (set by ${s[svc].by} at ${new Date(s[svc].at).toISOString()})` : "0 % (configured default)"}`);
    return 0;
  }
  const [service, weightArg] = positionals;
  if (!service || !(CANARY_SERVICES as readonly string[]).includes(service))
    return (console.error(`rollout: name a service (${CANARY_SERVICES.join(", ")})\n${USAGE}`), 2);
  if (weightArg !== undefined) {
    const w = Number(weightArg);
    if (!isWeight(w)) return (console.error(`rollout: a weight is a whole number 0–100, got ${weightArg}`), 2);
    const s = await setWeightNow(target, service as CanaryService, w, process.env.USER ? `cli:${process.env.USER}` : "cli");
    print(`${service}: canary weight ${w} % on ${target.where} (epoch ${s.epoch}); the gateway applies it within 2 s`);
    return 0;
  }
  if (!values.steps) return (console.error(`rollout: give a weight or --steps\n${USAGE}`), 2);
  const steps = String(values.steps).split(",").map(Number);
  if (!steps.length || !steps.every(isWeight) || steps.some((w, i) => i > 0 && w <= steps[i - 1]!)) {
    return (console.error(`rollout: --steps wants rising weights 0–100, e.g. 10,50,100; got ${values.steps}`), 2);
  }
  const holdS = Number(values.hold ?? 60);
  const traffic = Number(values.traffic ?? 0);
  if (!(holdS > 0 && holdS <= 86_400) || !(traffic >= 0 && traffic <= 500))
    return (console.error("rollout: --hold wants 1–86400 seconds, --traffic 0–500 requests per second"), 2);
  const rules = await rulesOf(target.base);
  const num = (k: string, d: number) => (values[k] !== undefined ? Number(values[k]) : d);
  const gates: CanaryRules = {
    ...rules,
    margin: num("margin", rules.margin),
    p95Factor: num("p95-factor", rules.p95Factor),
    minSample: num("min-sample", rules.minSample),
  };
  const r = await stepRollout(target, {
    service: service as CanaryService,
    steps,
    holdS,
    rules: gates,
    traffic,
    verifyArgs: values["verify-demo"] ? ["--demo"] : [],
    print,
  });
  return r.ok ? 0 : 1;
}

/** The rules the deployment runs with (its health report says), else the defaults. */
async function rulesOf(base: string): Promise<CanaryRules> {
  try {
    const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
    const body = (await r.json()) as { canary?: { rules?: Partial<CanaryRules> } };
    return { ...DEFAULT_CANARY_RULES, ...body.canary?.rules };
  } catch {
    return DEFAULT_CANARY_RULES;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`rollout: ${(err as Error).message}`);
    process.exit(2);
  },
);
