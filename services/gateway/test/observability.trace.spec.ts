// One request, one id, one trace: a request that fans out gateway → pitch (HTTP binding) → auth (RPC
// getUsers, for a creator name no cache holds yet) leaves a log line in each of the three Workers,
// all with the request id the client sent and the client's trace id, and one Sentry transaction per
// Worker, chained span to span in that trace. The lines are the Workers' real console output,
// collected by tail Workers from the "logged" aliases of the three bundles (vitest.config.ts), which
// log every request at info and trace every request to the Sentry sink.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, signUp } from "./helpers";
import { pitchBody } from "./pitch.fixtures";
import { eventually, logLines, newTraceparent, sentryEnvelopes } from "./sinks";

const loggedGateway = () => (env as unknown as { GATEWAY_LOGGED: Fetcher }).GATEWAY_LOGGED;

/** The JSON log lines (packages/http logger.ts) a Worker wrote, parsed. */
const parsed = (message: unknown[]) => {
  try {
    return typeof message[0] === "string" ? (JSON.parse(message[0]) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

describe("one request id and one trace across Workers", () => {
  it("gateway → pitch → auth RPC: a log line in each Worker, with the client's request id and trace id", async () => {
    // A new creator: no cache layer knows the name yet, so shaping the new pitch asks auth over RPC.
    const creator = await signUp("creator");
    const { traceparent, traceId } = newTraceparent();
    const requestId = `trace-test-${crypto.randomUUID()}`;
    const res = await loggedGateway().fetch(`${BASE}/api/pitches`, {
      method: "POST",
      headers: { authorization: `Bearer ${creator.accessToken}`, "content-type": "application/json", "x-request-id": requestId, traceparent },
      body: JSON.stringify(pitchBody()),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    const created = (await res.json()) as { data: { creator: { name: string } } };
    expect(created.data.creator.name).toBe("Test creator"); // auth answered the RPC

    const mine = await eventually("a line from each of the three Workers", async () => {
      const lines = (await logLines()).map((l) => ({ script: l.script, line: parsed(l.message) })).filter((l) => l.line?.requestId === requestId);
      return new Set(lines.map((l) => l.script)).size >= 3 ? lines : undefined;
    });
    const by = (script: string) => mine.filter((l) => l.script === script).map((l) => l.line!);
    // The gateway's line names the service and arm that answered.
    expect(by("gateway-logged")).toContainEqual(
      expect.objectContaining({ msg: "request", service: "pitch@stable", method: "POST", path: "/api/pitches", status: 201 }),
    );
    expect(by("pitch-logged")).toContainEqual(expect.objectContaining({ msg: "request", service: "pitch", method: "POST", path: "/api/pitches", status: 201 }));
    expect(by("auth-logged")).toContainEqual(expect.objectContaining({ msg: "rpc", service: "auth", rpc: "auth.getUsers", outcome: "ok" }));
    // Every line of this request, in every Worker, carries the client's trace id.
    expect(new Set(mine.map((l) => l.line!.traceId))).toEqual(new Set([traceId]));
    expect(new Set(mine.map((l) => l.script))).toEqual(new Set(["gateway-logged", "pitch-logged", "auth-logged"]));

    // Sentry: a transaction per Worker, each the child of the span that called it.
    type Txn = {
      transaction: string;
      tags: Record<string, string>;
      contexts: { trace: { trace_id: string; span_id: string; parent_span_id?: string; op: string } };
      spans: { op: string; description: string }[];
    };
    const txns = await eventually("a transaction from each Worker", async () => {
      const all = (await sentryEnvelopes()).flatMap((e) => e.items.filter((i) => i.header.type === "transaction").map((i) => i.payload as Txn));
      const ours = all.filter((t) => t.tags.request_id === requestId);
      return new Set(ours.map((t) => t.tags.service)).size >= 3 ? ours : undefined;
    });
    const of = (service: string) => txns.find((t) => t.tags.service === service)!;
    const [gateway, pitch, auth] = [of("gateway"), of("pitch"), of("auth")];
    expect(new Set(txns.map((t) => t.contexts.trace.trace_id))).toEqual(new Set([traceId]));
    expect(gateway).toMatchObject({ transaction: "POST /api/pitches", contexts: { trace: { op: "http.server", parent_span_id: traceparent.split("-")[2] } } });
    expect(pitch).toMatchObject({
      transaction: "POST /api/pitches",
      contexts: { trace: { op: "http.server", parent_span_id: gateway.contexts.trace.span_id } },
    });
    expect(auth).toMatchObject({ transaction: "auth.getUsers", contexts: { trace: { op: "rpc", parent_span_id: pitch.contexts.trace.span_id } } });
    expect(gateway.spans).toContainEqual(expect.objectContaining({ op: "call", description: "pitch@stable" }));
    expect(pitch.spans).toContainEqual(expect.objectContaining({ op: "call", description: "auth.getUsers" }));
  });
});
