// When a canary must be rolled back (docs/releases.md "Automatic rollback"). Pure.
// - Errors: the canary's 5xx rate exceeds the stable arm's by more than `margin`, over at least
//   `minSample` canary requests, and the excess is not noise: a one-sided two-proportion z-test of
//   (canary − stable − margin) > 0 must reach `z`. Equal error rates on both arms never trigger it.
// - Latency: the canary's p95 is more than `p95Factor` × the stable arm's and at least `p95FloorMs`
//   above it, both arms with `minSample` requests — and it is not noise: p95s are bounds of coarse
//   histogram buckets, so one busy moment can move an arm's p95 up a bucket. With both arms alike,
//   at most about 5 % of the canary's requests are slower than the stable arm's p95; the canary is
//   judged slow only when that share exceeds 25 % and the excess passes the same z-test.
import { LATENCY_BOUNDS_MS } from "../metrics/latency";

export interface ArmFigures {
  requests: number;
  errors: number;
  /** Upper bounds of the latency buckets holding the median and the 95th percentile (null: no requests). */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Requests per latency bucket (metrics/traffic.ts LATENCY_BOUNDS_MS). */
  hist?: number[];
}

export interface CanaryRules {
  /** Canary 5xx rate − stable 5xx rate above which the canary is rolled back (0.05 = 5 points). */
  margin: number;
  /** Canary requests needed before any verdict. */
  minSample: number;
  p95Factor: number;
  p95FloorMs: number;
  /** Minutes of figures a verdict looks at (within the current rollout step). */
  windowMinutes: number;
  /** z-score the error excess must reach (3.5 ≈ one false alarm in 4,000 checks of equal arms). */
  z: number;
}

export const DEFAULT_CANARY_RULES: CanaryRules = { margin: 0.05, minSample: 20, p95Factor: 2, p95FloorMs: 100, windowMinutes: 5, z: 3.5 };

export type Verdict = { rollback: false; reason: string } | { rollback: true; reason: string };

const rate = (a: ArmFigures) => (a.requests ? a.errors / a.requests : 0);

export function judge(stable: ArmFigures, canary: ArmFigures, rules: CanaryRules): Verdict {
  if (canary.requests < rules.minSample) return { rollback: false, reason: `canary sample ${canary.requests} < ${rules.minSample}` };
  const pc = rate(canary);
  const ps = rate(stable);
  const variance = (pc * (1 - pc)) / canary.requests + (stable.requests ? (ps * (1 - ps)) / stable.requests : 0);
  const z = (pc - ps - rules.margin) / Math.sqrt(Math.max(variance, 1e-9));
  if (pc - ps > rules.margin && z >= rules.z) {
    return {
      rollback: true,
      reason: `canary 5xx rate ${pct(pc)} > stable ${pct(ps)} + ${pct(rules.margin)} over ${canary.requests} requests (z=${z.toFixed(1)})`,
    };
  }
  if (stable.requests >= rules.minSample && canary.p95Ms !== null && stable.p95Ms !== null) {
    const limit = Math.max(stable.p95Ms * rules.p95Factor, stable.p95Ms + rules.p95FloorMs);
    const slow = slowerShare(canary, stable.p95Ms);
    const zSlow = (slow - SLOW_SHARE) / Math.sqrt(Math.max((slow * (1 - slow)) / canary.requests, 1e-9));
    if (canary.p95Ms > limit && slow > SLOW_SHARE && zSlow >= rules.z) {
      return {
        rollback: true,
        reason: `canary p95 ≤${canary.p95Ms} ms > ${rules.p95Factor}× stable p95 ≤${stable.p95Ms} ms (${pct(slow)} of canary requests slower than the stable p95)`,
      };
    }
  }
  return { rollback: false, reason: `canary 5xx ${pct(pc)} vs stable ${pct(ps)}; p95 ${canary.p95Ms ?? "–"} vs ${stable.p95Ms ?? "–"} ms` };
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;

/** Alike arms put ~5 % of requests past each other's p95; a slow canary puts far more there. */
const SLOW_SHARE = 0.25;

/** The share of the arm's requests in latency buckets above the one bounded by `p95Ms`. */
function slowerShare(a: ArmFigures, p95Ms: number): number {
  if (!a.hist || !a.requests) return a.p95Ms !== null && a.p95Ms > p95Ms ? 1 : 0; // no histogram: p95 alone
  const cut = LATENCY_BOUNDS_MS.indexOf(p95Ms as (typeof LATENCY_BOUNDS_MS)[number]);
  const above = a.hist.slice(cut + 1).reduce((n, c) => n + c, 0);
  return above / a.requests;
}

/** Rules from a Worker's vars (CANARY_ERROR_MARGIN, …), each falling back to its default. */
export function rulesFrom(env: Record<string, unknown>): CanaryRules {
  const num = (name: string, fallback: number, ok: (n: number) => boolean) => {
    const v = env[name];
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    return Number.isFinite(n) && ok(n) ? n : fallback;
  };
  const d = DEFAULT_CANARY_RULES;
  return {
    margin: num("CANARY_ERROR_MARGIN", d.margin, (n) => n >= 0 && n < 1),
    minSample: num("CANARY_MIN_SAMPLE", d.minSample, (n) => Number.isInteger(n) && n > 0),
    p95Factor: num("CANARY_P95_FACTOR", d.p95Factor, (n) => n >= 1),
    p95FloorMs: num("CANARY_P95_FLOOR_MS", d.p95FloorMs, (n) => n >= 0),
    windowMinutes: num("CANARY_WINDOW_MINUTES", d.windowMinutes, (n) => Number.isInteger(n) && n >= 1 && n <= 60),
    z: num("CANARY_Z", d.z, (n) => n > 0),
  };
}
