// Automatic rollback through the gateway: a canary answering 500s is set to weight 0 by the gateway
// itself, with an event health shows; equal error rates on both arms never trigger it.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { readEvents, readSettings } from "@pitchey/data";
import { call } from "./helpers";
import { armsOf, clientId, fault, gw, resetCanaries, setWeight, settle, share, testRedis } from "./canary.helpers";

const PATH = "/api/pitches?limit=1";

/** Sends anonymous reads from distinct clients, 20 at a time, until `done()`, `max` requests or
 *  `maxMs`; returns how many. */
async function drive(max: number, done: () => Promise<boolean>, run: string, maxMs = 20_000): Promise<number> {
  let sent = 0;
  const t0 = Date.now();
  while (sent < max && Date.now() - t0 < maxMs) {
    // no-cache: past the gateway's response cache, so every request exercises the arm it lands on.
    await Promise.all(Array.from({ length: 20 }, (_, i) => gw(PATH, { "pitchey-client": clientId(sent + i, run), "cache-control": "no-cache" })));
    sent += 20;
    if (await done()) break;
  }
  return sent;
}

describe("canary rollback", () => {
  beforeEach(resetCanaries);
  afterAll(resetCanaries);

  it("sets a failing canary's weight to 0 by itself, records why, and sends it nothing after", async () => {
    await fault("pitch", "canary", { error: 1 });
    await setWeight("pitch", 50);
    await settle();
    const t0 = Date.now();
    const rolledBack = async () => (await readSettings(testRedis())).pitch?.weight === 0;
    const sent = await drive(50_000, rolledBack, "rb");
    expect(await rolledBack(), `no rollback after ${sent} requests`).toBe(true);
    console.log(`[canary] rollback after ${sent} requests, ${Date.now() - t0} ms from the first injected failure`);

    const [event] = await readEvents(testRedis(), 5);
    expect(event).toMatchObject({ service: "pitch", weightBefore: 50 });
    expect(event!.reason).toMatch(/5xx rate/);
    expect(event!.canary.requests).toBeGreaterThanOrEqual(20);
    expect(event!.canary.errors).toBe(event!.canary.requests);
    expect(event!.stable.errors).toBe(0);
    expect((await readSettings(testRedis())).pitch).toMatchObject({ weight: 0, by: "rollback" });

    // Health shows it.
    const health = await call("GET", "/api/health");
    expect(health.json.canary.services.pitch).toMatchObject({ bound: true, weight: 0, setBy: "rollback" });
    expect(health.json.canary.events[0]).toMatchObject({ service: "pitch", reason: event!.reason });

    // After the rollback no request reaches the canary.
    const arms = await armsOf(
      PATH,
      Array.from({ length: 200 }, (_, i) => clientId(i, "after")),
    );
    expect(share(arms, "pitch@stable")).toBe(1);
  }, 120_000);

  it("does not roll back when both arms fail equally", async () => {
    await fault("pitch", "stable", { error: 0.2 });
    await fault("pitch", "canary", { error: 0.2 });
    await setWeight("pitch", 50);
    await settle();
    // Longer than several refreshes (each judges the step so far), and a few thousand requests.
    const sent = await drive(4_000, async () => false, "noise", 8_000);
    await settle(); // one more refresh judges the last requests too
    await drive(20, async () => false, "noise2");
    expect(sent).toBeGreaterThanOrEqual(400);
    expect((await readSettings(testRedis())).pitch).toMatchObject({ weight: 50 });
    expect(await readEvents(testRedis(), 5)).toEqual([]);
  }, 120_000);

  it("rolls back a canary whose latency is far above the stable arm's", async () => {
    await fault("pitch", "canary", { delayMs: 600 });
    await setWeight("pitch", 50);
    await settle();
    const rolledBack = async () => (await readSettings(testRedis())).pitch?.weight === 0;
    await drive(5_000, rolledBack, "slow");
    expect(await rolledBack()).toBe(true);
    const [event] = await readEvents(testRedis(), 1);
    expect(event!.reason).toMatch(/p95/);
  }, 180_000);
});
