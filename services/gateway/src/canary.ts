// The canary settings this isolate routes by, and the automatic rollback (docs/releases.md).
// Weights live in Redis (canary:config) and are re-read at most every REFRESH_MS: a request that
// finds them older waits for one read (at most WAIT_MS), so a change reaches every isolate within
// REFRESH_MS plus one Redis round trip. The same pipeline flushes this isolate's per-arm counts and,
// for services with a canary weight above 0, reads every isolate's counts of the current step; a
// verdict of `judge` (data package canary/verdict.ts) sets the weight to 0 and records an event.
// Without Redis (or while it fails) the configured default weights hold. Module state is plain data.
import {
  CANARY_CONFIG_KEY,
  armFigures,
  configured,
  defaultWeights,
  judge,
  redis,
  redisBackoff,
  redisConfigured,
  rollBack,
  rolloutStore,
  rulesFrom,
  settingsFrom,
  sumBuckets,
  windowMinutes,
  type CanarySetting,
  type RollbackEvent,
} from "@pitchey/data";
import { withDeadline } from "@pitchey/http";
import type { Env } from "./env";
import type { Gw } from "./gateway.context";

export const REFRESH_MS = 2_000;
/** How long a request waits for a re-read; an isolate that has never read waits longer (FIRST_WAIT_MS),
 *  so its first callers land where every other isolate sends them. */
const WAIT_MS = 150;
const FIRST_WAIT_MS = 1_000;
const BACKOFF_MS = 5_000;
const backoff = redisBackoff(BACKOFF_MS);

interface State {
  settings: Record<string, CanarySetting>;
  at: number;
  source: "redis" | "config";
  /** The defaults these settings fell back to (a change of CANARY_WEIGHTS starts over). */
  spec: string;
}
let state: State | undefined;
let refreshing = false;

function fromConfig(env: Env): State {
  const spec = env.CANARY_WEIGHTS ?? "";
  const settings: Record<string, CanarySetting> = {};
  for (const [svc, w] of Object.entries(defaultWeights(spec))) settings[svc] = configured(w);
  return { settings, at: Date.now(), source: "config", spec };
}

/** The setting of `service` for this request (weight 0 when nothing says otherwise). */
export async function canarySetting(rc: Gw, service: string): Promise<CanarySetting> {
  const env = rc.env;
  const spec = env.CANARY_WEIGHTS ?? "";
  if (!state || state.spec !== spec) state = fromConfig(env);
  const now = Date.now();
  if (redisConfigured(env) && backoff.usable(env, now)) {
    const never = state.source === "config";
    if (!refreshing && (never || now - state.at >= REFRESH_MS)) {
      refreshing = true;
      const work = refresh(rc).finally(() => (refreshing = false));
      rc.ctx.waitUntil(work.catch(() => {}));
      await withDeadline(work, never ? FIRST_WAIT_MS : WAIT_MS, "canary settings").catch(() => {});
    } else if (refreshing && (never || now - state.at >= REFRESH_MS)) {
      // Another request of this isolate is re-reading: wait for its result, as long as it would
      // (polling plain state — a request never awaits another request's I/O).
      const before = state;
      const until = now + (never ? FIRST_WAIT_MS : WAIT_MS);
      while (refreshing && state === before && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    }
  }
  return state.settings[service] ?? configured(0);
}

async function refresh(rc: Gw): Promise<void> {
  const env = rc.env;
  const rules = rulesFrom(env as unknown as Record<string, unknown>);
  const before = state!;
  const judging = Object.entries(before.settings).some(([, s]) => s.weight > 0);
  const minutes = judging ? windowMinutes(rules.windowMinutes) : [];
  let replies: unknown[];
  try {
    replies = await rolloutStore.flushWith(env, (p) => {
      p.hgetall(CANARY_CONFIG_KEY);
      for (const m of minutes) p.hgetall(rolloutStore.keyFor(m));
    });
  } catch (err) {
    backoff.failed(env);
    rc.log.warn("canary settings: Redis failed; keeping the last known weights", { err: String((err as Error)?.message ?? err).slice(0, 200) });
    return;
  }
  const settings = { ...fromConfig(env).settings, ...settingsFrom(replies[0]) };
  state = { settings, at: Date.now(), source: "redis", spec: before.spec };
  if (!judging) return;
  const sums = sumBuckets(replies.slice(1));
  for (const [service, setting] of Object.entries(settings)) {
    if (setting.weight === 0) continue;
    const figures = armFigures(sums, service, setting.epoch);
    const verdict = judge(figures.stable, figures.canary, rules);
    if (!verdict.rollback) continue;
    // Route away at once in this isolate; Redis tells the others within REFRESH_MS.
    settings[service] = { ...configured(0), by: "rollback" };
    const event: RollbackEvent = {
      at: new Date().toISOString(),
      service,
      epoch: setting.epoch,
      weightBefore: setting.weight,
      reason: verdict.reason,
      ...figures,
    };
    const r = redis(env);
    const done = r ? await rollBack(r, service, setting, event).catch((err) => (rc.log.error("canary rollback not recorded", { err }), false)) : false;
    if (done) rc.log.error("canary rolled back", { event });
  }
}

/** Tests only: forget what this isolate knew. */
export function resetCanaryState(): void {
  state = undefined;
  refreshing = false;
  backoff.reset();
}
