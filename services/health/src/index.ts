// pitchey-health: wiring only.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { SelfCheck } from "@pitchey/contracts";
import { selfCheck, faultInjection } from "@pitchey/data";
import type { Env } from "./health.context";
import { app } from "./health.routes";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("health"));

export default class HealthService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  health(): Promise<SelfCheck> {
    return selfCheck("health", this.env.SERVICE_VERSION ?? "dev", this.env);
  }
}
