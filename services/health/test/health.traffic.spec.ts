// /api/health carries the traffic window: per-service request rate, error rate and latency
// percentiles from the gateway's counters, summed over every isolate's flushes.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { flushTraffic, recordTraffic, type DataEnv } from "@pitchey/data";

const e = env as unknown as DataEnv & { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string };
const ctx = { waitUntil: (p: Promise<unknown>) => void p.catch(() => {}) };

async function traffic() {
  const res = await SELF.fetch("http://health.local/api/health");
  expect(res.status).toBe(200);
  return ((await res.json()) as { traffic: any }).traffic;
}

describe("health: traffic window", () => {
  it("reports per-service requests, 5xx error rate and p50/p95 from the latency histogram", async () => {
    const before = await traffic();
    expect(before.source).toBe("redis");
    // 20 requests to a made-up service name: 18 fast, one slow, one failing slowly.
    for (let i = 0; i < 18; i++) recordTraffic(e, ctx, "probe", 200, 3);
    recordTraffic(e, ctx, "probe", 200, 150);
    recordTraffic(e, ctx, "probe", 503, 900);
    await flushTraffic(e);
    const t = (await traffic()).services.probe;
    expect(t.requests).toBe(20);
    expect(t.errors).toBe(1);
    expect(t.errorRate).toBe(0.05);
    expect(t.perMinute).toBe(4);
    expect(t.p50Ms).toBe(5); // 3 ms lands in the (2, 5] bucket
    expect(t.p95Ms).toBe(200); // the 19th of 20 is the 150 ms request
  });

  it("reports per-minute series per service and arm over the last 15 minutes, for charts", async () => {
    const now = Math.floor(Date.now() / 60_000);
    // What the gateway's isolates flush (packages/data metrics/traffic.ts), sent as Upstash does.
    const flushed = async (minute: number, counts: Record<string, number>) => {
      const commands = Object.entries(counts).map(([k, n]) => ["HINCRBY", `metrics:traffic:${minute}`, k, n]);
      const res = await fetch(`${e.UPSTASH_REDIS_REST_URL}/pipeline`, {
        method: "POST",
        headers: { authorization: `Bearer ${e.UPSTASH_REDIS_REST_TOKEN}` },
        body: JSON.stringify(commands),
      });
      expect(res.status).toBe(200);
      await res.text();
    };
    // "series" service: 10 stable requests ≤ 5 ms now; 4 canary requests ≤ 200 ms (one 5xx) a minute ago;
    // 2 stable requests 10 minutes ago: inside the series, outside the 5-minute figures.
    await flushed(now, { "series@stable.requests": 10, "series@stable.lat.2": 10 });
    await flushed(now - 1, { "series@canary.requests": 4, "series@canary.errors": 1, "series@canary.lat.7": 4 });
    await flushed(now - 10, { "series@stable.requests": 2, "series@stable.lat.0": 2 });
    const t = await traffic();
    expect(t.services.series).toMatchObject({ requests: 14, errors: 1 });
    const s = t.series;
    expect(s.minutes).toHaveLength(15);
    const col = (m: number) => s.minutes.indexOf(new Date(m * 60_000).toISOString());
    expect(col(now)).toBeGreaterThanOrEqual(13); // the newest column (or the one before, if a minute just began)
    const svc = s.services.series;
    expect(svc.requests[col(now)]).toBe(10);
    expect(svc.requests[col(now - 1)]).toBe(4);
    expect(svc.requests[col(now - 10)]).toBe(2);
    expect(svc.requests.reduce((a: number, b: number) => a + b, 0)).toBe(16);
    expect(svc.errors[col(now - 1)]).toBe(1);
    expect([svc.p50Ms[col(now)], svc.p95Ms[col(now - 1)], svc.p50Ms[col(now - 2)]]).toEqual([5, 200, null]);
    expect(svc.arms.canary.requests[col(now - 1)]).toBe(4);
    expect(svc.arms.stable.requests[col(now - 1)]).toBe(0);
  });

  it("reports each bound canary arm: its readiness and version, and a weight of 0 until one is set", async () => {
    const res = await SELF.fetch("http://health.local/api/health");
    const body = (await res.json()) as { services: Record<string, { arm?: string; version: string | null; status: string }>; canary: any };
    expect(body.canary.enabled).toBe(true);
    for (const s of ["auth", "pitch", "investor", "health"]) {
      expect(body.canary.services[s], s).toMatchObject({ bound: true, weight: 0, setBy: "config", arms: null });
      expect(body.services[`${s}@canary`], s).toMatchObject({ arm: "canary", status: "ok", version: "test-canary" });
    }
    expect(body.services.pitch).toMatchObject({ arm: "stable", version: "test" });
    expect(body.canary.rules).toMatchObject({ margin: 0.05, minSample: 20 });
    expect(body.canary.events).toEqual([]);
  });
});
