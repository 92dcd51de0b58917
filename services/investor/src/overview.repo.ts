// SQL for the portfolio and dashboard figures: every sum and count is computed by Postgres.
import type { CurrencyAmount, Investment, Portfolio } from "@pitchey/contracts";
import { isoText, type Db } from "@pitchey/data";
import { investmentDoc } from "./investments.repo";
import type { WatchlistRow } from "./watchlist.repo";
import { exactCents } from "./money";

/** Totals per (status, currency) over every investment, and per (genre, currency) over active ones. */
export async function portfolio(db: Db, investorId: string, active: readonly string[]): Promise<Portfolio> {
  // Sums as text: a float would round past 2^53 (see exactCents).
  const [byStatus, byGenre] = await Promise.all([
    db.query<Omit<Portfolio["byStatus"][number], "amountCents"> & { amountCents: string } & Record<string, unknown>>(
      `select status, currency, count(*)::int as count, sum(amount_cents)::text as "amountCents"
         from investor.investments where investor_id = $1
        group by status, currency order by status, currency`,
      [investorId],
    ),
    db.query<Omit<Portfolio["byGenre"][number], "amountCents"> & { amountCents: string } & Record<string, unknown>>(
      `select pitch_genre as genre, currency, count(*)::int as count, sum(amount_cents)::text as "amountCents"
         from investor.investments where investor_id = $1 and status = any($2::text[])
        group by pitch_genre, currency order by pitch_genre, currency`,
      [investorId, active],
    ),
  ]);
  return {
    byStatus: byStatus.map((r) => ({ ...r, amountCents: exactCents(r.amountCents) })),
    byGenre: byGenre.map((r) => ({ ...r, amountCents: exactCents(r.amountCents) })),
  };
}

export interface DashboardFigures {
  investedByCurrency: CurrencyAmount[];
  activeInvestments: number;
  watchlistCount: number;
  recentInvestments: Investment[];
  recentWatchlist: WatchlistRow[];
}

/** Every figure of the dashboard that lives in this service's tables, in one round trip. */
export async function dashboard(db: Db, investorId: string, active: readonly string[], recent: number): Promise<DashboardFigures> {
  const rows = await db.query<{
    invested: { currency: string; amountCents: string }[];
    active: number;
    watched: number;
    investments: Investment[];
    watchlist: WatchlistRow[];
  }>(
    `select
       (select coalesce(json_agg(json_build_object('currency', currency, 'amountCents', total::text) order by currency), '[]'::json)
          from (select currency, sum(amount_cents) as total from investor.investments
                 where investor_id = $1 and status = any($2::text[]) group by currency) t) as invested,
       (select count(*)::int from investor.investments where investor_id = $1 and status = any($2::text[])) as active,
       (select count(*)::int from investor.watchlist where investor_id = $1) as watched,
       (select coalesce(json_agg(doc order by id desc), '[]'::json)
          from (select i.id, ${investmentDoc("i")} as doc from investor.investments i
                 where i.investor_id = $1 order by i.id desc limit $3) r) as investments,
       (select coalesce(json_agg(json_build_object('seq', w.id::text, 'pitchId', w.pitch_id::text, 'note', w.note, 'addedAt', ${isoText("w.added_at", "ms")}) order by w.id desc), '[]'::json)
          from (select * from investor.watchlist where investor_id = $1 order by id desc limit $3) w) as watchlist`,
    [investorId, active, recent],
  );
  const r = rows[0]!;
  return {
    investedByCurrency: r.invested.map((c) => ({ currency: c.currency, amountCents: exactCents(c.amountCents) })),
    activeInvestments: r.active,
    watchlistCount: r.watched,
    recentInvestments: r.investments,
    recentWatchlist: r.watchlist,
  };
}
