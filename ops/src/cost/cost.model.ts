// Monthly cost from measured per-request figures, a traffic model and a price table: plain
// arithmetic, unit-tested (ops/test/cost.unit.spec.ts); `npm run cost` (tools/cost.ts) measures the
// figures and prints the tables.
import type { Prices } from "./prices";
import type { RequestClass, TrafficModel } from "./traffic.model";

/** What one client request of a class costs, measured through the gateway. */
export interface PerRequest {
  /** CPU of every Worker it touched (workerd), ms. */
  workerCpuMs: number;
  /** Workers it ran in (the gateway, the service, any RPC a service made). */
  workers: number;
  /** CPU of the Postgres server, ms. */
  dbCpuMs: number;
  sqlStatements: number;
  sqlRows: number;
  redisCommands: number;
  /** Bytes to and from Upstash. */
  redisBytes: number;
  /** Bytes of the answer to the client. */
  bytesOut: number;
}

export type Measured = Record<RequestClass, PerRequest>;

export interface CostLine {
  resource: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface MonthlyCost {
  users: number;
  requests: number;
  lines: CostLine[];
  totalUsd: number;
  /** The line that costs most. */
  dominant: string;
  /** The database compute the busiest hour needs, CU. */
  peakCu: number;
}

const GB = 1e9;
const over = (quantity: number, free: number) => Math.max(0, quantity - free);

/** Requests of each class a month at `users` monthly active users. */
export function monthlyRequests(users: number, t: TrafficModel): Record<RequestClass, number> {
  const perDay = users * t.dailyActiveShare * t.daysPerMonth;
  return Object.fromEntries(Object.entries(t.perActiveUserPerDay).map(([k, v]) => [k, perDay * v])) as Record<RequestClass, number>;
}

export function monthlyCost(users: number, measured: Measured, t: TrafficModel, p: Prices): MonthlyCost {
  const counts = monthlyRequests(users, t);
  const sum = (f: (x: PerRequest) => number) => Object.entries(counts).reduce((a, [k, n]) => a + n * f(measured[k as RequestClass]), 0);
  const requests = sum(() => 1);
  const cpuMs = sum((x) => x.workerCpuMs);
  // Database CPU, in cores, hour by hour of a day: autoscaling follows the load, each hour billed at
  // the compute it needs (its CPU over the target utilisation), never below the smallest compute.
  const dayCpuSeconds = sum((x) => x.dbCpuMs) / 1000 / t.daysPerMonth;
  const weightSum = t.hourlyWeights.reduce((a, w) => a + w, 0);
  const cuByHour = t.hourlyWeights.map((w) => Math.max(p.neon.minCu, (dayCpuSeconds * (w / weightSum)) / 3600 / t.dbTargetUtilisation));
  const cuHours = t.daysPerMonth * cuByHour.reduce((a, c) => a + c, 0);
  const peakCu = Math.max(...cuByHour);
  const dbGb = (users * t.dbBytesPerUser) / GB;
  const commands = sum((x) => x.redisCommands);
  const redisGb = sum((x) => x.redisBytes) / GB;
  const redisDataGb = (users * t.dailyActiveShare * t.redisBytesPerActiveUser) / GB;
  const outGb = sum((x) => x.bytesOut) / GB;
  const w = p.workers;
  const lines: CostLine[] = [
    { resource: "Workers Paid plan", quantity: 1, unit: "month", usd: w.planMonthly },
    { resource: "Workers requests", quantity: requests, unit: "requests", usd: (over(requests, w.includedRequests) / 1e6) * w.perMillionRequests },
    { resource: "Workers CPU", quantity: cpuMs, unit: "CPU ms", usd: (over(cpuMs, w.includedCpuMs) / 1e6) * w.perMillionCpuMs },
    { resource: "Workers bytes out", quantity: outGb, unit: "GB", usd: outGb * w.perGbOut },
    { resource: "Neon compute", quantity: cuHours, unit: "CU-hours", usd: cuHours * p.neon.perCuHour },
    { resource: "Neon storage", quantity: dbGb, unit: "GB-month", usd: dbGb * p.neon.storagePerGbMonth },
    { resource: "Upstash commands", quantity: commands, unit: "commands", usd: (commands / 1e5) * p.upstash.per100kCommands },
    { resource: "Upstash bandwidth", quantity: redisGb, unit: "GB", usd: over(redisGb, p.upstash.freeGbBandwidth) * p.upstash.perGbBandwidth },
    { resource: "Upstash storage", quantity: redisDataGb, unit: "GB", usd: over(redisDataGb, p.upstash.freeGbStorage) * p.upstash.perGbStorage },
  ];
  const totalUsd = lines.reduce((a, l) => a + l.usd, 0);
  const dominant = lines.reduce((a, l) => (l.usd > a.usd ? l : a)).resource;
  return { users, requests, lines, totalUsd, dominant, peakCu };
}

/** What a layer saves: the cost with figures measured without it, less the cost with it. */
export function saving(users: number, withIt: Measured, without: Partial<Measured>, t: TrafficModel, p: Prices): number {
  return monthlyCost(users, { ...withIt, ...without }, t, p).totalUsd - monthlyCost(users, withIt, t, p).totalUsd;
}

/** Per request, weighted by the traffic model's mix. */
export function mixAverage(measured: Measured, t: TrafficModel): PerRequest {
  const weights = Object.entries(t.perActiveUserPerDay) as [RequestClass, number][];
  const total = weights.reduce((a, [, v]) => a + v, 0);
  const keys = Object.keys(measured[weights[0]![0]]) as (keyof PerRequest)[];
  return Object.fromEntries(keys.map((k) => [k, weights.reduce((a, [c, v]) => a + (v / total) * measured[c][k], 0)])) as unknown as PerRequest;
}
