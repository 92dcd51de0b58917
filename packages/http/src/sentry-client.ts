// The Sentry SDK part of sentry.ts, imported only when an error is to be sent. Only what a report
// needs is imported by name, so the bundler leaves the rest of the SDK out: the Cloudflare client, a
// scope, the transport factory (over this Worker's fetch) and the stack parser. No integrations: no
// console breadcrumbs, no request-body capture, no global handlers — this module sends what it is
// given, after scrubEvent.
import { CloudflareClient, Scope, createTransport } from "@sentry/cloudflare";
import { createStackParser, nodeStackLineParser, type Event } from "@sentry/core";
import { scrubEvent } from "./sentry-scrub";
import type { ErrorReport, TransactionReport } from "@pitchey/contracts";

/** How long sending may take after the response (ctx.waitUntil allows 30 s). */
const FLUSH_MS = 2_000;

function clientFor(r: ErrorReport): CloudflareClient {
  const client = new CloudflareClient({
    dsn: r.dsn,
    release: r.release,
    environment: r.environment,
    // Sampling was decided before this module loaded (sentry.ts shouldReport).
    sampleRate: 1,
    sendDefaultPii: false,
    integrations: [],
    stackParser: createStackParser(nodeStackLineParser()),
    transport: (options) =>
      createTransport(options, async (req) => {
        const res = await fetch(options.url, { method: "POST", body: req.body as BodyInit, headers: options.headers });
        await res.arrayBuffer();
        return {
          statusCode: res.status,
          headers: { "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits"), "retry-after": res.headers.get("retry-after") },
        };
      }),
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
  });
  client.init();
  return client;
}

/** The report's ids as the event's tags, user and request; the trace is the request's. */
function scopeFor(client: CloudflareClient, r: ErrorReport): Scope {
  const scope = new Scope();
  scope.setClient(client);
  scope.setPropagationContext({ traceId: r.traceId, parentSpanId: r.spanId || undefined, sampleRand: Math.random() });
  scope.setTags({ service: r.service, arm: r.arm, request_id: r.requestId, trace_id: r.traceId, ...(r.userId ? { user_id: r.userId } : {}) });
  if (r.userId) scope.setUser({ id: r.userId });
  scope.addEventProcessor((event: Event) => ({ ...event, request: r.request }));
  return scope;
}

async function send(r: ErrorReport, capture: (client: CloudflareClient, scope: Scope) => void): Promise<void> {
  const client = clientFor(r);
  try {
    capture(client, scopeFor(client, r));
    await client.flush(FLUSH_MS);
  } finally {
    client.dispose();
  }
}

export function sendError(r: ErrorReport, err: unknown): Promise<void> {
  // Unhandled: it escaped every handler (toProblem, serveRpc) and is a bug, not an answer.
  return send(r, (_client, scope) => void scope.captureException(err, { mechanism: { type: "auto.pitchey.unhandled", handled: false } }));
}

const spanId = () => [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");

export function sendTransaction(r: ErrorReport, t: TransactionReport): Promise<void> {
  const at = (ms: number) => (t.startedAt + ms) / 1000;
  const event: Event = {
    type: "transaction",
    transaction: t.name,
    transaction_info: { source: "route" },
    start_timestamp: at(0),
    timestamp: at(t.durMs),
    contexts: {
      trace: {
        trace_id: r.traceId,
        span_id: r.spanId,
        ...(r.parentSpanId ? { parent_span_id: r.parentSpanId } : {}),
        op: t.op,
        status: t.status >= 500 ? "internal_error" : "ok",
        data: { "http.response.status_code": t.status },
      },
    },
    spans: t.spans.map((s) => ({
      trace_id: r.traceId,
      span_id: spanId(),
      parent_span_id: r.spanId,
      op: s.name,
      description: s.desc ?? s.name,
      start_timestamp: at(s.startMs),
      timestamp: at(s.startMs + s.durMs),
      data: {},
    })),
  };
  return send(r, (client, scope) => void client.captureEvent(event, undefined, scope));
}
