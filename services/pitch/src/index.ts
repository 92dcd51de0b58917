// pitchey-pitch: wiring only. HTTP through the gateway's binding.fetch; RPC for other services; a cron
// (wrangler.jsonc) that sweeps anonymous view records past their window. What serves them is loaded
// on first use (pitch.worker.ts), so the Worker starts in a millisecond or two.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, PitchSummary, RpcViewer, SelfCheck } from "@pitchey/contracts";
import type { Env } from "./env";

let loaded: Promise<typeof import("./pitch.worker")> | undefined;
const worker = () => (loaded ??= import("./pitch.worker"));

export default class PitchService extends WorkerEntrypoint<Env> {
  override async fetch(request: Request): Promise<Response> {
    return (await worker()).app.fetch(request, this.env, this.ctx);
  }

  // Each method takes the caller's CallTrace last (optional: older callers send none).
  async getSummaries(ids: string[], viewer: RpcViewer | null, trace?: CallTrace): Promise<PitchSummary[]> {
    return (await worker()).getSummaries(this.env, this.ctx, ids, viewer, trace);
  }

  async countApprovedNdas(userId: string, trace?: CallTrace): Promise<number> {
    return (await worker()).countApprovedNdas(this.env, this.ctx, userId, trace);
  }

  async health(trace?: CallTrace): Promise<SelfCheck> {
    return (await worker()).health(this.env, this.ctx, trace);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await (await worker()).sweep(this.env, this.ctx);
  }
}
