// Idempotency-Key records in investor.idempotency_keys (see migrations/SCHEMA.md).
import type { Db } from "@pitchey/data";
import type { KeyRecord } from "./idempotency";

/**
 * Claims the key for this attempt, atomically: a new key is inserted; an existing one is taken over
 * only when it is still unanswered, for the same request, and its holder's lease has run out (the
 * holder died). Returns the record id when this attempt now holds the key, else null.
 */
export async function claim(db: Db, investorId: string, key: string, fingerprint: string, token: string, leaseSeconds: number): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `insert into investor.idempotency_keys (investor_id, key, fingerprint, claim) values ($1, $2, $3, $4)
     on conflict (investor_id, key) do update set claim = excluded.claim, locked_at = now()
      where idempotency_keys.response_body is null
        and idempotency_keys.fingerprint = excluded.fingerprint
        and idempotency_keys.expires_at > now()
        and idempotency_keys.locked_at < now() - make_interval(secs => $5)
     returning id::text as id`,
    [investorId, key, fingerprint, token, leaseSeconds],
  );
  return rows[0]?.id ?? null;
}

export type KeyRow = KeyRecord & { id: string };

export async function find(db: Db, investorId: string, key: string): Promise<KeyRow | undefined> {
  const rows = await db.query<{ id: string; fingerprint: string; response_status: number | null; response_body: string | null; request_id: string | null; expired: boolean }>(
    `select id::text as id, fingerprint, response_status, response_body, request_id, expires_at <= now() as expired
       from investor.idempotency_keys where investor_id = $1 and key = $2`,
    [investorId, key],
  );
  const r = rows[0];
  return r && { id: r.id, fingerprint: r.fingerprint, responseStatus: r.response_status, responseBody: r.response_body, requestId: r.request_id, expired: r.expired };
}

/** Drops one expired record so its key can be used afresh. */
export async function dropExpired(db: Db, id: string): Promise<void> {
  await db.query(`delete from investor.idempotency_keys where id = $1 and expires_at <= now()`, [id]);
}

/** Gives the key back after a failed attempt (nothing was written), so the client may retry with it. */
export async function release(db: Db, id: string, token: string): Promise<void> {
  await db.query(`delete from investor.idempotency_keys where id = $1 and claim = $2 and response_body is null`, [id, token]);
}

/** Deletes up to `limit` expired records, oldest first: one batch of the scheduled sweep
 *  (src/investor.sweep.ts). Returns how many went. */
export async function purgeExpired(db: Db, limit: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (
       delete from investor.idempotency_keys
        where id in (select id from investor.idempotency_keys where expires_at <= now() order by expires_at limit $1)
       returning 1)
     select count(*)::int as n from gone`,
    [limit],
  );
  return rows[0]?.n ?? 0;
}
