// The Sentry sender of every Worker but health: reports go over RPC (the HEALTH binding) to the
// health Worker, which sends them with the SDK (sentry-sdk.ts). The SDK is 20 KiB gzip — most of the
// gateway's budget and what put each service over its own (docs/performance.md). A report lost
// because health is unreachable is logged by the caller's defer(), like any failed deferred work;
// the error itself is in that Worker's log line either way.
import type { PlainError, SentryRelayRpc } from "@pitchey/contracts";
import type { SentrySender } from "./sentry";

/** What Sentry reads of an error, as plain data (an Error's own fields do not all cross RPC). */
export function plainError(err: unknown): PlainError {
  if (err instanceof Error) return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return { name: "Error", message: typeof err === "string" ? err : JSON.stringify(err) ?? String(err) };
}

/** The Error a relayed report describes, stack included, for the SDK's stack parser. */
export function errorOf(p: PlainError): Error {
  const err = new Error(p.message);
  err.name = p.name;
  if (p.stack) err.stack = p.stack;
  return err;
}

export const relaySentry = (health: SentryRelayRpc): SentrySender => ({
  error: (report, err) => health.relayError(report, plainError(err)),
  transaction: (report, txn) => health.relayTransaction(report, txn),
});

/** useSentry's choice for a Worker with a HEALTH binding; without one (a test Worker) nothing is sent. */
export const viaHealth = (env: { HEALTH?: SentryRelayRpc }): SentrySender | null => (env.HEALTH ? relaySentry(env.HEALTH) : null);
