// pitchey-auth: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services;
// a cron (wrangler.jsonc) that sweeps expired refresh tokens and dead sessions. What serves them is
// loaded on first use (auth.worker.ts), so the Worker starts in a millisecond or two.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { AuthRpc, CallTrace, SelfCheck, UserSummary } from "@pitchey/contracts";
import type { Env } from "./env";

let loaded: Promise<typeof import("./auth.worker")> | undefined;
const worker = () => (loaded ??= import("./auth.worker"));

export default class AuthService extends WorkerEntrypoint<Env> implements AuthRpc {
  override async fetch(request: Request): Promise<Response> {
    return (await worker()).app.fetch(request, this.env, this.ctx);
  }

  // Each method takes the caller's CallTrace last (optional: older callers send none).
  async getUsers(ids: string[], trace?: CallTrace): Promise<UserSummary[]> {
    return (await worker()).getUsers(this.env, this.ctx, ids, trace);
  }

  async isSessionActive(sid: string, trace?: CallTrace): Promise<boolean | null> {
    return (await worker()).isSessionActive(this.env, this.ctx, sid, trace);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  async health(trace?: CallTrace): Promise<SelfCheck> {
    return (await worker()).health(this.env, this.ctx, trace);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await (await worker()).sweep(this.env, this.ctx);
  }
}
