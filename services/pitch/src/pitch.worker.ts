// Everything the pitch Worker serves, behind its entrypoint (index.ts), which imports this module on
// the first request, call or cron run: startup evaluates none of it — the zod schemas, the Neon
// driver, the app (docs/performance.md, "Startup").
import type { CallTrace, RpcViewer } from "@pitchey/contracts";
import { serveRpc, useSentry, viaHealth } from "@pitchey/http";
import { db, selfCheck } from "@pitchey/data";
import type { Env } from "./env";
import * as rpc from "./pitch.rpc";
import { sweepPitch } from "./pitch.sweep";

export { app } from "./pitch.app";

// Sentry reports go to the health Worker, which carries the SDK (packages/http sentry-relay.ts).
useSentry(viaHealth);

export const getSummaries = (env: Env, ctx: ExecutionContext, ids: string[], viewer: RpcViewer | null, trace?: CallTrace) =>
  serveRpc("pitch", "getSummaries", env, ctx, trace, (rc) => rpc.getSummaries(db(rc), ids, viewer));

export const countApprovedNdas = (env: Env, ctx: ExecutionContext, userId: string, trace?: CallTrace) =>
  serveRpc("pitch", "countApprovedNdas", env, ctx, trace, (rc) => rpc.countApprovedNdas(db(rc), userId));

export const health = (env: Env, ctx: ExecutionContext, trace?: CallTrace) =>
  serveRpc("pitch", "health", env, ctx, trace, (rc) => selfCheck("pitch", rc.version, env));

export const sweep = (env: Env, ctx: ExecutionContext) => serveRpc("pitch", "scheduled-sweep", env, ctx, undefined, sweepPitch);
