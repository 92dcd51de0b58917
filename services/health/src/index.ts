// pitchey-health: wiring only.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, SelfCheck } from "@pitchey/contracts";
import { serveRpc } from "@pitchey/http";
import { selfCheck, faultInjection } from "@pitchey/data";
import type { Env } from "./health.context";
import { app } from "./health.routes";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("health"));

export default class HealthService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  health(trace?: CallTrace): Promise<SelfCheck> {
    return serveRpc("health", "health", this.env, this.ctx, trace, (rc) => selfCheck("health", rc.version, this.env));
  }
}
