// /api/health carries the traffic window: per-service request rate, error rate and latency
// percentiles from the gateway's counters, summed over every isolate's flushes.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { flushTraffic, recordTraffic, type DataEnv } from "@pitchey/data";

const e = env as unknown as DataEnv;
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
