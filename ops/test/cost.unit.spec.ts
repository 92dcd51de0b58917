// The cost model's arithmetic (ops/src/cost): allowances, autoscaled database compute, the dominant
// line and what a layer saves, on figures small enough to check by hand.
import { describe, expect, it } from "vitest";
import { mixAverage, monthlyCost, monthlyRequests, saving, type Measured, type PerRequest } from "../src/cost/cost.model";
import { PRICES } from "../src/cost/prices";
import { TRAFFIC, type RequestClass, type TrafficModel } from "../src/cost/traffic.model";

const zero: PerRequest = { workerCpuMs: 0, workers: 0, dbCpuMs: 0, sqlStatements: 0, sqlRows: 0, redisCommands: 0, redisBytes: 0, bytesOut: 0 };
const classes = Object.keys(TRAFFIC.perActiveUserPerDay) as RequestClass[];
const all = (x: Partial<PerRequest>): Measured => Object.fromEntries(classes.map((c) => [c, { ...zero, ...x }])) as Measured;
// 2 requests a day from each of half the users, of one class only: 1M users make 30M requests a month.
const model: TrafficModel = {
  ...TRAFFIC,
  dailyActiveShare: 0.5,
  daysPerMonth: 30,
  perActiveUserPerDay: { ...(Object.fromEntries(classes.map((c) => [c, 0])) as Record<RequestClass, number>), "detail.anonymous": 2 },
  hourlyWeights: Array.from({ length: 24 }, () => 1),
  dbBytesPerUser: 0,
  redisBytesPerActiveUser: 0,
};
const line = (c: ReturnType<typeof monthlyCost>, r: string) => c.lines.find((l) => l.resource === r)!;
const MIN_COMPUTE = 0.25 * 720 * PRICES.neon.perCuHour;

describe("the cost model", () => {
  it("counts requests from users, the daily share and the mix", () => {
    expect(monthlyRequests(1_000_000, model)["detail.anonymous"]).toBe(30_000_000);
    expect(monthlyRequests(1_000_000, model)["auth.login"]).toBe(0);
  });

  it("charges only the plan and the smallest database compute while usage stays inside the allowances", () => {
    const c = monthlyCost(10_000, all({ workerCpuMs: 1, redisCommands: 0 }), model, PRICES);
    expect(c.requests).toBe(300_000);
    expect(line(c, "Workers requests").usd).toBe(0);
    expect(line(c, "Workers CPU").usd).toBe(0);
    expect(line(c, "Neon compute").usd).toBeCloseTo(MIN_COMPUTE, 6);
    expect(c.totalUsd).toBeCloseTo(PRICES.workers.planMonthly + MIN_COMPUTE, 6);
    expect(c.dominant).toBe("Neon compute");
  });

  it("bills requests and CPU beyond the allowances, and Upstash per command", () => {
    const c = monthlyCost(1_000_000, all({ workerCpuMs: 2, redisCommands: 1, bytesOut: 1000 }), model, PRICES);
    expect(line(c, "Workers requests").usd).toBeCloseTo(20 * 0.3, 6); // 30M − 10M included
    expect(line(c, "Workers CPU").usd).toBeCloseTo(30 * 0.02, 6); // 60M CPU-ms − 30M included
    expect(line(c, "Upstash commands").usd).toBeCloseTo(300 * 0.2, 6); // 30M commands
    expect(line(c, "Workers bytes out")).toMatchObject({ quantity: 30, usd: 0 });
    expect(c.dominant).toBe("Upstash commands");
  });

  it("sizes the database hour by hour: each hour's CPU over the target utilisation, never below the smallest compute", () => {
    // 30M requests × 86.4 ms = 720 h of one core over a 720 h month: one core on average.
    const flat = monthlyCost(1_000_000, all({ dbCpuMs: 86.4 }), model, PRICES);
    expect(line(flat, "Neon compute").quantity).toBeCloseTo(2 * 720, 6);
    expect(flat.peakCu).toBeCloseTo(2, 6);
    // The same CPU in half the day: 2 cores (4 CU) for 12 h, the smallest compute for the other 12.
    const halfDay = monthlyCost(1_000_000, all({ dbCpuMs: 86.4 }), { ...model, hourlyWeights: Array.from({ length: 24 }, (_, h) => (h < 12 ? 1 : 0)) }, PRICES);
    expect(line(halfDay, "Neon compute").quantity).toBeCloseTo(30 * (12 * 4 + 12 * 0.25), 6);
    expect(halfDay.peakCu).toBeCloseTo(4, 6);
  });

  it("says what a layer saves, from the figures measured without it", () => {
    const withIt = all({ redisCommands: 1 });
    expect(saving(1_000_000, withIt, { "detail.anonymous": { ...zero, redisCommands: 3 } }, model, PRICES)).toBeCloseTo(600 * 0.2, 6);
    expect(saving(1_000_000, withIt, {}, model, PRICES)).toBe(0);
  });

  it("averages per-request figures by the mix", () => {
    const m = all({});
    const t: TrafficModel = { ...model, perActiveUserPerDay: { ...model.perActiveUserPerDay, "auth.login": 2 } };
    m["detail.anonymous"] = { ...zero, workerCpuMs: 1 };
    m["auth.login"] = { ...zero, workerCpuMs: 3 };
    expect(mixAverage(m, t).workerCpuMs).toBeCloseTo(2, 9);
  });

  it("dates every price and names its page", () => {
    for (const p of [PRICES.workers, PRICES.neon, PRICES.upstash]) {
      expect(p.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.source.url).toMatch(/^https:\/\//);
    }
  });
});
