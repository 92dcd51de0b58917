// Scheduled clean-up in bounded batches: each batch is one short statement (its own transaction, its
// locks held for one batch, inside the role's statement_timeout), and a run stops after a cap, so a
// backlog is worked off over several runs instead of in one long one.

export interface SweepLimits {
  /** Rows one statement may delete. */
  batchSize: number;
  /** Statements one run may make; the rest waits for the next run. */
  maxBatches: number;
}

/** The services' default: per table and run, at most 20 statements of 500 rows (10,000 rows); a
 *  larger backlog takes several runs. */
export const SWEEP_LIMITS: SweepLimits = { batchSize: 500, maxBatches: 20 };

export interface SweepResult {
  deleted: number;
  batches: number;
  /** False when the run stopped at maxBatches with rows possibly left over. */
  complete: boolean;
}

/**
 * Calls deleteBatch(batchSize) until a batch deletes fewer rows than asked (nothing left) or
 * maxBatches ran. deleteBatch deletes at most that many rows and returns how many it deleted.
 * @example await sweepInBatches((n) => repo.deleteExpired(db, n), { batchSize: 500, maxBatches: 20 })
 */
export async function sweepInBatches(deleteBatch: (limit: number) => Promise<number>, limits: SweepLimits): Promise<SweepResult> {
  if (!(Number.isInteger(limits.batchSize) && limits.batchSize > 0 && Number.isInteger(limits.maxBatches) && limits.maxBatches > 0)) {
    throw new Error(`bad sweep limits ${JSON.stringify(limits)}`);
  }
  let deleted = 0;
  for (let batches = 1; batches <= limits.maxBatches; batches++) {
    const n = await deleteBatch(limits.batchSize);
    if (n > limits.batchSize) throw new Error(`a sweep batch deleted ${n} rows, more than its ${limits.batchSize}`);
    deleted += n;
    if (n < limits.batchSize) return { deleted, batches, complete: true };
  }
  return { deleted, batches: limits.maxBatches, complete: false };
}
