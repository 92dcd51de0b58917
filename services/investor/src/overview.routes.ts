// Handlers of GET /api/investor/portfolio and GET /api/investor/dashboard (declared in
// @pitchey/contracts operations.investor.ts).
import { approvedNdasTag } from "@pitchey/contracts/constants";
import { DASHBOARD_CURRENCY, type Dashboard } from "@pitchey/contracts/investor";
import type { investorOperations } from "@pitchey/contracts/operations/investor";
import { ok, type Handlers } from "@pitchey/http";
import { cache, db } from "@pitchey/data";
import type { Env } from "./env";
import * as repo from "./overview.repo";
import { ACTIVE_STATUSES } from "./investor.policy";
import { DASHBOARD, PORTFOLIO, keys, tags } from "./investor.cache";
import { approvedNdaCount, pitchSummaries } from "./pitches.client";
import { toItem } from "./watchlist.view";

/** How many investments and watchlist entries the dashboard shows. */
export const DASHBOARD_RECENT = 5;

export const overviewHandlers = {
  getPortfolio: async ({ user: me }, rc) => {
    const portfolio = await cache(rc).read(keys.portfolio, () => repo.portfolio(db(rc), me.sub, ACTIVE_STATUSES), {
      policy: PORTFOLIO,
      tags: [tags.investments(me.sub)],
      user: me.sub,
    });
    return ok(portfolio!);
  },

  getInvestorDashboard: async ({ user: me }, rc) => {
    const dashboard = await cache(rc).read(
      keys.dashboard,
      async (): Promise<Dashboard> => {
        const [figures, approvedNdas] = await Promise.all([repo.dashboard(db(rc), me.sub, ACTIVE_STATUSES, DASHBOARD_RECENT), approvedNdaCount(rc, me.sub)]);
        // Titles for the watchlist entries: one batched call (investments carry their own snapshot).
        const summaries = await pitchSummaries(
          rc,
          figures.recentWatchlist.map((w) => w.pitchId),
          { id: me.sub, role: me.role },
        );
        return {
          totals: {
            investedCents: figures.investedByCurrency.find((c) => c.currency === DASHBOARD_CURRENCY)?.amountCents ?? 0,
            currency: DASHBOARD_CURRENCY,
            investedByCurrency: figures.investedByCurrency,
            activeInvestments: figures.activeInvestments,
            watchlistCount: figures.watchlistCount,
            approvedNdas,
          },
          recentInvestments: figures.recentInvestments,
          watchlist: figures.recentWatchlist.map((w) => toItem(w, summaries.get(w.pitchId))),
        };
      },
      {
        policy: DASHBOARD,
        // The pitch service bumps approvedNdasTag on every NDA decision about this investor's requests.
        tags: [tags.investments(me.sub), tags.watchlist(me.sub), approvedNdasTag(me.sub)],
        user: me.sub,
      },
    );
    // Personal figures: never stored by a shared cache, nor by the browser (the next read must show a new investment).
    return ok(dashboard!, { cacheControl: "private, no-store" });
  },
} satisfies Partial<Handlers<typeof investorOperations, Env>>;
