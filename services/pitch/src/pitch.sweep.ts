// The pitch service's scheduled clean-up (cron in wrangler.jsonc, wired in index.ts): anonymous view
// records past their 24 h window, which nothing reads any more (migrations/README.md).
import { db, SWEEP_LIMITS, sweepInBatches, type SweepLimits, type SweepResult } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./pitch.context";
import { deleteStaleAnonymousViews } from "./pitch.repo";

export async function sweepPitch(rc: RequestContext<Env>, limits: SweepLimits = SWEEP_LIMITS): Promise<{ views: SweepResult }> {
  const d = db(rc);
  const views = await sweepInBatches((n) => deleteStaleAnonymousViews(d, n), limits);
  rc.log.info("swept anonymous view records past their window", { views });
  return { views };
}
