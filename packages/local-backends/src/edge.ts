// The local stand-in for Cloudflare's edge, in front of `wrangler dev` (npm start): it gives the
// gateway the client's address from the socket as CF-Connecting-IP — the header Cloudflare sets and a
// client cannot choose — after dropping whatever a client sent under the platform's header names;
// and it answers, as problem+json, what the runtime would otherwise answer as text/plain: an unknown
// method (405), CONNECT (405), an absolute-form target naming another host (400), a malformed request
// (400), and an unreachable gateway (502).
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { problemBody } from "@pitchey/http/problem";

/** Headers only the platform sets (Cloudflare's, Miniflare's internal ones): never taken from a client. */
const PLATFORM_HEADER = /^(cf-|mf-|true-client-ip$|x-real-ip$|x-forwarded-for$|cdn-loop$)/i;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

export interface Edge {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** "::ffff:127.0.0.1" → "127.0.0.1" (how Node reports IPv4 peers on a dual-stack socket). */
export function socketAddress(socket: Socket): string {
  const a = socket.remoteAddress ?? "";
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

function rawProblem(
  status: number,
  code: "METHOD_NOT_ALLOWED" | "MALFORMED_REQUEST" | "SERVICE_UNAVAILABLE",
  detail: string,
  extra: Record<string, string> = {},
): string {
  const id = crypto.randomUUID();
  const body = JSON.stringify(problemBody(status, code, detail, "/", id));
  const reason = { 400: "Bad Request", 405: "Method Not Allowed", 502: "Bad Gateway" }[status] ?? "Error";
  const headers = {
    "content-type": "application/problem+json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "x-request-id": id,
    "cache-control": "no-store",
    connection: "close",
    ...extra,
  };
  return `HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${body}`;
}

/** The origin-form target of a request, or null when it names a host other than its Host header. */
export function originForm(req: Pick<IncomingMessage, "url" | "headers">): string | null {
  const target = req.url ?? "/";
  if (target.startsWith("/")) return target;
  try {
    const u = new URL(target);
    if (u.host.toLowerCase() !== String(req.headers.host ?? "").toLowerCase()) return null;
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

export async function startEdge(o: { upstream: { host: string; port: number }; port?: number; host?: string }): Promise<Edge> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server: Server = createServer((req, res) => {
    const path = originForm(req);
    if (path === null) {
      req.socket.end(rawProblem(400, "MALFORMED_REQUEST", "The request target names another host."));
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || PLATFORM_HEADER.test(k) || HOP_BY_HOP.has(k)) continue;
      headers[k] = v;
    }
    headers["cf-connecting-ip"] = socketAddress(req.socket);
    const up = httpRequest({ ...o.upstream, method: req.method, path, headers, agent }, (upRes) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    });
    up.on("error", () => {
      if (!res.headersSent) req.socket.end(rawProblem(502, "SERVICE_UNAVAILABLE", "The gateway is not answering (npm start: is wrangler still running?)."));
      else res.destroy();
    });
    req.pipe(up);
  });
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    socket.end(
      err.code === "HPE_INVALID_METHOD"
        ? rawProblem(405, "METHOD_NOT_ALLOWED", "This method is not supported.", { allow: "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS" })
        : rawProblem(400, "MALFORMED_REQUEST", "The request is not well-formed HTTP."),
    );
  });
  server.on("connect", (_req, socket: Socket) =>
    socket.end(rawProblem(405, "METHOD_NOT_ALLOWED", "CONNECT is not supported.", { allow: "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS" })),
  );
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
