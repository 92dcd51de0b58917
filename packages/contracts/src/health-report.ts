// The public health report (GET /api/health): its schemas are built only where the document and the
// health service's handler need them (operations.health.ts), not by every Worker that imports the
// contracts' index, which re-exports the types alone.
import * as z from "zod";
import { IsoDate } from "./common";
import { Dependency, ServiceHealth } from "./health";

/** The window a set of counters covers; "redis": every isolate's counters, "isolate": only the
 *  answering isolate's (no Redis configured), "unavailable": Redis did not answer. */
const CounterWindow = {
  window: z.object({ minutes: z.number().int(), from: IsoDate, to: IsoDate }),
  source: z.enum(["redis", "isolate", "unavailable"]),
  error: z.string().optional(),
};
const Ratio = z.number().min(0).max(1).nullable();
const Count = z.number().int().min(0);

export const CacheLayerFigures = z.object({ hits: Count, misses: Count, hitRatio: Ratio, errors: Count });
/** The cache's figures over the window (packages/data cache/metrics.ts). */
export const CacheFigures = z.object({
  ...CounterWindow,
  requests: Count,
  reads: Count,
  hitRatio: Ratio,
  layers: z.object({
    memory: CacheLayerFigures,
    cacheApi: CacheLayerFigures,
    redis: CacheLayerFigures,
    database: z.object({ reads: Count, loads: Count, queries: Count, errors: Count }),
  }),
  dbQueriesPerRequest: z.number().min(0).nullable(),
  staleServed: Count,
  coalesced: Count,
  errors: Count,
});

/** Requests, 5xx and latency percentiles (upper bounds of histogram buckets; null: no requests). */
export const TrafficFigures = z.object({
  requests: Count,
  errors: Count,
  errorRate: Ratio,
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  perMinute: z.number().min(0),
  /** Requests per latency bucket (upper bounds in ms: 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, then beyond). */
  hist: z.array(Count),
});
export const ServiceTraffic = TrafficFigures.extend({ arms: z.record(z.string(), TrafficFigures).optional() });
/** Per-minute figures, oldest first, one entry per minute (0 / null for quiet minutes). */
const Series = z.object({ requests: z.array(Count), errors: z.array(Count), p50Ms: z.array(z.number().nullable()), p95Ms: z.array(z.number().nullable()) });
export const TrafficSeries = z.object({
  /** Start of each minute: the columns of every series. */
  minutes: z.array(IsoDate),
  services: z.record(z.string(), Series.extend({ arms: z.record(z.string(), Series).optional() })),
});
/** Traffic per service over the window, as the gateway counted it (packages/data metrics/traffic.ts),
 *  and per minute over a longer span for the status page's charts. */
export const TrafficReport = z.object({ ...CounterWindow, services: z.record(z.string(), ServiceTraffic), series: TrafficSeries });

/** One arm's figures over the rules' window; `hist` as in TrafficFigures (absent from events recorded before it was kept). */
export const ArmFigures = z.object({
  requests: Count,
  errors: Count,
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  hist: z.array(Count).optional(),
});
export const CanaryRules = z.object({
  margin: z.number(),
  minSample: z.number().int(),
  p95Factor: z.number(),
  p95FloorMs: z.number(),
  windowMinutes: z.number().int(),
  z: z.number(),
});
export const CanaryServiceState = z.object({
  bound: z.boolean(),
  weight: z.number().int().min(0).max(100),
  setBy: z.string(),
  since: IsoDate.nullable(),
  epoch: z.string(),
  arms: z.object({ stable: ArmFigures, canary: ArmFigures }).nullable(),
});
export const RollbackEvent = z.object({
  at: IsoDate,
  service: z.string(),
  epoch: z.string(),
  weightBefore: z.number().int(),
  reason: z.string(),
  stable: ArmFigures,
  canary: ArmFigures,
});
/** Canary arms: weight and step per service, the rollback rules, the latest rollbacks (docs/releases.md). */
export const CanaryReport = z.object({
  enabled: z.boolean(),
  source: z.enum(["redis", "config", "unavailable"]),
  rules: CanaryRules,
  services: z.record(z.string(), CanaryServiceState),
  events: z.array(RollbackEvent),
});

export const HealthReport = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  version: z.string(),
  checkedAt: IsoDate,
  services: z.record(z.string(), ServiceHealth),
  dependencies: z.object({ database: Dependency, redis: Dependency }),
  cache: CacheFigures,
  traffic: TrafficReport,
  canary: CanaryReport,
});
export type HealthReport = z.infer<typeof HealthReport>;
