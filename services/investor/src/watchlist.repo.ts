// SQL for the watchlist (schema in migrations/0001_investor_schema.sql).
import { isoText, type Db } from "@pitchey/data";

export interface WatchlistRow {
  /** Position in the list (the pagination key), not shown to clients. */
  seq: string;
  pitchId: string;
  note: string | null;
  addedAt: string;
}

const COLUMNS = `w.id::text as seq, w.pitch_id::text as "pitchId", w.note, ${isoText("w.added_at", "ms")} as "addedAt"`;

/** Newest first; `beforeSeq` is the last position of the previous page. */
export function list(db: Db, investorId: string, limit: number, beforeSeq: string | null): Promise<WatchlistRow[]> {
  return db.query<WatchlistRow & Record<string, unknown>>(
    `select ${COLUMNS} from investor.watchlist w
      where w.investor_id = $1 and ($2::bigint is null or w.id < $2::bigint)
      order by w.id desc limit $3`,
    [investorId, beforeSeq, limit],
  );
}

/** Adds the pitch once: a second add leaves the first entry (and its note) as it was. */
export async function add(db: Db, investorId: string, pitchId: string, note: string | null): Promise<{ row: WatchlistRow; created: boolean }> {
  const inserted = await db.query<WatchlistRow & Record<string, unknown>>(
    `insert into investor.watchlist as w (investor_id, pitch_id, note) values ($1, $2, $3)
     on conflict (investor_id, pitch_id) do nothing
     returning ${COLUMNS}`,
    [investorId, pitchId, note],
  );
  if (inserted[0]) return { row: inserted[0], created: true };
  const existing = await db.query<WatchlistRow & Record<string, unknown>>(
    `select ${COLUMNS} from investor.watchlist w where w.investor_id = $1 and w.pitch_id = $2`,
    [investorId, pitchId],
  );
  // Removed again between the two statements: report it as just added by this request.
  if (!existing[0]) return add(db, investorId, pitchId, note);
  return { row: existing[0], created: false };
}

/** True when an entry was removed. */
export async function remove(db: Db, investorId: string, pitchId: string): Promise<boolean> {
  const rows = await db.query(`delete from investor.watchlist where investor_id = $1 and pitch_id = $2 returning 1`, [investorId, pitchId]);
  return rows.length > 0;
}
