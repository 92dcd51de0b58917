// What a Worker hands Sentry, as plain data: the SDK runs where these are sent (packages/http
// sentry-client.ts). The gateway bundles no SDK; it relays its reports to the health Worker over RPC
// (SentryRelayRpc), which sends them with its own copy of the SDK.

export interface ErrorReport {
  dsn: string;
  /** SERVICE_VERSION: the deployed version. */
  release: string;
  environment: string;
  service: string;
  arm: string;
  requestId: string;
  traceId: string;
  /** This hop's span (its traceparent's parent id for the Worker it calls). */
  spanId: string;
  /** The caller's span, when it sent a traceparent. */
  parentSpanId: string | null;
  userId: string | null;
  request: { method: string; url: string; headers: Record<string, string> };
}

/** A request (or RPC call) as a Sentry transaction. */
export interface TransactionReport {
  name: string;
  op: "http.server" | "rpc";
  status: number;
  /** Date.now() at its start, and how long it took. */
  startedAt: number;
  durMs: number;
  /** Its Server-Timing entries (calls, cache, auth), as child spans; ms from the start. */
  spans: { name: string; desc?: string; startMs: number; durMs: number }[];
}

/** An error as it crosses RPC: what Sentry reads of one. */
export interface PlainError {
  name: string;
  message: string;
  stack?: string;
}

/** The health Worker's methods that send another Worker's reports (the gateway's). */
export interface SentryRelayRpc {
  relayError(report: ErrorReport, error: PlainError): Promise<void>;
  relayTransaction(report: ErrorReport, txn: TransactionReport): Promise<void>;
}
