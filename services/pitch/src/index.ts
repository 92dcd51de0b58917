// pitchey-pitch: wiring only. HTTP through the gateway's binding.fetch; RPC for other services; a cron
// (wrangler.jsonc) that sweeps anonymous view records past their window.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, PitchSummary, RpcViewer, SelfCheck } from "@pitchey/contracts";
import { createApp, serveRpc } from "@pitchey/http";
import { db, faultInjection, selfCheck } from "@pitchey/data";
import type { Env } from "./pitch.context";
import { pitchRoutes } from "./pitch.routes";
import { ndaRoutes } from "./nda.routes";
import * as rpc from "./pitch.rpc";
import { sweepPitch } from "./pitch.sweep";

const app = createApp<Env>("pitch").use(faultInjection("pitch"));
pitchRoutes(app);
ndaRoutes(app);

export default class PitchService extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  // Each method takes the caller's CallTrace last (optional: older callers send none).
  getSummaries(ids: string[], viewer: RpcViewer | null, trace?: CallTrace): Promise<PitchSummary[]> {
    return serveRpc("pitch", "getSummaries", this.env, this.ctx, trace, (rc) => rpc.getSummaries(db(rc), ids, viewer));
  }

  countApprovedNdas(userId: string, trace?: CallTrace): Promise<number> {
    return serveRpc("pitch", "countApprovedNdas", this.env, this.ctx, trace, (rc) => rpc.countApprovedNdas(db(rc), userId));
  }

  health(trace?: CallTrace): Promise<SelfCheck> {
    return serveRpc("pitch", "health", this.env, this.ctx, trace, (rc) => selfCheck("pitch", rc.version, this.env));
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await serveRpc("pitch", "scheduled-sweep", this.env, this.ctx, undefined, sweepPitch);
  }
}
