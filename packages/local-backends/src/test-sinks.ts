// Tests only (the stand-ins' control mode, server.ts): two sinks on loopback that receive what a
// deployed Worker would send elsewhere, so tests can read it back.
// - Sentry: the SDK posts envelopes to `<dsn origin>/__sentry/api/<project>/envelope/?sentry_key=…`
//   (a DSN from sentryDsn()). The sink checks the key, parses the envelope (a JSON header line, then
//   per item a header line and its payload), keeps it with its raw text, and answers as Sentry does.
//   GET /__sentry/envelopes lists what arrived.
// - Logs: the log-sink tail Worker (log-sink.ts) posts the console output of the Workers it tails;
//   GET /__logs lists it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Envelope, LogLine } from "./sink-types";

export type { Envelope, LogLine };

// Like a real DSN key: word characters only (the SDK refuses anything else as an invalid DSN).
export const SENTRY_TEST_KEY = "0123456789abcdef0123456789abcdef";
const ENVELOPE_PATH = /^\/__sentry\/api\/(\d+)\/envelope\/?$/;
/** Enough for any test run; the oldest are dropped beyond it. */
const KEEP = 2_000;

/** A DSN whose envelopes land in the sink of the stand-ins at `standInsUrl`. */
export function sentryDsn(standInsUrl: string): string {
  const u = new URL(standInsUrl);
  return `${u.protocol}//${SENTRY_TEST_KEY}@${u.host}/__sentry/1`;
}

/** Sentry's envelope format: newline-separated JSON; an item header may give its payload's length in bytes. */
export function parseEnvelope(raw: string): Envelope {
  const bytes = Buffer.from(raw, "utf8");
  let pos = 0;
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    const text = bytes.subarray(pos, end === -1 ? bytes.length : end).toString("utf8");
    pos = end === -1 ? bytes.length : end + 1;
    return text;
  };
  const header = JSON.parse(line()) as Record<string, unknown>;
  const items: Envelope["items"] = [];
  while (pos < bytes.length) {
    const h = line();
    if (!h.trim()) continue;
    const itemHeader = JSON.parse(h) as Record<string, unknown>;
    let body: string;
    if (typeof itemHeader.length === "number") {
      body = bytes.subarray(pos, pos + itemHeader.length).toString("utf8");
      pos += itemHeader.length + 1;
    } else body = line();
    let payload: unknown = body;
    try {
      payload = JSON.parse(body);
    } catch {
      // an attachment or other non-JSON item: kept as text
    }
    items.push({ header: itemHeader, payload });
  }
  return { header, items, raw };
}

export function createTestSinks() {
  const envelopes: Envelope[] = [];
  const logs: LogLine[] = [];
  const keep = <T>(list: T[], x: T) => (list.push(x), list.length > KEEP && list.shift());
  const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  return {
    envelopes,
    logs,
    /** Answers the request when it is a sink's; false otherwise. `body` is read already for POSTs. */
    handle(req: IncomingMessage, res: ServerResponse, body: string): boolean {
      const url = new URL(req.url ?? "/", "http://sink");
      if (req.method === "GET" && url.pathname === "/__sentry/envelopes") return (json(res, 200, envelopes), true);
      if (req.method === "GET" && url.pathname === "/__logs") return (json(res, 200, logs), true);
      if (req.method === "POST" && url.pathname === "/__logs") {
        for (const l of JSON.parse(body || "[]") as LogLine[]) keep(logs, l);
        return (json(res, 200, { ok: true }), true);
      }
      if (req.method === "POST" && ENVELOPE_PATH.test(url.pathname)) {
        // Sentry authenticates a store request by the DSN's public key, in the query or X-Sentry-Auth.
        const auth = url.searchParams.get("sentry_key") ?? /sentry_key=([^,\s]+)/.exec(String(req.headers["x-sentry-auth"] ?? ""))?.[1];
        if (auth !== SENTRY_TEST_KEY) return (json(res, 401, { detail: "bad sentry_key" }), true);
        const envelope = parseEnvelope(body);
        keep(envelopes, envelope);
        return (json(res, 200, { id: envelope.header.event_id ?? null }), true);
      }
      return false;
    },
  };
}
