// SQL for investments and their ledger entries (schema in migrations/0001_investor_schema.sql).
import type { Investment, InvestmentStatus } from "@pitchey/contracts";
import { isoText, type Db, type Statement } from "@pitchey/data";

/**
 * The API's investment object, built by Postgres. Every read uses it, and so does the response
 * stored for Idempotency-Key replays (written in the creating transaction), so they cannot differ.
 */
export const investmentDoc = (i: string) => `json_build_object(
  'id', ${i}.id::text,
  'pitchId', ${i}.pitch_id::text,
  'pitch', json_build_object('id', ${i}.pitch_id::text, 'title', ${i}.pitch_title),
  'amountCents', ${i}.amount_cents,
  'currency', ${i}.currency,
  'status', ${i}.status,
  'note', ${i}.note,
  'createdAt', ${isoText(`${i}.created_at`, "ms")},
  'updatedAt', ${isoText(`${i}.updated_at`, "ms")})`;

/** Newest first; `beforeId` is the last id of the previous page. */
export async function list(db: Db, investorId: string, limit: number, beforeId: string | null): Promise<Investment[]> {
  const rows = await db.query<{ doc: Investment }>(
    `select ${investmentDoc("i")} as doc from investor.investments i
      where i.investor_id = $1 and ($2::bigint is null or i.id < $2::bigint)
      order by i.id desc limit $3`,
    [investorId, beforeId, limit],
  );
  return rows.map((r) => r.doc);
}

/** The investor's own investment, or undefined (someone else's is indistinguishable from none). */
export async function get(db: Db, investorId: string, id: string): Promise<Investment | undefined> {
  const rows = await db.query<{ doc: Investment }>(`select ${investmentDoc("i")} as doc from investor.investments i where i.id = $1 and i.investor_id = $2`, [
    id,
    investorId,
  ]);
  return rows[0]?.doc;
}

/** Reserves the next investment id, so one non-interactive transaction can write every row that names it. */
export async function reserveId(db: Db): Promise<string> {
  const rows = await db.query<{ id: string }>(`select nextval(pg_get_serial_sequence('investor.investments', 'id'))::text as id`);
  return rows[0]!.id;
}

export interface NewInvestment {
  id: string;
  investorId: string;
  pitchId: string;
  pitchTitle: string;
  pitchGenre: string;
  amountCents: number;
  currency: string;
  note: string | null;
}

/** With an Idempotency-Key: which record to complete, the request id the response carries, its Location. */
export interface IdempotentWrite {
  keyId: string;
  requestId: string;
  location: string;
}

/**
 * The investment, its ledger entry and (with a key) the key's stored response, in ONE transaction:
 * all commit or none does. Returns the investment document as JSON text.
 */
export async function create(db: Db, inv: NewInvestment, idem: IdempotentWrite | null): Promise<string> {
  const statements: Statement[] = [
    {
      text: `insert into investor.investments (id, investor_id, pitch_id, pitch_title, pitch_genre, amount_cents, currency, note, idempotency_key_id)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      params: [inv.id, inv.investorId, inv.pitchId, inv.pitchTitle, inv.pitchGenre, inv.amountCents, inv.currency, inv.note, idem?.keyId ?? null],
    },
    {
      text: `insert into investor.ledger_entries (investment_id, investor_id, kind, amount_cents, currency) values ($1, $2, 'investment', $3, $4)`,
      params: [inv.id, inv.investorId, inv.amountCents, inv.currency],
    },
    idem
      ? {
          text: `update investor.idempotency_keys k
                    set response_status = 201, request_id = $3, response_headers = jsonb_build_object('location', $4::text),
                        response_body = (select ${investmentDoc("i")}::text from investor.investments i where i.id = $2)
                  where k.id = $1
              returning k.response_body as body`,
          params: [idem.keyId, inv.id, idem.requestId, idem.location],
        }
      : { text: `select ${investmentDoc("i")}::text as body from investor.investments i where i.id = $1`, params: [inv.id] },
  ];
  const results = await db.batch(statements);
  const body = results[2]?.[0]?.body;
  if (typeof body !== "string") throw new Error("investment was written but its document could not be read back");
  return body;
}

export type WithdrawResult = { kind: "withdrawn"; investment: Investment } | { kind: "refused"; investment: Investment } | { kind: "missing" };

/**
 * Withdraws the investor's investment if its status is one of `rule.from`, writing the reversing
 * ledger entry in the same statement (so in the same transaction); then reads it back.
 */
export async function withdraw(
  db: Db,
  investorId: string,
  id: string,
  rule: { from: readonly InvestmentStatus[]; to: InvestmentStatus },
): Promise<WithdrawResult> {
  const [changed, current] = await db.batch([
    {
      text: `with moved as (
               update investor.investments set status = $4, updated_at = now()
                where id = $1 and investor_id = $2 and status = any($3::text[])
            returning id, investor_id, amount_cents, currency)
             insert into investor.ledger_entries (investment_id, investor_id, kind, amount_cents, currency)
             select id, investor_id, 'withdrawal', -amount_cents, currency from moved
             returning investment_id`,
      params: [id, investorId, rule.from, rule.to],
    },
    { text: `select ${investmentDoc("i")} as doc from investor.investments i where i.id = $1 and i.investor_id = $2`, params: [id, investorId] },
  ]);
  const investment = current?.[0]?.doc as Investment | undefined;
  if (!investment) return { kind: "missing" };
  return changed?.length ? { kind: "withdrawn", investment } : { kind: "refused", investment };
}
