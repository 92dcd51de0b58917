// pitchey-investor: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other
// services; an hourly cron that purges expired Idempotency-Key records.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { SelfCheck } from "@pitchey/contracts";
import { rpcContext } from "@pitchey/http";
import { db, selfCheck, faultInjection } from "@pitchey/data";
import type { Env } from "./investor.context";
import { app } from "./investor.routes";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("investor"));
import { purgeExpired } from "./idempotency.repo";

export default class InvestorService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(): Promise<SelfCheck> {
    return selfCheck("investor", this.env.SERVICE_VERSION ?? "dev", this.env);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    const rc = await rpcContext("investor", "purge-idempotency-keys", this.env, this.ctx);
    const purged = await purgeExpired(db(rc));
    rc.log.info("purged expired idempotency keys", { purged });
  }
}
