// Synthetic traffic for a rollout step, when the environment has too little of its own to judge a
// canary (local stacks, quiet staging): anonymous reads of the service's probe path from distinct
// Pitchey-Client ids, so the split spreads them over both arms. Bounded by rate and signal.
import type { CanaryService } from "@pitchey/data";

/** A read each service answers without side effects (4xx counts as a fine answer: only 5xx is an error). */
export const PROBE_PATH: Record<CanaryService, string> = {
  pitch: "/api/pitches?limit=5",
  health: "/api/health/live",
  auth: "/api/auth/me",
  investor: "/api/investor/portfolio",
};

export async function generateTraffic(base: string, service: CanaryService, perSecond: number, signal: AbortSignal): Promise<{ sent: number; failed: number }> {
  const path = PROBE_PATH[service];
  let sent = 0;
  let failed = 0;
  const run = `rollout-${Math.random().toString(36).slice(2, 8)}`;
  const inFlight = new Set<Promise<void>>();
  const t0 = Date.now();
  while (!signal.aborted) {
    // Keep to the rate: send what is due, at most 50 at once.
    const due = Math.floor(((Date.now() - t0) / 1000) * perSecond) - sent;
    for (let i = 0; i < due && inFlight.size < 50; i++) {
      const id = `${run}-${(sent++).toString(36).padStart(6, "0")}`;
      // no-cache: past the gateway's response cache, so each request exercises the arm it lands on.
      const p = fetch(`${base}${path}`, { headers: { "pitchey-client": id, "cache-control": "no-cache" }, signal: AbortSignal.timeout(10_000) })
        .then((r) => r.arrayBuffer().then(() => undefined))
        .catch(() => void failed++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(inFlight);
  return { sent, failed };
}
