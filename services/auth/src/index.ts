// pitchey-auth: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { SelfCheck } from "@pitchey/contracts";
import { selfCheck } from "@pitchey/data";
import type { Env } from "./auth.context";
import { app } from "./auth.routes";

export default class AuthService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(): Promise<SelfCheck> {
    return selfCheck("auth", this.env.SERVICE_VERSION ?? "dev", this.env);
  }
}
