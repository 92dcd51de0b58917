// Calls to the pitch service (RPC over the PITCH binding) through the shared callWorker: the request's
// id and trace go along, each call has a deadline and a Server-Timing entry, and a failure is a 503
// (504 on timeout) for the investor route that needed it.
import type { PitchSummary, RpcViewer } from "@pitchey/contracts";
import { callWorker, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";

const RPC_TIMEOUT_MS = 3_000;
const pitch = (method: string) => ({ service: "pitch", label: `pitch.${method}`, deadlineMs: RPC_TIMEOUT_MS });

/** Summaries of the given pitches as this viewer sees them, in one batched call; unknown ids are absent. */
export async function pitchSummaries(rc: RequestContext<Env>, ids: string[], viewer: RpcViewer): Promise<Map<string, PitchSummary>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const list = await callWorker(rc, pitch("getSummaries"), (trace) => rc.env.PITCH.getSummaries(unique, viewer, trace));
  return new Map(list.map((s) => [s.id, s]));
}

export function approvedNdaCount(rc: RequestContext<Env>, userId: string): Promise<number> {
  return callWorker(rc, pitch("countApprovedNdas"), (trace) => rc.env.PITCH.countApprovedNdas(userId, trace));
}
