// What one Worker hands another with every call, so that the log lines and Sentry reports of every
// Worker a request passes through share one request id and one W3C trace (docs/architecture.md#request-path). Over HTTP it
// travels as the `x-request-id` and `traceparent` headers; over RPC as the last argument of every
// method (optional: a callee deployed before its callers gets none and starts its own id, as before).

export interface CallTrace {
  /** The request id the gateway assigned (or accepted from the client). */
  requestId: string;
  /** W3C trace context of the caller: `00-<trace id>-<caller's span id>-<flags>`. */
  traceparent: string;
}
