// Everything the auth Worker serves, behind its entrypoint (index.ts), which imports this module on
// the first request, call or cron run: startup evaluates none of it — the zod schemas, the Neon
// driver, the app (docs/performance.md, "Startup").
import type { CallTrace } from "@pitchey/contracts";
import { selfCheck, faultInjection } from "@pitchey/data";
import { serveRpc, useSentry, viaHealth } from "@pitchey/http";
import type { Env } from "./env";
import { app } from "./auth.routes";
import * as rpc from "./auth.rpc";
import { sweepAuth } from "./auth.sweep";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("auth"));
// Sentry reports go to the health Worker, which carries the SDK (packages/http sentry-relay.ts).
useSentry(viaHealth);

export { app };

export const getUsers = (env: Env, ctx: ExecutionContext, ids: string[], trace?: CallTrace) =>
  serveRpc("auth", "getUsers", env, ctx, trace, (rc) => rpc.getUsers(rc, ids));

export const isSessionActive = (env: Env, ctx: ExecutionContext, sid: string, trace?: CallTrace) =>
  serveRpc("auth", "isSessionActive", env, ctx, trace, (rc) => rpc.isSessionActive(rc, sid));

/** Readiness: a real round trip to Postgres and Redis. */
export const health = (env: Env, ctx: ExecutionContext, trace?: CallTrace) =>
  serveRpc("auth", "health", env, ctx, trace, (rc) => selfCheck("auth", rc.version, env));

export const sweep = (env: Env, ctx: ExecutionContext) => serveRpc("auth", "scheduled-sweep", env, ctx, undefined, sweepAuth);
