import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CANARY_CONFIG_KEY, redis, writeWeight, type DataEnv } from "@pitchey/data";
import { createContext } from "@pitchey/http";
import { canarySetting, resetCanaryState } from "./canary";
import type { Env } from "./env";
import type { Gw } from "./gateway.context";

const data = env as unknown as DataEnv;
const ctx = { waitUntil: () => {}, passThroughOnException: () => {} } as unknown as ExecutionContext;
const rcWith = (e: Partial<Env>) => createContext("gateway", new Request("http://x/"), { ...e, LOG_LEVEL: "error" } as Env, ctx) as Gw;

afterEach(async () => {
  resetCanaryState();
  await redis(data)!.del(CANARY_CONFIG_KEY);
});

describe("canarySetting", () => {
  it("without Redis, the configured default weights hold", async () => {
    const rc = rcWith({ CANARY_WEIGHTS: "pitch=30,auth=0" });
    expect(await canarySetting(rc, "pitch")).toMatchObject({ weight: 30, by: "config" });
    expect(await canarySetting(rc, "investor")).toMatchObject({ weight: 0 });
  });

  it("with Redis, a weight stored there wins over the default; a service Redis says nothing of keeps its default", async () => {
    await writeWeight(redis(data)!, "pitch", 70, "test");
    const rc = rcWith({ ...data, CANARY_WEIGHTS: "pitch=30,auth=5" });
    expect(await canarySetting(rc, "pitch")).toMatchObject({ weight: 70, by: "test" });
    expect(await canarySetting(rc, "auth")).toMatchObject({ weight: 5 });
  });

  it("keeps the last weights it read while Redis fails", async () => {
    await writeWeight(redis(data)!, "pitch", 40, "test");
    expect((await canarySetting(rcWith({ ...data }), "pitch")).weight).toBe(40);
    const broken = rcWith({ ...data, UPSTASH_REDIS_REST_TOKEN: "wrong" });
    await new Promise((r) => setTimeout(r, 2_100)); // past the refresh interval
    expect((await canarySetting(broken, "pitch")).weight).toBe(40);
  });
});
