// The Sentry sender of every Worker but health: reports go over RPC (the HEALTH binding) to the
// health Worker, which sends them with the SDK (sentry-sdk.ts). The SDK is 20 KiB gzip — most of the
// gateway's budget and what put each service over its own (docs/performance.md). A report lost
// because health is unreachable is logged by the caller's defer(), like any failed deferred work;
// the error itself is in that Worker's log line either way.
import type { PlainError, SentryRelayRpc } from "@pitchey/contracts";
import type { SentrySender } from "./sentry";

/** What Sentry reads of an error, as plain data (an Error's own fields do not all cross RPC); health's
 *  beforeSend scrubs the message and every other string before anything leaves for Sentry. A thrown
 *  value that is not an Error is described by its type and key names only, never its values (they
 *  could be anything: a token, a body). Never throws. */
export function plainError(err: unknown): PlainError {
  if (err instanceof Error) return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  if (typeof err === "string") return { name: "Error", message: err };
  const keys = err !== null && typeof err === "object" ? Object.keys(err).slice(0, 20) : [];
  return { name: "Error", message: `a thrown ${err === null ? "null" : typeof err} that is not an Error${keys.length ? ` (keys: ${keys.join(", ")})` : ""}` };
}

/** The Error a relayed report describes, stack included, for the SDK's stack parser. */
export function errorOf(p: PlainError): Error {
  const err = new Error(p.message);
  err.name = p.name;
  if (p.stack) err.stack = p.stack;
  return err;
}

// async: whatever goes wrong becomes a rejection for the caller's defer(), never a throw in its path.
export const relaySentry = (health: SentryRelayRpc): SentrySender => ({
  error: async (report, err) => health.relayError(report, plainError(err)),
  transaction: async (report, txn) => health.relayTransaction(report, txn),
});

/** useSentry's choice for a Worker with a HEALTH binding; without one (a test Worker) nothing is sent. */
export const viaHealth = (env: { HEALTH?: SentryRelayRpc }): SentrySender | null => (env.HEALTH ? relaySentry(env.HEALTH) : null);
