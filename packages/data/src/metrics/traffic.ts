// Request rate, error rate and latency per service, as the gateway sees them (DESIGN §5), kept as
// cross-isolate counters (metrics:traffic:<minute>) with a latency histogram per service.
import type { DataEnv } from "../env";
import { counterStore, type CounterWindow } from "./counters";

const store = counterStore("traffic");
/** Histogram bucket upper bounds, ms. A percentile is reported as the bound of its bucket. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000] as const;

export function recordTraffic(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, service: string, status: number, ms: number): void {
  store.add(env, ctx, `${service}.requests`);
  if (status >= 500) store.add(env, ctx, `${service}.errors`);
  const bucket = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
  store.add(env, ctx, `${service}.lat.${bucket === -1 ? LATENCY_BOUNDS_MS.length : bucket}`);
}

export interface ServiceTraffic {
  requests: number;
  perMinute: number;
  /** 5xx answers / requests. */
  errors: number;
  errorRate: number | null;
  /** Upper bounds of the histogram buckets holding the median and the 95th percentile; null when
   *  there were no requests, or the percentile is beyond the last bound. */
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TrafficWindow extends Omit<CounterWindow, "sums"> {
  services: Record<string, ServiceTraffic>;
}

function percentile(hist: number[], total: number, q: number): number | null {
  if (!total) return null;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= q * total) return LATENCY_BOUNDS_MS[i] ?? null;
  }
  return null;
}

export async function readTraffic(env: DataEnv, minutes = 5): Promise<TrafficWindow> {
  const { sums, ...rest } = await store.read(env, minutes);
  const services: Record<string, ServiceTraffic> = {};
  const names = new Set([...sums.keys()].map((k) => k.split(".")[0]!));
  for (const name of [...names].sort()) {
    const requests = sums.get(`${name}.requests`) ?? 0;
    const errors = sums.get(`${name}.errors`) ?? 0;
    const hist = Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => sums.get(`${name}.lat.${i}`) ?? 0);
    services[name] = {
      requests,
      perMinute: Math.round((requests / rest.window.minutes) * 100) / 100,
      errors,
      errorRate: requests ? Math.round((errors / requests) * 10_000) / 10_000 : null,
      p50Ms: percentile(hist, requests, 0.5),
      p95Ms: percentile(hist, requests, 0.95),
    };
  }
  return { ...rest, services };
}

export const flushTraffic = (env: DataEnv) => store.flush(env);
