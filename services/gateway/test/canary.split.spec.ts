// Canary split through the gateway: weights from Redis, sticky cohorts, monotone growth, the
// forced-arm header for testers only, and the arm named on every answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, login, signUp } from "./helpers";
import { sql } from "./sql";
import { armsOf, clientId, resetCanaries, setWeight, settle, share } from "./canary.helpers";

const PATH = "/api/health/live";

describe("canary split", () => {
  beforeAll(resetCanaries);
  afterAll(resetCanaries);

  it("sends about 10 % and then 50 % of 10,000 anonymous clients to the canary, each always to the same arm, only ever moving stable → canary", async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => clientId(i, "split"));
    await setWeight("health", 10);
    await settle();
    const at10 = await armsOf(PATH, ids);
    expect(Math.abs(share(at10, "health@canary") - 0.1)).toBeLessThanOrEqual(0.02);
    expect(share(at10, "health@canary") + share(at10, "health@stable")).toBe(1);

    // Sticky: the same callers again (a sample of 1,000), the same arms.
    const again = await armsOf(PATH, ids.slice(0, 1_000));
    for (const [id, arm] of again) expect(arm, id).toBe(at10.get(id));

    await setWeight("health", 50);
    await settle();
    const at50 = await armsOf(PATH, ids);
    expect(Math.abs(share(at50, "health@canary") - 0.5)).toBeLessThanOrEqual(0.02);
    // Monotone: every caller on the canary at 10 % is still there at 50 %.
    const moved = [...at10].filter(([id, arm]) => arm === "health@canary" && at50.get(id) !== "health@canary");
    expect(moved).toEqual([]);
  }, 240_000);

  it("names the answering arm and its version on every answer", async () => {
    await setWeight("health", 100);
    await settle();
    const canary = await call("GET", PATH, { headers: { "pitchey-client": clientId(1, "label") } });
    expect(canary.headers.get("x-pitchey-service")).toBe("health@canary");
    expect(canary.headers.get("x-pitchey-version")).toBe("test-canary");
    await setWeight("health", 0);
    await settle();
    const stable = await call("GET", PATH, { headers: { "pitchey-client": clientId(1, "label") } });
    expect(stable.headers.get("x-pitchey-service")).toBe("health@stable");
    expect(stable.headers.get("x-pitchey-version")).toBe("test");
  });

  it("keys a signed-in caller by user, an anonymous one by Pitchey-Client, else by address; ignores a malformed client id", async () => {
    await setWeight("health", 50);
    await settle();
    // Two addresses without a client id: each address its own cohort (find one of each arm).
    const byAddress = new Map<string, string>();
    for (let i = 1; i < 60 && new Set(byAddress.values()).size < 2; i++) {
      const ip = `198.51.100.${i}`;
      byAddress.set(ip, (await call("GET", PATH, { headers: { "cf-connecting-ip": ip } })).headers.get("x-pitchey-service")!);
    }
    expect(new Set(byAddress.values())).toEqual(new Set(["health@stable", "health@canary"]));
    for (const [ip, arm] of byAddress) {
      // A malformed Pitchey-Client is no cohort of its own: the address decides.
      expect((await call("GET", PATH, { headers: { "cf-connecting-ip": ip, "pitchey-client": "bad id!" } })).headers.get("x-pitchey-service")).toBe(arm);
    }
    // A signed-in user keeps one arm from any address or client id.
    const u = await signUp("investor");
    const arms = new Set<string>();
    for (let i = 0; i < 12; i++) {
      arms.add(
        (
          await call("GET", PATH, { token: u.accessToken, headers: { "cf-connecting-ip": `203.0.113.${i + 1}`, "pitchey-client": clientId(i, "user") } })
        ).headers.get("x-pitchey-service")!,
      );
    }
    expect(arms.size).toBe(1);
  });

  it("honours X-Pitchey-Arm for a tester or operator only", async () => {
    await setWeight("health", 0);
    await settle();
    const tester = await signUp("investor");
    await sql()`update auth.users set flags = '{tester}' where id = ${tester.user.id}`;
    const flagged = await login(tester.email, tester.password); // the flag travels in new tokens
    const plain = await signUp("investor");
    const forced = await call("GET", PATH, { token: flagged.accessToken, headers: { "x-pitchey-arm": "canary" } });
    expect(forced.headers.get("x-pitchey-service")).toBe("health@canary");
    // Anyone else's header is ignored, signed in or not.
    expect((await call("GET", PATH, { token: plain.accessToken, headers: { "x-pitchey-arm": "canary" } })).headers.get("x-pitchey-service")).toBe(
      "health@stable",
    );
    expect((await call("GET", PATH, { headers: { "x-pitchey-arm": "canary" } })).headers.get("x-pitchey-service")).toBe("health@stable");
    // A tester can force the stable arm too, whatever the weight.
    await setWeight("health", 100);
    await settle();
    expect((await call("GET", PATH, { token: flagged.accessToken, headers: { "x-pitchey-arm": "stable" } })).headers.get("x-pitchey-service")).toBe(
      "health@stable",
    );
    expect((await call("GET", PATH, { token: plain.accessToken, headers: { "x-pitchey-arm": "stable" } })).headers.get("x-pitchey-service")).toBe(
      "health@canary",
    );
  });

  it("a weight change reaches the gateway within its refresh bound, without a redeploy", async () => {
    await setWeight("health", 0);
    await settle();
    const ids = Array.from({ length: 50 }, (_, i) => clientId(i, "bound"));
    expect(share(await armsOf(PATH, ids), "health@canary")).toBe(0);
    const t0 = Date.now();
    await setWeight("health", 100);
    let elapsed = 0;
    for (;;) {
      elapsed = Date.now() - t0;
      if (share(await armsOf(PATH, ids), "health@canary") === 1) break;
      expect(elapsed, "weight 100 not applied within the refresh bound (+1 s slack)").toBeLessThan(3_000);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
