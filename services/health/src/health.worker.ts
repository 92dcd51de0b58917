// Everything the health Worker serves, behind its entrypoint (index.ts), which imports this module on
// the first request or call: startup evaluates none of it — the zod schemas, the Neon driver, the
// OpenAPI builder, the app (docs/performance.md, "Startup").
import type { CallTrace, ErrorReport, PlainError, TransactionReport } from "@pitchey/contracts";
import { errorOf, sdkSentry, serveRpc, useSentry } from "@pitchey/http";
import { selfCheck, faultInjection } from "@pitchey/data";
import type { Env } from "./env";
import { app } from "./health.routes";

// Local and test instances only (FAULT_SWITCH): fail or slow down on purpose for canary demos.
app.use(faultInjection("health"));
// The one Worker that carries the Sentry SDK: its own reports, and the others' (relayError below).
useSentry(() => sdkSentry);

export { app };

export const health = (env: Env, ctx: ExecutionContext, trace?: CallTrace) =>
  serveRpc("health", "health", env, ctx, trace, (rc) => selfCheck("health", rc.version, env));

// The other Workers' Sentry reports (they bundle no SDK; packages/http sentry-relay.ts), sent as they came.
export const relayError = (report: ErrorReport, error: PlainError) => sdkSentry.error(report, errorOf(error));
export const relayTransaction = (report: ErrorReport, txn: TransactionReport) => sdkSentry.transaction(report, txn);
