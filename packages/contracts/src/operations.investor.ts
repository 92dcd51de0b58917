// The investor service's operations (routes.ts has their method, path and access: investors only).
import { AddToWatchlist, CreateInvestment, Dashboard, Investment, InvestorListQuery, Portfolio, WatchlistItem } from "./investor";
import { empty, lazySpecs, one, page, type ErrorSpec, type Specs } from "./operation";

const NOT_OPEN: ErrorSpec = { codes: ["NOT_FOUND"], description: "No published pitch with this id that the investor may see." };
const NO_INVESTMENT: ErrorSpec = { codes: ["NOT_FOUND"], description: "No such investment of the caller's (another investor's is not found either)." };

export const investorOperations = lazySpecs({
  getInvestorDashboard: () => ({
    tag: "portfolio",
    summary: "Investor dashboard",
    description: "Totals, the latest investments and watchlist entries. Personal: never cached by shared caches or the browser.",
    responses: { 200: one(Dashboard) },
  }),
  listWatchlist: () => ({
    tag: "watchlist",
    summary: "Watchlist",
    description: "Newest first. `pitch` is null once the pitch is gone or hidden from the investor.",
    query: InvestorListQuery,
    responses: { 200: page(WatchlistItem) },
  }),
  addToWatchlist: () => ({
    tag: "watchlist",
    summary: "Add to the watchlist",
    description: "Adding a pitch that is already there changes nothing and answers 200 with the entry as stored (its note unchanged).",
    body: AddToWatchlist,
    responses: { 201: one(WatchlistItem), 200: one(WatchlistItem) },
    responseNotes: { 201: "Added: the new entry.", 200: "Already on the watchlist: the entry as stored (its note unchanged)." },
    errors: { 404: NOT_OPEN },
  }),
  removeFromWatchlist: () => ({
    tag: "watchlist",
    summary: "Remove from the watchlist",
    description: "204 whether or not the pitch was on the list.",
    responses: { 204: empty },
  }),
  listInvestments: () => ({
    tag: "investments",
    summary: "The caller's investments",
    description: "Newest first.",
    query: InvestorListQuery,
    responses: { 200: page(Investment) },
  }),
  createInvestment: () => ({
    tag: "investments",
    summary: "Invest in a pitch",
    description:
      "Creates a `pending` investment and its ledger entry atomically. The pitch must be published and visible to the investor. " +
      "A replay of a finished request with the same `Idempotency-Key` is the first response, byte for byte.",
    body: CreateInvestment,
    location: true,
    responses: { 201: one(Investment) },
    errors: { 404: NOT_OPEN },
  }),
  getInvestment: () => ({
    tag: "investments",
    summary: "One investment",
    responses: { 200: one(Investment) },
    errors: { 404: NO_INVESTMENT },
  }),
  withdrawInvestment: () => ({
    tag: "investments",
    summary: "Withdraw an investment",
    description: "`pending` or `committed` → `withdrawn`, with the reversing ledger entry.",
    responses: { 200: one(Investment) },
    errors: { 404: NO_INVESTMENT, 409: { codes: ["CONFLICT"], description: "The investment is already withdrawn." } },
  }),
  getPortfolio: () => ({
    tag: "portfolio",
    summary: "Portfolio totals",
    description: "Totals per status and currency, and active investments per genre and currency.",
    responses: { 200: one(Portfolio) },
  }),
} satisfies Specs<"investor">);
