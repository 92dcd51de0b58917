// The suite's settings in one place.
export const MESH = {
  /** The gateway's per-call budget (UPSTREAM_TIMEOUT_MS): the "hangs past its timeout" fault waits longer. */
  upstreamTimeoutMs: 4_000,
};

/** The seed of this run's random choices (fuzz cases, workload mix): RESILIENCE_SEED, or a new one. */
export function runSeed(): number {
  const given = process.env.RESILIENCE_SEED;
  if (given !== undefined && given !== "") {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`RESILIENCE_SEED must be a whole number 0–4294967295, got ${given}`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000);
}
