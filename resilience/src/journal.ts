// Every write the workload made and what it was answered, and the check that the database agrees:
// a write answered 2xx is there exactly once, one answered with an error is not (or is there exactly
// once when its Idempotency-Key was replayed), and the ledger equals the investments.
import pg from "pg";

export type Write =
  | { kind: "create-pitch"; title: string; ok: boolean; id?: string }
  | { kind: "patch"; pitchId: string; synopsis: string; ok: boolean }
  | { kind: "publish"; pitchId: string; ok: boolean }
  | { kind: "nda-request"; pitchId: string; requesterId: string; ok: boolean; id?: string }
  | { kind: "nda-decision"; ndaId: string; decision: "approved" | "rejected"; ok: boolean }
  | { kind: "investment"; note: string; key: string; body: Record<string, unknown>; token: () => string; ok: boolean; id?: string; replayed?: "ok" | "failed" };

export interface Verdict {
  checked: number;
  lost: number;
  /** What was wrong, one line per lost write (for the test's failure message). */
  problems: string[];
}

/** The synopsis a pitch is created with (a patch history starts from it). */
export const INITIAL_SYNOPSIS = "Written by the resilience suite.";

export async function verifyWrites(databaseUrl: string, writes: Write[]): Promise<Verdict> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const v: Verdict = { checked: 0, lost: 0, problems: [] };
  const lost = (what: string) => {
    v.lost++;
    v.problems.push(what);
  };
  try {
    const patches = new Map<string, Extract<Write, { kind: "patch" }>[]>();
    const publishes = new Map<string, boolean>();
    const decisions = new Map<string, Extract<Write, { kind: "nda-decision" }>[]>();
    for (const w of writes) {
      switch (w.kind) {
        case "create-pitch": {
          v.checked++;
          const { rows } = await db.query<{ id: string }>("select id::text from pitch.pitches where title = $1", [w.title]);
          if (w.ok && (rows.length !== 1 || rows[0]!.id !== w.id))
            lost(`pitch "${w.title}" answered 2xx (id ${w.id}) but the database has ${rows.length} row(s)`);
          if (!w.ok && rows.length !== 0) lost(`pitch "${w.title}" answered an error but the database has ${rows.length} row(s)`);
          break;
        }
        case "patch":
          patches.set(w.pitchId, [...(patches.get(w.pitchId) ?? []), w]);
          break;
        case "publish":
          publishes.set(w.pitchId, (publishes.get(w.pitchId) ?? false) || w.ok);
          v.checked++;
          break;
        case "nda-request": {
          v.checked++;
          const { rows } = await db.query<{ id: string }>("select id::text from pitch.ndas where pitch_id = $1 and requester_id = $2", [
            w.pitchId,
            w.requesterId,
          ]);
          if (w.ok && (rows.length !== 1 || rows[0]!.id !== w.id))
            lost(`NDA request on pitch ${w.pitchId} answered 2xx but the database has ${rows.length} row(s)`);
          if (!w.ok && rows.length !== 0) lost(`NDA request on pitch ${w.pitchId} answered an error but the database has ${rows.length} row(s)`);
          break;
        }
        case "nda-decision":
          decisions.set(w.ndaId, [...(decisions.get(w.ndaId) ?? []), w]);
          break;
        case "investment": {
          v.checked++;
          const { rows } = await db.query<{ id: string }>("select id::text from investor.investments where note = $1", [w.note]);
          const once = rows.length === 1 && (w.id === undefined || rows[0]!.id === w.id);
          if (w.ok && !once) lost(`investment "${w.note}" answered 201 (id ${w.id}) but the database has ${rows.length} row(s)`);
          if (!w.ok && w.replayed === "ok" && rows.length !== 1)
            lost(`investment "${w.note}" replayed with its key but the database has ${rows.length} row(s)`);
          if (!w.ok && w.replayed !== "ok" && rows.length !== 0)
            lost(`investment "${w.note}" answered an error (not replayed) but the database has ${rows.length} row(s)`);
          break;
        }
      }
    }
    // Patches of one pitch run one after another: the stored synopsis is the last one answered 2xx.
    for (const [pitchId, ws] of patches) {
      v.checked += ws.length;
      const want = [...ws].reverse().find((w) => w.ok)?.synopsis;
      const { rows } = await db.query<{ synopsis: string }>("select synopsis from pitch.pitches where id = $1", [pitchId]);
      const have = rows[0]?.synopsis;
      const failed = new Set(ws.filter((w) => !w.ok).map((w) => w.synopsis));
      if (want !== undefined ? have !== want : have !== undefined && failed.has(have)) {
        lost(`pitch ${pitchId}: synopsis is "${have}", the last patch answered 2xx wrote "${want ?? "(none)"}"`);
      }
    }
    for (const [pitchId, published] of publishes) {
      const { rows } = await db.query<{ status: string }>("select status from pitch.pitches where id = $1", [pitchId]);
      const status = rows[0]?.status;
      if (published !== (status === "published")) lost(`pitch ${pitchId}: publish answered ${published ? "2xx" : "only errors"} but its status is ${status}`);
    }
    for (const [ndaId, ws] of decisions) {
      v.checked += ws.length;
      const done = ws.find((w) => w.ok);
      const { rows } = await db.query<{ status: string }>("select status from pitch.ndas where id = $1", [ndaId]);
      const status = rows[0]?.status;
      if (done ? status !== done.decision : status !== "pending")
        lost(`NDA ${ndaId}: status ${status}, answered ${done ? `2xx for ${done.decision}` : "only errors"}`);
    }
  } finally {
    await db.end();
  }
  return v;
}

/** The ledger equals the investments: one +amount entry per investment, one −amount entry per
 *  withdrawn one and none for the others, and the totals agree. Returns what disagrees. */
export async function ledgerMismatches(databaseUrl: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; problem: string }>(`
      select i.id::text, case
        when inv.n is distinct from 1 or inv.amount <> i.amount_cents then 'no single +amount entry'
        when i.status = 'withdrawn' and (wd.n is distinct from 1 or wd.amount <> -i.amount_cents) then 'withdrawn without a single -amount entry'
        when i.status <> 'withdrawn' and wd.n is not null then 'a withdrawal entry on an investment that is ' || i.status
      end as problem
      from investor.investments i
      left join (select investment_id, count(*) n, sum(amount_cents) amount from investor.ledger_entries where kind = 'investment' group by 1) inv on inv.investment_id = i.id
      left join (select investment_id, count(*) n, sum(amount_cents) amount from investor.ledger_entries where kind = 'withdrawal' group by 1) wd on wd.investment_id = i.id`);
    const out = rows.filter((r) => r.problem).map((r) => `investment ${r.id}: ${r.problem}`);
    const totals = await db.query<{ ledger: string; invested: string; orphans: string }>(`
      select (select coalesce(sum(amount_cents), 0) from investor.ledger_entries)::text ledger,
             (select coalesce(sum(amount_cents), 0) from investor.investments where status <> 'withdrawn')::text invested,
             (select count(*) from investor.ledger_entries l where not exists (select 1 from investor.investments i where i.id = l.investment_id))::text orphans`);
    const t = totals.rows[0]!;
    if (t.ledger !== t.invested) out.push(`ledger total ${t.ledger} ≠ open investments ${t.invested}`);
    if (t.orphans !== "0") out.push(`${t.orphans} ledger entries without an investment`);
    return out;
  } finally {
    await db.end();
  }
}
