// Neon's HTTP SQL endpoint (what `neon()` and `sql.transaction()` call), in front of a real Postgres.
// Replies carry every value as Postgres text; the driver parses them by dataTypeID, as with Neon.
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";

type Query = { query: string; params?: unknown[] };

const pools = new Map<string, pg.Pool>();
function poolFor(connectionString: string): pg.Pool {
  let pool = pools.get(connectionString);
  if (!pool) {
    pool = new pg.Pool({ connectionString, max: 20, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 3_000 });
    pool.on("error", () => {}); // an idle client dying (server restart) must not kill the stand-in
    pools.set(connectionString, pool);
  }
  return pool;
}

export async function closeNeonHttpPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}

const rawText = { getTypeParser: () => (value: string) => value };

async function run(client: pg.PoolClient, q: Query) {
  const result = await client.query({
    text: q.query,
    values: (q.params ?? []).map((p) => (p === null || p === undefined ? null : typeof p === "string" ? p : JSON.stringify(p))),
    rowMode: "array",
    types: rawText,
    // Extended protocol, as Neon uses: a string holding two statements is an error, not a batch.
    queryMode: "extended",
  } as pg.QueryConfig & { queryMode: "extended"; rowMode: "array" });
  return {
    command: result.command,
    rowCount: result.rowCount ?? 0,
    rows: result.rows,
    fields: result.fields.map((f) => ({
      name: f.name,
      dataTypeID: f.dataTypeID,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: f.format,
    })),
    rowAsArray: true,
  };
}

const ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

function errorBody(err: unknown) {
  const e = err as Record<string, unknown> & { message?: string };
  const body: Record<string, unknown> = { message: e?.message ?? String(err) };
  for (const k of ERROR_FIELDS) if (e?.[k] !== undefined) body[k] = e[k];
  // A connection failure is not a Postgres error: give it a code the driver passes through.
  if (!body.code && typeof e?.code === "string") body.code = e.code;
  return body;
}

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

/** rewrite lets tests point the database somewhere else (a closed port) without touching the Workers.
 *  delayMs: the reply goes out no sooner than this many ms after the request was read (every reply,
 *  errors included). Resolves to the number of statements sent to Postgres (a batch's BEGIN/COMMIT not included). */
/** What one SQL-over-HTTP request cost the database, for benchmarks and the cost model. */
export interface SqlUse {
  statements: number;
  /** Rows returned, over every statement of a batch. */
  rows: number;
  /** Bytes of the answer sent back to the Worker. */
  bytes: number;
}

export async function handleNeonHttp(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  rewrite: (conn: string) => string = (c) => c,
  delayMs = 0,
): Promise<SqlUse> {
  // Emulated network latency (benchmarks only): half on the way in, half on the way out, as a round
  // trip to a remote Neon splits; timers, no CPU, and no pooled client held while waiting.
  const inbound = Math.floor(delayMs / 2);
  if (inbound > 0) await sleep(inbound);
  let reply: [number, unknown] = [500, { message: "no reply" }];
  const statements = await answer(req, body, rewrite, (status, payload) => (reply = [status, payload]));
  if (delayMs - inbound > 0) await sleep(delayMs - inbound);
  const text = JSON.stringify(reply[1]);
  res.writeHead(reply[0], { "content-type": "application/json", "access-control-allow-origin": "*" });
  res.end(text);
  return { statements, rows: rowsIn(reply[1]), bytes: Buffer.byteLength(text) };
}

/** Rows in an answer: one result ({ rows }) or a batch ({ results: [{ rows }] }). */
function rowsIn(payload: unknown): number {
  const p = payload as { rows?: unknown[]; results?: { rows?: unknown[] }[] } | null;
  if (Array.isArray(p?.results)) return p.results.reduce((n, r) => n + (Array.isArray(r?.rows) ? r.rows.length : 0), 0);
  return Array.isArray(p?.rows) ? p.rows.length : 0;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function answer(
  req: IncomingMessage,
  body: string,
  rewrite: (conn: string) => string,
  send: (status: number, payload: unknown) => void,
): Promise<number> {
  const conn = req.headers["neon-connection-string"];
  if (typeof conn !== "string" || !conn) return (send(400, { message: "missing Neon-Connection-String header", code: "08001" }), 0);
  let parsed: Query | { queries: Query[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return (send(400, { message: "request body is not valid JSON" }), 0);
  }
  let client: pg.PoolClient;
  try {
    client = await poolFor(rewrite(conn)).connect();
  } catch (err) {
    return (send(400, errorBody(err)), 0);
  }
  let broken = false;
  let statements = 0;
  try {
    if ("queries" in parsed) {
      const iso = ISOLATION[String(req.headers["neon-batch-isolation-level"] ?? "")];
      const ro = req.headers["neon-batch-read-only"] === "true";
      const deferrable = req.headers["neon-batch-deferrable"] === "true";
      await client.query(`BEGIN${iso ? ` ISOLATION LEVEL ${iso}` : ""}${ro ? " READ ONLY" : ""}${deferrable ? " DEFERRABLE" : ""}`);
      try {
        const results = [];
        for (const q of parsed.queries) {
          statements++;
          results.push(await run(client, q));
        }
        await client.query("COMMIT");
        send(200, { results });
      } catch (err) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        send(400, errorBody(err));
      }
    } else {
      statements++;
      send(200, await run(client, parsed));
    }
  } catch (err) {
    send(400, errorBody(err));
  } finally {
    client.release(broken);
  }
  return statements;
}
