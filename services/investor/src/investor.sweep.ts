// The investor service's scheduled clean-up (cron in wrangler.jsonc, wired in index.ts): expired
// Idempotency-Key records (migrations/SCHEMA.md). An expired record already counts as absent; the
// investment it produced keeps its row (idempotency_key_id is set to null).
import { db, purgeExpiredKeys, SWEEP_LIMITS, sweepInBatches, type SweepLimits, type SweepResult } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import { INVESTOR_KEYS } from "./investor.keys";

export async function sweepInvestor(rc: RequestContext<Env>, limits: SweepLimits = SWEEP_LIMITS): Promise<{ idempotencyKeys: SweepResult }> {
  const d = db(rc);
  const idempotencyKeys = await sweepInBatches((n) => purgeExpiredKeys(d, INVESTOR_KEYS, n), limits);
  rc.log.info("swept expired idempotency keys", { idempotencyKeys });
  return { idempotencyKeys };
}
