// pitchey-pitch: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { SelfCheck } from "@pitchey/contracts";
import { selfCheck } from "@pitchey/data";
import type { Env } from "./pitch.context";
import { app } from "./pitch.routes";

export default class PitchService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(): Promise<SelfCheck> {
    return selfCheck("pitch", this.env.SERVICE_VERSION ?? "dev", this.env);
  }
}
