// pitchey-investor: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other
// services; a cron (wrangler.jsonc) that sweeps expired Idempotency-Key records.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, SelfCheck } from "@pitchey/contracts";
import { serveRpc } from "@pitchey/http";
import { faultInjection, selfCheck } from "@pitchey/data";
import type { Env } from "./investor.context";
import { app } from "./investor.routes";
import { sweepInvestor } from "./investor.sweep";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("investor"));

export default class InvestorService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(trace?: CallTrace): Promise<SelfCheck> {
    return serveRpc("investor", "health", this.env, this.ctx, trace, (rc) => selfCheck("investor", rc.version, this.env));
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await serveRpc("investor", "scheduled-sweep", this.env, this.ctx, undefined, sweepInvestor);
  }
}
