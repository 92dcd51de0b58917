// pitchey-health: wiring only. Readiness, the status page and the API's documents over HTTP; its own
// readiness and the other Workers' Sentry reports over RPC. What serves them is loaded on first use
// (health.worker.ts), so the Worker starts in a millisecond or two.
import { WorkerEntrypoint } from "cloudflare:workers";
import type { CallTrace, ErrorReport, PlainError, SelfCheck, SentryRelayRpc, TransactionReport } from "@pitchey/contracts";
import type { Env } from "./env";

let loaded: Promise<typeof import("./health.worker")> | undefined;
const worker = () => (loaded ??= import("./health.worker"));

export default class HealthService extends WorkerEntrypoint<Env> implements SentryRelayRpc {
  override async fetch(request: Request): Promise<Response> {
    return (await worker()).app.fetch(request, this.env, this.ctx);
  }

  async health(trace?: CallTrace): Promise<SelfCheck> {
    return (await worker()).health(this.env, this.ctx, trace);
  }

  async relayError(report: ErrorReport, error: PlainError): Promise<void> {
    return (await worker()).relayError(report, error);
  }

  async relayTransaction(report: ErrorReport, txn: TransactionReport): Promise<void> {
    return (await worker()).relayTransaction(report, txn);
  }
}
