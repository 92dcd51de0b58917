// pitchey-auth: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services;
// a cron (wrangler.jsonc) that sweeps expired refresh tokens and dead sessions.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { AuthRpc, CallTrace, SelfCheck, UserSummary } from "@pitchey/contracts";
import { selfCheck, faultInjection } from "@pitchey/data";
import { serveRpc } from "@pitchey/http";
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

  // Each method takes the caller's CallTrace last (optional: older callers send none).
  getUsers(ids: string[], trace?: CallTrace): Promise<UserSummary[]> {
    return serveRpc("auth", "getUsers", this.env, this.ctx, trace, (rc) => rpc.getUsers(rc, ids));
  }

  isSessionActive(sid: string, trace?: CallTrace): Promise<boolean | null> {
    return serveRpc("auth", "isSessionActive", this.env, this.ctx, trace, (rc) => rpc.isSessionActive(rc, sid));
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(trace?: CallTrace): Promise<SelfCheck> {
    return serveRpc("auth", "health", this.env, this.ctx, trace, (rc) => selfCheck("auth", rc.version, this.env));
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await serveRpc("auth", "scheduled-sweep", this.env, this.ctx, undefined, sweepAuth);
  }
}
