import { describe, expect, it } from "vitest";
import { LATENCY_BOUNDS_MS } from "../metrics/traffic";
import { DEFAULT_CANARY_RULES, judge, type ArmFigures } from "./verdict";

/** An arm with `n` requests spread over latency buckets given as { boundMs: count }. */
function arm(spread: Record<number, number>, errors = 0): ArmFigures {
  const hist = LATENCY_BOUNDS_MS.map((b) => spread[b] ?? 0).concat([0]);
  const requests = hist.reduce((a, c) => a + c, 0);
  const at = (q: number) => {
    let seen = 0;
    for (let i = 0; i < hist.length; i++) if ((seen += hist[i]!) >= q * requests) return LATENCY_BOUNDS_MS[i] ?? null;
    return null;
  };
  return { requests, errors, p50Ms: at(0.5), p95Ms: at(0.95), hist };
}

describe("judge", () => {
  it("rolls back a canary whose 5xx rate is well above the stable arm's", () => {
    expect(judge(arm({ 20: 500 }), arm({ 20: 40 }, 20), DEFAULT_CANARY_RULES).rollback).toBe(true);
  });

  it("never rolls back for equal error rates, nor before the minimum sample", () => {
    expect(judge(arm({ 20: 1000 }, 200), arm({ 20: 200 }, 40), DEFAULT_CANARY_RULES).rollback).toBe(false);
    expect(judge(arm({ 20: 100 }), arm({ 20: 10 }, 10), DEFAULT_CANARY_RULES).rollback).toBe(false);
  });

  it("rolls back a canary that is slow for most of its requests", () => {
    const v = judge(arm({ 20: 400, 50: 20 }), arm({ 1000: 40 }), DEFAULT_CANARY_RULES);
    expect(v).toMatchObject({ rollback: true });
    expect(v.reason).toMatch(/p95/);
  });

  it("does not roll back when the canary's p95 lands a few buckets up from one busy moment (as seen under load)", () => {
    // Measured on a loaded machine: stable p95 ≤200 ms, canary p95 ≤500 ms, yet only ~7 % of the
    // canary's requests were slower than 200 ms — the arms were alike.
    const stable = arm({ 50: 1_000, 100: 150, 200: 121 });
    const canary = arm({ 50: 100, 100: 20, 500: 9 });
    expect(stable.p95Ms).toBe(200);
    expect(canary.p95Ms).toBe(500);
    expect(judge(stable, canary, DEFAULT_CANARY_RULES).rollback).toBe(false);
  });
});
