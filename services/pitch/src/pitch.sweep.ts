// The pitch service's scheduled clean-up (cron in wrangler.jsonc, wired in index.ts): anonymous view
// records past their 24 h window, which nothing reads any more, and expired Idempotency-Key records
// (migrations/README.md).
import { db, purgeExpiredKeys, SWEEP_LIMITS, sweepInBatches, type SweepLimits, type SweepResult } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import { deleteStaleAnonymousViews } from "./pitch.repo";
import { PITCH_KEYS } from "./pitch.keys";

export async function sweepPitch(rc: RequestContext<Env>, limits: SweepLimits = SWEEP_LIMITS): Promise<{ views: SweepResult; idempotencyKeys: SweepResult }> {
  const d = db(rc);
  const views = await sweepInBatches((n) => deleteStaleAnonymousViews(d, n), limits);
  const idempotencyKeys = await sweepInBatches((n) => purgeExpiredKeys(d, PITCH_KEYS, n), limits);
  rc.log.info("swept anonymous view records past their window and expired idempotency keys", { views, idempotencyKeys });
  return { views, idempotencyKeys };
}
