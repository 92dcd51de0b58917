// Request rate, error rate and latency per service and arm, as the gateway sees them, kept as
// cross-isolate counters (metrics:traffic:<minute>) with a latency histogram per service and arm
// (`<service>@<arm>.requests|errors|lat.<i>`; the gateway's own answers are `gateway.*`). Read as a
// window's figures, and as a per-minute series over a longer span for charts (the status page).
import type { DataEnv } from "../env";
import { BUCKET_MS, addAll, counterStore, type CounterWindow } from "./counters";

const store = counterStore("traffic");
import { LATENCY_BOUNDS_MS } from "./latency";

export { LATENCY_BOUNDS_MS };

export const latencyBucket = (ms: number): number => {
  const i = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
  return i === -1 ? LATENCY_BOUNDS_MS.length : i;
};

/** Counts one answer under `name` (requests, 5xx, latency bucket) in `add`. */
export function countAnswer(add: (counter: string) => void, name: string, status: number, ms: number): void {
  add(`${name}.requests`);
  if (status >= 500) add(`${name}.errors`);
  add(`${name}.lat.${latencyBucket(ms)}`);
}

/** arm: the service's arm that answered; omitted for answers the gateway gave itself. */
export function recordTraffic(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, service: string, status: number, ms: number, arm?: string): void {
  countAnswer((c) => store.add(env, ctx, c), arm ? `${service}@${arm}` : service, status, ms);
}

export interface Figures {
  requests: number;
  /** 5xx answers. */
  errors: number;
  errorRate: number | null;
  /** Upper bounds of the histogram buckets holding the median and the 95th percentile; null when
   *  there were no requests, or the percentile is beyond the last bound. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Requests per latency bucket (LATENCY_BOUNDS_MS, then one past the last bound). */
  hist: number[];
}

export interface ServiceTraffic extends Figures {
  perMinute: number;
  /** The same figures per arm that answered (stable, canary); absent for the gateway's own answers. */
  arms?: Record<string, Figures & { perMinute: number }>;
}

/** Per-minute figures, oldest first, one entry per minute of the series (0 / null for quiet minutes). */
export interface Series {
  requests: number[];
  errors: number[];
  p50Ms: (number | null)[];
  p95Ms: (number | null)[];
}

export interface TrafficSeries {
  /** Start of each minute, ISO 8601 (the columns of every series below). */
  minutes: string[];
  services: Record<string, Series & { arms?: Record<string, Series> }>;
}

export interface TrafficWindow extends Omit<CounterWindow, "sums" | "buckets"> {
  services: Record<string, ServiceTraffic>;
  series: TrafficSeries;
}

/** Minutes of per-minute series a health read returns by default (the figures cover `minutes`). */
export const SERIES_MINUTES = 15;

function percentile(hist: number[], total: number, q: number): number | null {
  if (!total) return null;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= q * total) return LATENCY_BOUNDS_MS[i] ?? null;
  }
  return null;
}

/** The figures of every name in `names` added together (one name, or a service's arms). */
export function figuresOf(sums: ReadonlyMap<string, number>, names: string[]): Figures {
  const get = (k: string) => names.reduce((n, name) => n + (sums.get(`${name}.${k}`) ?? 0), 0);
  const requests = get("requests");
  const errors = get("errors");
  const hist = Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => get(`lat.${i}`));
  return {
    requests,
    errors,
    errorRate: requests ? Math.round((errors / requests) * 10_000) / 10_000 : null,
    p50Ms: percentile(hist, requests, 0.5),
    p95Ms: percentile(hist, requests, 0.95),
    hist,
  };
}

/** "pitch@canary.requests" → service pitch → counter names {"pitch@canary", …}. */
function namesByService(sums: ReadonlyMap<string, number>): Map<string, string[]> {
  const byService = new Map<string, Set<string>>();
  for (const k of sums.keys()) {
    const name = k.slice(0, k.indexOf("."));
    const service = name.split("@")[0]!;
    if (!byService.has(service)) byService.set(service, new Set());
    byService.get(service)!.add(name);
  }
  return new Map([...byService.keys()].sort().map((s) => [s, [...byService.get(s)!].sort()]));
}

function seriesOf(buckets: CounterWindow["buckets"], names: string[]): Series {
  const figures = buckets.map((b) => figuresOf(b.sums, names));
  return {
    requests: figures.map((f) => f.requests),
    errors: figures.map((f) => f.errors),
    p50Ms: figures.map((f) => f.p50Ms),
    p95Ms: figures.map((f) => f.p95Ms),
  };
}

/** The figures of the last `minutes`, and the per-minute series of the last `seriesMinutes` (one read). */
export async function readTraffic(env: DataEnv, minutes = 5, seriesMinutes = Math.max(minutes, SERIES_MINUTES)): Promise<TrafficWindow> {
  const span = Math.max(minutes, seriesMinutes);
  const { sums: _all, buckets, window: read, ...rest } = await store.read(env, span);
  // The figures' window is the newest `minutes` of what was read.
  const windowMinutes = Math.min(minutes, read.minutes);
  const from = Math.floor(Date.parse(read.to) / BUCKET_MS) - windowMinutes + 1;
  const sums = addAll(buckets.filter((b) => b.minute >= from));
  const window = { minutes: windowMinutes, from: new Date(from * BUCKET_MS).toISOString(), to: read.to };
  const perMinute = (n: number) => Math.round((n / windowMinutes) * 100) / 100;
  const services: Record<string, ServiceTraffic> = {};
  for (const [service, names] of namesByService(sums)) {
    const total = figuresOf(sums, names);
    const entry: ServiceTraffic = { ...total, perMinute: perMinute(total.requests) };
    const armed = names.filter((n) => n.includes("@"));
    if (armed.length) {
      entry.arms = Object.fromEntries(
        armed.map((n) => {
          const f = figuresOf(sums, [n]);
          return [n.split("@")[1]!, { ...f, perMinute: perMinute(f.requests) }];
        }),
      );
    }
    services[service] = entry;
  }
  const series: TrafficSeries = { minutes: buckets.map((b) => new Date(b.minute * BUCKET_MS).toISOString()), services: {} };
  for (const [service, names] of namesByService(addAll(buckets))) {
    const armed = names.filter((n) => n.includes("@"));
    series.services[service] = {
      ...seriesOf(buckets, names),
      ...(armed.length ? { arms: Object.fromEntries(armed.map((n) => [n.split("@")[1]!, seriesOf(buckets, [n])])) } : {}),
    };
  }
  return { ...rest, window, services, series };
}

export const flushTraffic = (env: DataEnv) => store.flush(env);
