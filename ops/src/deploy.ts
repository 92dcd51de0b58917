// `npm run deploy -- <service> --env staging|production [--gradual 10,50,100] [--canary] [--dry-run]
// [--allow-destructive] [--skip-tests] [--hold <s>] [--base URL --redis-url … --redis-token …]`.
// Exit code: 0 deployed (or the dry run passed), 1 refused or rolled back, 2 bad arguments.
import { parseArgs } from "node:util";
import { DEFAULT_CANARY_RULES, isWeight } from "@pitchey/data";
import { ENVIRONMENTS, SERVICES, type Environment } from "./config.check";
import { deploy } from "./deploy.plan";
import { resolveTarget } from "./target";

const USAGE = `usage: npm run deploy -- <service> --env staging|production [--gradual 10,50,100] [--canary] [--dry-run]
  service              ${SERVICES.join(" | ")}
  --gradual P,P,…      upload a version and move traffic to it in steps, with gates (else deploy at once)
  --canary             deploy as the canary Worker pitchey-<service>-canary-<env> (then: npm run rollout)
  --dry-run            build, test, plan migrations, check config; print the wrangler commands; change nothing
  --allow-destructive  apply a migration that drops or renames what a running version may use
  --skip-tests         npm test already ran the service's tests
  --hold S             seconds per gradual step (default 120)
  --base URL, --redis-url, --redis-token   the environment's gateway and Redis, for the gates
  DATABASE_URL         that environment's owner connection string: pending migrations are applied first`;

const ARGS = {
  allowPositionals: true,
  options: {
    env: { type: "string" },
    gradual: { type: "string" },
    canary: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "allow-destructive": { type: "boolean" },
    "skip-tests": { type: "boolean" },
    hold: { type: "string" },
    base: { type: "string" },
    "redis-url": { type: "string" },
    "redis-token": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
} as const;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<typeof ARGS>>;
  try {
    parsed = parseArgs(ARGS);
  } catch (err) {
    return (console.error(`deploy: ${(err as Error).message}\n${USAGE}`), 2);
  }
  const { values, positionals } = parsed;
  if (values.help) return (console.log(USAGE), 0);
  const [service] = positionals;
  if (!service || !(SERVICES as readonly string[]).includes(service)) return (console.error(`deploy: name a service\n${USAGE}`), 2);
  if (!values.env || !(ENVIRONMENTS as readonly string[]).includes(values.env)) return (console.error(`deploy: --env staging or production\n${USAGE}`), 2);
  const gradual = values.gradual ? values.gradual.split(",").map(Number) : null;
  if (gradual && (!gradual.every(isWeight) || gradual.at(-1) !== 100 || gradual.some((w, i) => w === 0 || (i > 0 && w <= gradual[i - 1]!)))) {
    return (console.error(`deploy: --gradual wants rising percentages ending at 100, e.g. 10,50,100`), 2);
  }
  const dryRun = Boolean(values["dry-run"]);
  const target = !dryRun && gradual ? resolveTarget({ base: values.base, redisUrl: values["redis-url"], redisToken: values["redis-token"] }) : undefined;
  const ok = await deploy({
    service,
    env: values.env as Environment,
    gradual,
    canary: Boolean(values.canary),
    dryRun,
    allowDestructive: Boolean(values["allow-destructive"]),
    skipTests: Boolean(values["skip-tests"]),
    databaseUrl: process.env.DATABASE_URL,
    holdS: Number(values.hold ?? 120),
    rules: DEFAULT_CANARY_RULES,
    verifyArgs: [],
    print: (l) => console.log(`[deploy] ${l}`),
    target,
  });
  return ok ? 0 : 1;
}

main().then(
  (c) => process.exit(c),
  (err) => (console.error(`deploy: ${(err as Error).stack ?? err}`), process.exit(2)),
);
