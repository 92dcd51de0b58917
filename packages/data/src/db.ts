// Postgres through @neondatabase/serverless.
// - One-shot queries and non-interactive transactions use the HTTP query function: it holds no
//   socket, so one per isolate is safe.
// - Interactive transactions use a Pool over WebSocket that lives and dies inside one request.
import { neon, neonConfig, Pool, type NeonQueryFunction, type PoolClient } from "@neondatabase/serverless";
import type { BaseEnv, RequestContext } from "@pitchey/http";
import type { DataEnv } from "./env";
import { DependencyError, isTimeout, isUnavailable } from "./errors";
import { requestStats } from "./request-stats";
import { count } from "./cache/metrics";

export type Row = Record<string, unknown>;
export interface Statement {
  text: string;
  params?: unknown[];
}

let configuredFor: string | undefined;
/** neonConfig is module-global: set it once per isolate from env (local stand-in or real Neon). */
export function configureNeon(env: DataEnv): void {
  const key = `${env.NEON_HTTP_ENDPOINT ?? ""}|${env.NEON_WS_PROXY ?? ""}`;
  if (configuredFor === key) return;
  configuredFor = key;
  if (env.NEON_HTTP_ENDPOINT) {
    neonConfig.fetchEndpoint = env.NEON_HTTP_ENDPOINT;
    neonConfig.poolQueryViaFetch = false;
  }
  if (env.NEON_WS_PROXY) {
    neonConfig.wsProxy = env.NEON_WS_PROXY;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
    neonConfig.forceDisablePgSSL = true;
  }
}

const httpClients = new Map<string, NeonQueryFunction<false, false>>();
/** The isolate's HTTP query function for env's database (no socket held: safe to keep). */
export function sqlFor(env: DataEnv): NeonQueryFunction<false, false> {
  const url = env.DATABASE_URL;
  if (!url) throw new DependencyError("database", new Error("DATABASE_URL is not set"));
  configureNeon(env);
  let sql = httpClients.get(url);
  if (!sql) {
    sql = neon(url);
    httpClients.set(url, sql);
  }
  return sql;
}

function wrap(err: unknown): unknown {
  if (err instanceof DependencyError) return err;
  if (isTimeout(err)) return new DependencyError("database", err, true);
  return isUnavailable(err) ? new DependencyError("database", err) : err;
}

/** Interactive transaction handle: read, decide, write, all on one connection. */
export interface Tx {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Db {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Non-interactive transaction over HTTP: all statements commit together or none do. */
  batch(statements: Statement[]): Promise<Row[][]>;
  /** Interactive transaction over WebSocket; the pool is closed after the response. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** The database, as seen from one request: every query is timed and counted for Server-Timing and metrics. */
export function db(rc: RequestContext<DataEnv & BaseEnv>): Db {
  const stats = requestStats(rc);
  const timed = async <T>(n: number, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    stats.dbQueries += n;
    count(rc, "dbQueries", n);
    try {
      return await fn();
    } catch (err) {
      throw wrap(err);
    } finally {
      stats.dbMs += performance.now() - t0;
    }
  };
  return {
    query: <T extends Row>(text: string, params: unknown[] = []) => timed(1, async () => (await sqlFor(rc.env).query(text, params)) as T[]),
    batch: (statements) =>
      timed(statements.length, async () => {
        const sql = sqlFor(rc.env);
        return (await sql.transaction(statements.map((s) => sql.query(text(s), s.params ?? [])))) as Row[][];
      }),
    async transaction(fn) {
      const env = rc.env;
      if (!env.DATABASE_URL) throw new DependencyError("database", new Error("DATABASE_URL is not set"));
      configureNeon(env);
      const pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, connectionTimeoutMillis: 5_000 });
      // Errors after the transaction (the socket closing as the pool ends) are not the request's.
      pool.on("error", (err: Error) => rc.log.debug("pool error", { err: String(err?.message ?? err) }));
      let client: PoolClient | undefined;
      try {
        client = await timed(0, () => pool.connect());
        await timed(1, () => client!.query("BEGIN"));
        const tx: Tx = { query: (t, p = []) => timed(1, async () => (await client!.query(t, p)).rows) };
        const result = await fn(tx);
        await timed(1, () => client!.query("COMMIT"));
        return result;
      } catch (err) {
        if (client) await client.query("ROLLBACK").catch(() => {});
        throw wrap(err);
      } finally {
        client?.release();
        rc.ctx.waitUntil(pool.end().catch(() => {}));
      }
    },
  };
}
const text = (s: Statement) => s.text;
