// pitchey-auth: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services;
// a cron (wrangler.jsonc) that sweeps expired refresh tokens and dead sessions.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { AuthRpc, SelfCheck, UserSummary } from "@pitchey/contracts";
import { selfCheck, faultInjection } from "@pitchey/data";
import { rpcContext } from "@pitchey/http";
import type { Env } from "./auth.context";
import { app } from "./auth.routes";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("auth"));
import * as rpc from "./auth.rpc";
import { sweepAuth } from "./auth.sweep";

export default class AuthService extends WorkerEntrypoint<Env> implements AuthRpc {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  async getUsers(ids: string[]): Promise<UserSummary[]> {
    return rpc.getUsers(await rpcContext("auth", "getUsers", this.env, this.ctx), ids);
  }

  async isSessionActive(sid: string): Promise<boolean | null> {
    return rpc.isSessionActive(await rpcContext("auth", "isSessionActive", this.env, this.ctx), sid);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(): Promise<SelfCheck> {
    return selfCheck("auth", this.env.SERVICE_VERSION ?? "dev", this.env);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await sweepAuth(await rpcContext("auth", "scheduled-sweep", this.env, this.ctx));
  }
}
