// Idempotency-Key records, in a table each service owns (its migrations say which; the columns are
// the same everywhere: see services/pitch/migrations/0020_idempotency_keys.sql). `scope` is who the
// key belongs to (a user, an investor, the email being registered): keys never meet across scopes.
import type { Db, Statement } from "../db";
import type { KeyRecord } from "./policy";

/** A service's key table: its name and the column holding the scope. */
export interface KeyTable {
  readonly table: string;
  readonly scope: string;
}

/** What an attempt holds: the record, its claim token, and what a dead holder created, if it got that far. */
export interface Claim {
  keyId: string;
  token: string;
  resourceId: string | null;
}

export type KeyRow = KeyRecord & { id: string; responseHeaders: Record<string, string> | null; resourceId: string | null };

/**
 * Claims the key for this attempt, atomically: a new key is inserted; an existing one is taken over
 * only when it is still unanswered, for the same request, and its holder's lease has run out (the
 * holder died). Returns the claim when this attempt now holds the key, else null.
 */
export async function claim(db: Db, t: KeyTable, scope: string, key: string, fingerprint: string, token: string, leaseSeconds: number): Promise<Claim | null> {
  const rows = await db.query<{ id: string; resource_id: string | null }>(
    `insert into ${t.table} (${t.scope}, key, fingerprint, claim) values ($1, $2, $3, $4)
     on conflict (${t.scope}, key) do update set claim = excluded.claim, locked_at = now()
      where idempotency_keys.response_body is null
        and idempotency_keys.fingerprint = excluded.fingerprint
        and idempotency_keys.expires_at > now()
        and idempotency_keys.locked_at < now() - make_interval(secs => $5)
     returning id::text as id, resource_id`,
    [scope, key, fingerprint, token, leaseSeconds],
  );
  const r = rows[0];
  return r ? { keyId: r.id, token, resourceId: r.resource_id } : null;
}

export async function find(db: Db, t: KeyTable, scope: string, key: string): Promise<KeyRow | undefined> {
  const rows = await db.query<{
    id: string;
    fingerprint: string;
    response_status: number | null;
    response_headers: Record<string, string> | null;
    response_body: string | null;
    request_id: string | null;
    resource_id: string | null;
    expired: boolean;
  }>(
    `select id::text as id, fingerprint, response_status, response_headers, response_body, request_id, resource_id, expires_at <= now() as expired
       from ${t.table} where ${t.scope} = $1 and key = $2`,
    [scope, key],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      fingerprint: r.fingerprint,
      responseStatus: r.response_status,
      responseHeaders: r.response_headers,
      responseBody: r.response_body,
      requestId: r.request_id,
      resourceId: r.resource_id,
      expired: r.expired,
    }
  );
}

/** The answer to remember for replays: status, headers, the `data` document as JSON text, the first request's id. */
export interface Remembered {
  status: number;
  headers: Record<string, string>;
  dataJson: string;
  requestId: string;
}

/** The statement that records the answer, for the holder of `c` only; part of the creating transaction when it can be. */
export function completeStatement(t: KeyTable, c: Claim, r: Remembered): Statement {
  return {
    text: `update ${t.table} set response_status = $3, response_headers = $4::jsonb, response_body = $5, request_id = $6 where id = $1 and claim = $2`,
    params: [c.keyId, c.token, r.status, JSON.stringify(r.headers), r.dataJson, r.requestId],
  };
}

/**
 * A CTE that records which resource the attempt created, in the statement that creates it: a holder
 * that dies before recording its answer leaves the resource's id, and whoever takes the key over
 * answers with that resource instead of creating a second. `idSql` is the new id in the statement.
 */
export function bindResourceCte(t: KeyTable, c: Claim, firstParam: number, idSql: string): { cte: string; params: unknown[] } {
  return {
    cte: `bound as (update ${t.table} set resource_id = (${idSql})::text where id = $${firstParam} and claim = $${firstParam + 1} returning 1)`,
    params: [c.keyId, c.token],
  };
}

/** Drops one expired record so its key can be used afresh. */
export async function dropExpired(db: Db, t: KeyTable, id: string): Promise<void> {
  await db.query(`delete from ${t.table} where id = $1 and expires_at <= now()`, [id]);
}

/** Gives the key back after a failed attempt that created nothing, so the client may retry with it. */
export async function release(db: Db, t: KeyTable, c: Claim): Promise<void> {
  await db.query(`delete from ${t.table} where id = $1 and claim = $2 and response_body is null and resource_id is null`, [c.keyId, c.token]);
}

/** Deletes up to `limit` expired records, oldest first: one batch of a service's scheduled sweep. Returns how many went. */
export async function purgeExpired(db: Db, t: KeyTable, limit: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (
       delete from ${t.table}
        where id in (select id from ${t.table} where expires_at <= now() order by expires_at limit $1)
       returning 1)
     select count(*)::int as n from gone`,
    [limit],
  );
  return rows[0]?.n ?? 0;
}
