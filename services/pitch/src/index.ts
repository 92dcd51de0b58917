// pitchey-pitch: wiring only. HTTP through the gateway's binding.fetch; RPC for other services; a cron
// (wrangler.jsonc) that sweeps anonymous view records past their window.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { PitchSummary, RpcViewer, SelfCheck } from "@pitchey/contracts";
import { createApp, rpcContext } from "@pitchey/http";
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

  async getSummaries(ids: string[], viewer: RpcViewer | null): Promise<PitchSummary[]> {
    return rpc.getSummaries(db(await rpcContext("pitch", "getSummaries", this.env, this.ctx)), ids, viewer);
  }

  async countApprovedNdas(userId: string): Promise<number> {
    return rpc.countApprovedNdas(db(await rpcContext("pitch", "countApprovedNdas", this.env, this.ctx)), userId);
  }

  health(): Promise<SelfCheck> {
    return selfCheck("pitch", this.env.SERVICE_VERSION ?? "dev", this.env);
  }

  override async scheduled(_controller: ScheduledController): Promise<void> {
    await sweepPitch(await rpcContext("pitch", "scheduled-sweep", this.env, this.ctx));
  }
}
