// One Node HTTP server that speaks Neon (POST /sql, WebSocket /v2) and Upstash (POST /, /pipeline, /multi-exec).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleNeonHttp, closeNeonHttpPools } from "./neon-http";
import { createNeonWsProxy } from "./neon-ws";
import { createUpstashHandler } from "./upstash-rest";
import { freePort } from "./backends";
import { createTestSinks } from "./test-sinks";

export interface StandInOptions {
  /** Postgres the WebSocket proxy falls back to when the driver names no address. */
  postgres: { host: string; port: number };
  /** Redis URL (database index in the path), or null to serve no Upstash API. */
  redisUrl: string | null;
  upstashToken: string;
  port?: number;
  host?: string;
  /** Benchmarks only: emulated network latency to a remote Neon. Each HTTP SQL reply leaves no sooner
   *  than this many ms after its request (a timer, no CPU); each WebSocket message from the driver
   *  reaches Postgres this many ms late. Default 0: tests and `npm start` see loopback as it is. */
  sqlDelayMs?: number;
  /** Tests only: POST /__control {postgres?: "up"|"down", redis?: "up"|"down"|"hang", postgresDelayMs?: N}
   *  simulates an outage, or a slow database (N ms per SQL request, as sqlDelayMs; 0 ends it); a
   *  Sentry-protocol sink (/__sentry) and a log sink (/__logs) listen too (test-sinks.ts). */
  control?: boolean;
}

export interface StandIns {
  url: string;
  port: number;
  /** Neon settings for a Worker: HTTP endpoint and WebSocket proxy (no protocol, as neonConfig.wsProxy wants). */
  neonHttpEndpoint: string;
  neonWsProxy: string;
  /** Upstash REST base URL, or null when Redis is disabled. */
  upstashUrl: string | null;
  upstashToken: string;
  /** The emulated latency in force (ms per SQL request; 0 = none): sqlDelayMs, or what the control set. */
  readonly sqlDelayMs: number;
  /** Running totals, for benchmarks and the cost model: SQL statements run over HTTP (a batch counts
   *  each of its statements), the rows and bytes they answered with, and WebSocket connections opened
   *  (interactive transactions; their statements are not parsed out of the wire protocol, so not
   *  counted); Upstash commands as Upstash bills them (each command of a pipeline or transaction
   *  counts) and the bytes both ways. */
  counts: StandInCounts;
  close(): Promise<void>;
}

export interface StandInCounts {
  sqlStatements: number;
  sqlRows: number;
  sqlBytes: number;
  wsConnections: number;
  redisCommands: number;
  /** Commands by kind ("HINCRBY metrics:traffic", "MGET auth:session"): where they go. */
  redisByKind: Map<string, number>;
  redisBytes: number;
}

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The longest a "hang" outage holds a Redis call before answering 504. */
const HANG_CAP_MS = 10_000;

export async function startStandIns(opts: StandInOptions): Promise<StandIns> {
  const upstash = opts.redisUrl ? createUpstashHandler(opts.redisUrl, opts.upstashToken) : null;
  // Outages: "down" points Postgres at a port where nothing listens; Redis calls fail as Upstash fails
  // when its Redis is unreachable, or ("hang") get no answer until the caller gives up.
  const faults: { postgres: boolean; redis: boolean | "hang" } = { postgres: false, redis: false };
  const deadPort = await freePort();
  const rewrite = (conn: string) => {
    if (!faults.postgres) return conn;
    const u = new URL(conn);
    u.port = String(deadPort);
    return u.toString();
  };
  const counts: StandInCounts = { sqlStatements: 0, sqlRows: 0, sqlBytes: 0, wsConnections: 0, redisCommands: 0, redisByKind: new Map(), redisBytes: 0 };
  const validDelay = (ms: unknown): ms is number => typeof ms === "number" && Number.isFinite(ms) && ms >= 0;
  if (opts.sqlDelayMs !== undefined && !validDelay(opts.sqlDelayMs)) throw new Error(`sqlDelayMs must be a number ≥ 0, got ${opts.sqlDelayMs}`);
  // Read on every request, so the control can slow the database down (and back) while it runs.
  let sqlDelayMs = opts.sqlDelayMs ?? 0;
  const ws = createNeonWsProxy(
    opts.postgres,
    () => (faults.postgres ? deadPort : null),
    () => sqlDelayMs,
  );
  const sinks = opts.control ? createTestSinks() : null;
  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? "/").split("?")[0]!;
      if (req.method === "GET" && path === "/healthz") {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      if (sinks && (path.startsWith("/__sentry/") || path === "/__logs")) {
        const body = req.method === "POST" ? await readBody(req) : "";
        if (sinks.handle(req, res, body)) return;
      }
      if (req.method !== "POST") {
        res.writeHead(405, { "content-type": "application/json" }).end(JSON.stringify({ error: "method not allowed" }));
        return;
      }
      const body = await readBody(req);
      if (path === "/__control" && opts.control) {
        const want = JSON.parse(body || "{}") as { postgres?: string; redis?: string; postgresDelayMs?: unknown };
        if (want.postgresDelayMs !== undefined && !validDelay(want.postgresDelayMs)) {
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "postgresDelayMs must be a number ≥ 0" }));
          return;
        }
        if (want.postgres) faults.postgres = want.postgres === "down";
        if (want.redis) faults.redis = want.redis === "hang" ? "hang" : want.redis === "down";
        if (want.postgresDelayMs !== undefined) sqlDelayMs = want.postgresDelayMs;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(sqlDelayMs ? { ...faults, postgresDelayMs: sqlDelayMs } : faults));
        return;
      }
      if (path === "/sql") {
        const use = await handleNeonHttp(req, res, body, rewrite, sqlDelayMs); // add to the totals only after the await
        counts.sqlStatements += use.statements;
        counts.sqlRows += use.rows;
        counts.sqlBytes += use.bytes;
        return;
      }
      if (path.startsWith("/redis") && upstash) {
        if (faults.redis === "hang") {
          // No answer; the caller's own timeout ends it (or this cap, so nothing is held for ever).
          const cap = setTimeout(() => res.writableEnded || res.writeHead(504).end(), HANG_CAP_MS);
          res.on("close", () => clearTimeout(cap));
          return;
        }
        if (faults.redis) {
          // What Upstash answers when its Redis is unreachable.
          res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: `ERR connect ECONNREFUSED 127.0.0.1:${deadPort}` }));
          return;
        }
        req.url = path.slice("/redis".length) || "/";
        const use = await upstash.handle(req, res, body);
        counts.redisCommands += use.commands;
        for (const k of use.kinds) counts.redisByKind.set(k, (counts.redisByKind.get(k) ?? 0) + 1);
        counts.redisBytes += Buffer.byteLength(body) + use.bytes;
        return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (err as Error).message }));
    }
  });
  server.keepAliveTimeout = 30_000;
  server.on("upgrade", (req, socket, head) => {
    if (!(req.url ?? "").startsWith("/v2")) return socket.destroy();
    counts.wsConnections++;
    ws.wss.handleUpgrade(req, socket, head, (client) => ws.wss.emit("connection", client, req));
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    neonHttpEndpoint: `${url}/sql`,
    neonWsProxy: `${host}:${port}/v2`,
    upstashUrl: upstash ? `${url}/redis` : null,
    upstashToken: opts.upstashToken,
    get sqlDelayMs() {
      return sqlDelayMs;
    },
    counts,
    async close() {
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.all([closeNeonHttpPools(), upstash?.close()]);
    },
  };
}
