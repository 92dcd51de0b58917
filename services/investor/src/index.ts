// pitchey-investor: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other
// services; a cron (wrangler.jsonc) that sweeps expired Idempotency-Key records. What serves them is
// loaded on first use (investor.worker.ts), so the Worker starts in a millisecond or two.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, SelfCheck } from "@pitchey/contracts";
import type { Env } from "./env";

let loaded: Promise<typeof import("./investor.worker")> | undefined;
const worker = () => (loaded ??= import("./investor.worker"));

export default class InvestorService extends WorkerEntrypoint<Env> {
  override async fetch(request: Request): Promise<Response> {
    return (await worker()).app.fetch(request, this.env, this.ctx);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  async health(trace?: CallTrace): Promise<SelfCheck> {
    return (await worker()).health(this.env, this.ctx, trace);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await (await worker()).sweep(this.env, this.ctx);
  }
}
