// SQL for NDA requests.
import type { Nda } from "@pitchey/contracts";
import { bindResourceCte, isoText, keysetAfter, rowMapper, type Claim, type Db, type KeyTable } from "@pitchey/data";

const COLUMNS = `id::text as id, pitch_id::text as pitch_id, requester_id::text as requester_id, owner_id::text as owner_id,
  status, message, created_at, decided_at,
  ${isoText("created_at")} as sort_key`;

export const toNda = rowMapper<Nda>({
  id: "text",
  pitchId: "text",
  requesterId: "text",
  ownerId: "text",
  status: "text",
  message: "text?",
  createdAt: "iso",
  decidedAt: "iso?",
});

/** Inserts a pending request (a second open one for the same user and pitch violates ndas_open_key);
 *  with `key`, records the new id on the Idempotency-Key claim in the same statement. */
export async function insertRequest(
  db: Db,
  pitchId: string,
  requesterId: string,
  ownerId: string,
  message: string | null,
  key?: { table: KeyTable; claim: Claim },
): Promise<Nda> {
  const bind = key ? bindResourceCte(key.table, key.claim, 5, "select id from made") : null;
  const rows = await db.query(
    `with made as (insert into pitch.ndas (pitch_id, requester_id, owner_id, message) values ($1, $2, $3, $4) returning ${COLUMNS})${bind ? `, ${bind.cte}` : ""}
     select * from made`,
    [pitchId, requesterId, ownerId, message, ...(bind?.params ?? [])],
  );
  return toNda(rows[0]!);
}

export async function findNda(db: Db, id: string): Promise<Nda | undefined> {
  const rows = await db.query(`select ${COLUMNS} from pitch.ndas where id = $1`, [id]);
  return rows[0] ? toNda(rows[0]) : undefined;
}

/** Moves the request if it is in an allowed state and the caller owns the pitch; undefined otherwise. */
export async function decide(db: Db, id: string, ownerId: string, from: string[], to: string): Promise<Nda | undefined> {
  const rows = await db.query(
    `update pitch.ndas set status = $4, decided_at = now()
      where id = $1 and owner_id = $2 and status = any($3::text[]) returning ${COLUMNS}`,
    [id, ownerId, from, to],
  );
  return rows[0] ? toNda(rows[0]) : undefined;
}

export async function listNdas(
  db: Db,
  userId: string,
  o: { direction?: "incoming" | "outgoing"; status?: string; limit: number; after?: { key: string; id: string } },
): Promise<(Nda & { sortKey: string })[]> {
  const params: unknown[] = [userId];
  const where = [o.direction === "incoming" ? "owner_id = $1" : o.direction === "outgoing" ? "requester_id = $1" : "(owner_id = $1 or requester_id = $1)"];
  if (o.status) {
    params.push(o.status);
    where.push(`status = $${params.length}`);
  }
  if (o.after) where.push(keysetAfter("created_at", "id", "timestamptz", o.after, params));
  params.push(o.limit);
  const rows = await db.query(
    `select ${COLUMNS} from pitch.ndas n where ${where.join(" and ")} order by n.created_at desc, n.id desc limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...toNda(r), sortKey: r.sort_key as string }));
}

export async function countApproved(db: Db, userId: string): Promise<number> {
  const rows = await db.query<{ n: string }>("select count(*)::text as n from pitch.ndas where requester_id = $1 and status = 'approved'", [userId]);
  return Number(rows[0]?.n ?? 0);
}
