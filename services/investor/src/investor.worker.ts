// Everything the investor Worker serves, behind its entrypoint (index.ts), which imports this module
// on the first request, call or cron run: startup evaluates none of it — the zod schemas, the Neon
// driver, the app (docs/performance.md, "Startup").
import type { CallTrace } from "@pitchey/contracts";
import { serveRpc, useSentry, viaHealth } from "@pitchey/http";
import { faultInjection, selfCheck } from "@pitchey/data";
import type { Env } from "./env";
import { app } from "./investor.routes";
import { sweepInvestor } from "./investor.sweep";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("investor"));
// Sentry reports go to the health Worker, which carries the SDK (packages/http sentry-relay.ts).
useSentry(viaHealth);

export { app };

/** Readiness: a real round trip to Postgres and Redis. */
export const health = (env: Env, ctx: ExecutionContext, trace?: CallTrace) =>
  serveRpc("investor", "health", env, ctx, trace, (rc) => selfCheck("investor", rc.version, env));

export const sweep = (env: Env, ctx: ExecutionContext) => serveRpc("investor", "scheduled-sweep", env, ctx, undefined, sweepInvestor);
