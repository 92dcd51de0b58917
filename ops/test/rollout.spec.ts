// The rollout controller against a whole mesh under Miniflare, driven as an operator drives a
// deployment: `npm run rollout` over the gateway's URL and that environment's Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMesh, type Mesh } from "@pitchey/local-backends/mesh-runner";
import { readSettings, redis, setFault, type DataEnv } from "@pitchey/data";
import type { Redis } from "@pitchey/data";
import { runCli } from "./cli";

let mesh: Mesh;
let r: Redis;
let flags: string[];

beforeAll(async () => {
  mesh = await startMesh({
    database: `pitchey_test_ops${process.env.PITCHEY_TEST_NAMESPACE ? `_${process.env.PITCHEY_TEST_NAMESPACE}` : ""}`.replace(/[^a-z0-9_]/g, "_"),
    redisDb: 9,
  });
  r = redis({ UPSTASH_REDIS_REST_URL: mesh.redis!.url, UPSTASH_REDIS_REST_TOKEN: mesh.redis!.token } as DataEnv)!;
  flags = ["--base", mesh.url, "--redis-url", mesh.redis!.url, "--redis-token", mesh.redis!.token];
});
afterAll(() => mesh?.stop());

/** 1,000 anonymous GET /api/pitches with distinct Pitchey-Client ids: the arm each got. */
async function split(run: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = Array.from({ length: 1_000 }, (_, i) => `${run}-${String(i).padStart(5, "0")}`);
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (id) => {
        const res = await fetch(`${mesh.url}/api/pitches?limit=1`, { headers: { "pitchey-client": id } });
        await res.arrayBuffer();
        out.set(id, res.headers.get("x-pitchey-service") ?? String(res.status));
      }),
    );
  }
  return out;
}
const share = (m: Map<string, string>, label: string) => [...m.values()].filter((v) => v === label).length / m.size;

describe("npm run rollout", () => {
  it("sets a weight at once: at 50 % about half of 1,000 clients reach the canary, each always the same arm; at 0 % none", async () => {
    const set = await runCli("rollout", ["pitch", "50", ...flags]);
    expect(set.code, set.out).toBe(0);
    expect(set.out).toMatch(/pitch: canary weight 50 %/);
    await new Promise((res) => setTimeout(res, 2_500)); // the gateway re-reads weights every 2 s
    const a = await split("cli");
    const b = await split("cli");
    expect(Math.abs(share(a, "pitch@canary") - 0.5)).toBeLessThanOrEqual(0.05);
    expect([...a].filter(([id, arm]) => b.get(id) !== arm)).toEqual([]);
    expect((await runCli("rollout", ["pitch", "0", ...flags])).code).toBe(0);
    await new Promise((res) => setTimeout(res, 2_500));
    expect(share(await split("cli"), "pitch@stable")).toBe(1);
  });

  it("walks 10 → 50 → 100 with a healthy canary, checking the gates at each step (exit 0)", async () => {
    const run = await runCli("rollout", ["pitch", "--steps", "10,50,100", "--hold", "6", "--traffic", "100", ...flags]);
    console.log(run.out);
    expect(run.code, run.out).toBe(0);
    for (const w of [10, 50, 100]) expect(run.out).toMatch(new RegExp(`${w} %: stable \\d+ req.*\\| canary \\d+ req.*verify ✓`));
    expect(run.out).toMatch(/rollout done: 10 → 50 → 100 %/);
    expect((await readSettings(r)).pitch).toMatchObject({ weight: 100, by: "rollout" });
    await runCli("rollout", ["pitch", "0", ...flags]);
  }, 180_000);

  it("stops at the first step with a failing canary, reverts to 0 and exits non-zero", async () => {
    await setFault(r, "pitch", "canary", { error: 0.5 });
    try {
      const run = await runCli("rollout", ["pitch", "--steps", "10,50,100", "--hold", "6", "--traffic", "100", ...flags]);
      console.log(run.out);
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/rollout FAILED at 10 %/);
      expect(run.out).not.toMatch(/step 2\/3/);
      expect((await readSettings(r)).pitch?.weight).toBe(0);
      // Whichever caught it first: the gateway's own rollback during the hold, or the controller's gate.
      expect(run.out).toMatch(/✗ (the gateway rolled the canary back|canary 5xx \d+\.\d % > stable)/);
    } finally {
      await setFault(r, "pitch", "canary", null);
    }
  }, 180_000);

  it("refuses bad arguments with exit code 2", async () => {
    expect((await runCli("rollout", ["nosuch", "10", ...flags])).code).toBe(2);
    expect((await runCli("rollout", ["pitch", "101", ...flags])).code).toBe(2);
    expect((await runCli("rollout", ["pitch", "--steps", "50,10", ...flags])).code).toBe(2);
  });
});
