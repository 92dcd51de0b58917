// Canary controls for tests: weights and the fault switch in the test Redis, as an operator and the
// local fault switch set them (docs/releases.md).
import { env } from "cloudflare:test";
import { CANARY_CONFIG_KEY, CANARY_EVENTS_KEY, redis, setFault, writeWeight, type CanaryService, type DataEnv, type Fault } from "@pitchey/data";
import { BASE } from "./helpers";
import { checkAnswer, servedDocument } from "./contract";

/**
 * A GET through the gateway's built bundle, bound as GATEWAY_BUNDLE (vitest.config.ts): each call
 * is a request of its own, with its own clock, as in production. Tests that send thousands of
 * requests use it instead of SELF.fetch, whose dispatch slows down with every request a test file
 * has made (200 requests took 0.6 s at first and 27 s after 1,000, while the gateway's handler
 * stayed under 0.1 ms per request).
 */
export async function gw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers }> {
  const bundle = (env as unknown as { GATEWAY_BUNDLE: Fetcher }).GATEWAY_BUNDLE;
  const res = await bundle.fetch(new Request(`${BASE}${path}`, { headers }));
  await checkAnswer("GET", `${BASE}${path}`, res.status, res.headers, await res.text());
  return { status: res.status, headers: res.headers };
}

/** The gateway re-reads weights at most this often (services/gateway/src/canary.ts REFRESH_MS). */
export const REFRESH_MS = 2_000;

export const testRedis = () => redis(env as unknown as DataEnv)!;

export async function setWeight(service: CanaryService, weight: number) {
  return writeWeight(testRedis(), service, weight, "test");
}

export async function fault(service: string, arm: "stable" | "canary", f: Fault | null) {
  await setFault(testRedis(), service, arm, f);
}

/** Every canary back to 0, no faults, no events; then long enough for the gateway to have re-read. */
export async function resetCanaries() {
  // The contract check's document is fetched now, from the stable arm: building it takes an isolate
  // a while, which must not count as a canary arm's latency once a test splits traffic.
  await servedDocument();
  const r = testRedis();
  await r.del(CANARY_CONFIG_KEY, CANARY_EVENTS_KEY);
  for (const s of ["auth", "pitch", "investor", "health"]) for (const a of ["stable", "canary"] as const) await setFault(r, s, a, null);
  await settle();
}

export const settle = () => new Promise((r) => setTimeout(r, REFRESH_MS + 300));

/** An anonymous SDK client's id: `Pitchey-Client`, 8–64 of [A-Za-z0-9_-]. */
export const clientId = (i: number, run = "t") => `client-${run}-${i.toString(36).padStart(6, "0")}`;

/** The arm each of `ids` lands on for `path`, `batch` requests at a time. */
export async function armsOf(path: string, ids: string[], batch = 40, extra: Record<string, string> = {}): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    const res = await Promise.all(chunk.map((id) => gw(path, { "pitchey-client": id, ...extra })));
    res.forEach((r, j) => out.set(chunk[j]!, r.headers.get("x-pitchey-service") ?? `status ${r.status}`));
  }
  return out;
}

export const share = (arms: Map<string, string>, label: string) => [...arms.values()].filter((v) => v === label).length / arms.size;
