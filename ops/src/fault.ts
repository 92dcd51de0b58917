// `npm run fault -- <service> [--arm canary|stable] --error <0–1> [--delay <ms>] | --clear`: the fault
// switch of local and test instances (data package canary/faults.ts), for canary demos: makes that
// arm answer a share of its requests with 500, or slower. Deployed Workers ignore it (FAULT_SWITCH
// is never set outside local configs; a test checks every wrangler.jsonc).
import { parseArgs } from "node:util";
import { CANARY_SERVICES, setFault } from "@pitchey/data";
import { resolveTarget } from "./target";

const USAGE = `usage: npm run fault -- <service> [--arm canary|stable] [--error 0.5] [--delay 200]
       npm run fault -- <service> [--arm canary|stable] --clear`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      arm: { type: "string", default: "canary" },
      error: { type: "string" },
      delay: { type: "string" },
      clear: { type: "boolean" },
      base: { type: "string" },
      "redis-url": { type: "string" },
      "redis-token": { type: "string" },
    },
  });
  const [service] = positionals;
  if (!service || !(CANARY_SERVICES as readonly string[]).includes(service) || (values.arm !== "canary" && values.arm !== "stable"))
    return (console.error(USAGE), 2);
  const error = values.error === undefined ? 0 : Number(values.error);
  const delayMs = values.delay === undefined ? 0 : Number(values.delay);
  if (!(error >= 0 && error <= 1) || !(delayMs >= 0 && delayMs <= 30_000)) return (console.error(`fault: --error wants 0–1, --delay 0–30000\n${USAGE}`), 2);
  const t = resolveTarget({ base: values.base, redisUrl: values["redis-url"], redisToken: values["redis-token"] });
  const fault = values.clear ? null : { error, delayMs };
  await setFault(t.redis, service, values.arm, fault);
  console.log(
    `[fault] ${service}@${values.arm}: ${fault && (error || delayMs) ? `${error * 100} % of requests answer 500${delayMs ? `, +${delayMs} ms each` : ""}` : "no fault"} (local instances re-read it within 0.5 s)`,
  );
  return 0;
}

main().then(
  (c) => process.exit(c),
  (err) => (console.error(`fault: ${(err as Error).message}`), process.exit(2)),
);
