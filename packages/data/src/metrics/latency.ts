/** Latency histogram bucket upper bounds, ms (traffic and canary figures). A percentile is reported as
 *  the bound of its bucket. No imports: the canary's pure rules use it too. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000] as const;
