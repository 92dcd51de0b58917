// The canary part of /api/health: each service's weight and step (from Redis, else the configured
// default), the figures of the current step per arm, the rules, and the latest rollback events.
// Reads only.
import { configured, defaultWeights, readArmFigures, readEvents, readSettings, redis, rulesFrom, type CanarySetting, type RollbackEvent } from "@pitchey/data";
import { withDeadline, type RequestContext } from "@pitchey/http";
import { BINDING, CANARY_ARMS, type Env } from "./env";

const READ_DEADLINE_MS = 1_500;

export type CanaryReport = Awaited<ReturnType<typeof canaryReport>>;

export async function canaryReport(rc: RequestContext<Env>) {
  const env = rc.env;
  const rules = rulesFrom(env as unknown as Record<string, unknown>);
  const r = redis(env);
  const defaults = defaultWeights(env.CANARY_WEIGHTS);
  let stored: Record<string, CanarySetting> = {};
  let source: "redis" | "config" | "unavailable" = r ? "redis" : "config";
  let events: RollbackEvent[] = [];
  if (r) {
    try {
      [stored, events] = await withDeadline(Promise.all([readSettings(r), readEvents(r, 10)]), READ_DEADLINE_MS, "canary settings");
    } catch {
      source = "unavailable";
    }
  }
  const services = await Promise.all(
    CANARY_ARMS.map(async (service) => {
      const bound = Boolean(env[`${BINDING[service]}_CANARY`]);
      const setting = stored[service] ?? configured(defaults[service] ?? 0);
      const step =
        r && bound && source === "redis" && setting.by !== "config"
          ? await withDeadline(readArmFigures(r, service, setting.epoch, rules.windowMinutes), READ_DEADLINE_MS, "canary figures").catch(() => null)
          : null;
      return [
        service,
        {
          bound,
          weight: bound ? setting.weight : 0,
          setBy: setting.by,
          since: setting.at ? new Date(setting.at).toISOString() : null,
          epoch: setting.epoch,
          arms: step ? { stable: step.stable, canary: step.canary } : null,
        },
      ] as const;
    }),
  );
  return {
    enabled: services.some(([, s]) => s.bound),
    source,
    rules,
    services: Object.fromEntries(services),
    events,
  };
}
