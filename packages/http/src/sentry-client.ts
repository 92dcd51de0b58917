// The Sentry SDK part of sentry.ts, imported only when an error is to be sent. Only what a report
// needs is imported by name, so the bundler leaves the rest of the SDK out: the Cloudflare client, a
// scope, the transport factory (over this Worker's fetch) and the stack parser. No integrations: no
// console breadcrumbs, no request-body capture, no global handlers — this module sends what it is
// given, after scrubEvent.
import { CloudflareClient, Scope, createTransport } from "@sentry/cloudflare";
import { createStackParser, nodeStackLineParser, type Event } from "@sentry/core";
import { scrubEvent } from "./sentry-scrub";

export interface ErrorReport {
  dsn: string;
  /** SERVICE_VERSION: the deployed version. */
  release: string;
  environment: string;
  service: string;
  arm: string;
  requestId: string;
  traceId: string;
  /** The span of the hop that failed (its traceparent's parent id, for Sentry's trace view). */
  spanId: string;
  userId: string | null;
  request: { method: string; url: string; headers: Record<string, string> };
}

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
        return { statusCode: res.status, headers: { "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits"), "retry-after": res.headers.get("retry-after") } };
      }),
    beforeSend: (event) => scrubEvent(event),
  });
  client.init();
  return client;
}

export async function sendError(r: ErrorReport, err: unknown): Promise<void> {
  const client = clientFor(r);
  try {
    const scope = new Scope();
    scope.setClient(client);
    scope.setPropagationContext({ traceId: r.traceId, parentSpanId: r.spanId || undefined, sampleRand: Math.random() });
    scope.setTags({ service: r.service, arm: r.arm, request_id: r.requestId, trace_id: r.traceId, ...(r.userId ? { user_id: r.userId } : {}) });
    if (r.userId) scope.setUser({ id: r.userId });
    scope.addEventProcessor((event: Event) => ({ ...event, request: r.request }));
    // Unhandled: it escaped every handler (toProblem, serveRpc) and is a bug, not an answer.
    scope.captureException(err, { mechanism: { type: "auto.pitchey.unhandled", handled: false } });
    await client.flush(FLUSH_MS);
  } finally {
    client.dispose();
  }
}
