// Calls to the pitch service (RPC over the PITCH binding): deadline, Server-Timing, and a failure
// turned into 503 for the investor route that needed it.
import type { PitchSummary, RpcViewer } from "@pitchey/contracts";
import { HttpError, withDeadline, type RequestContext } from "@pitchey/http";
import type { Env } from "./investor.context";

const RPC_TIMEOUT_MS = 3_000;

async function rpc<T>(rc: RequestContext<Env>, method: string, work: () => Promise<T>): Promise<T> {
  try {
    return await rc.timing.time("pitch-rpc", () => withDeadline(Promise.resolve(work()), RPC_TIMEOUT_MS, `pitch.${method}`), method);
  } catch (err) {
    rc.log.warn("pitch rpc failed", { method, err });
    throw new HttpError(503, "SERVICE_UNAVAILABLE", "The pitch service is unavailable; try again shortly.", { headers: { "retry-after": "5" } });
  }
}

/** Summaries of the given pitches as this viewer sees them, in one batched call; unknown ids are absent. */
export async function pitchSummaries(rc: RequestContext<Env>, ids: string[], viewer: RpcViewer): Promise<Map<string, PitchSummary>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const list = await rpc(rc, "getSummaries", () => rc.env.PITCH.getSummaries(unique, viewer));
  return new Map(list.map((s) => [s.id, s]));
}

export function approvedNdaCount(rc: RequestContext<Env>, userId: string): Promise<number> {
  return rpc(rc, "countApprovedNdas", () => rc.env.PITCH.countApprovedNdas(userId));
}
