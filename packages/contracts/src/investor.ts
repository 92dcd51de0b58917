// Investor contracts: HTTP bodies, queries and responses of /api/investor/*.
import * as z from "zod";
import { Currency, Cursor, Id, IsoDate, Limit, text } from "./common";
import { PitchStatus } from "./pitch-status";

/** Largest single investment: 10^12 cents (ten billion in major units). */
export const MAX_INVESTMENT_CENTS = 1_000_000_000_000;
export const INVESTMENT_STATUSES = ["pending", "committed", "withdrawn"] as const;
export const InvestmentStatus = z.enum(INVESTMENT_STATUSES);
export type InvestmentStatus = z.infer<typeof InvestmentStatus>;

/** The currency of an investment: any active ISO 4217 code (the one list is in common.ts). */
export const InvestmentCurrency = Currency;

const Note = text({ max: 1_000 });

/** Path parameters: opaque ids; anything that is not one of ours is simply not found. */
export const InvestmentPath = z.strictObject({ id: Id });
export const WatchlistPath = z.strictObject({ pitchId: Id });

/** A cursor-paginated list: limit 1–100 (default 20), cursor from meta.nextCursor. */
export const InvestorListQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type InvestorListQuery = z.infer<typeof InvestorListQuery>;

// ---- watchlist ----

/** POST /api/investor/watchlist: 201 with the new entry; adding a pitch already on the list is
 *  idempotent, 200 with the entry as stored (note unchanged). A pitch that is not published and
 *  visible to the investor (unknown, draft, archived, private) → 404. DELETE is 204 whether or not
 *  the entry existed. */
export const AddToWatchlist = z.strictObject({ pitchId: Id, note: Note.nullable().optional() });
export type AddToWatchlist = z.infer<typeof AddToWatchlist>;

/** The pitch as the watchlist shows it; null once the pitch is gone or hidden from this investor. */
export const WatchedPitch = z.object({ id: z.string(), title: z.string(), genre: z.string(), status: PitchStatus });
export type WatchedPitch = z.infer<typeof WatchedPitch>;

export const WatchlistItem = z.object({
  pitchId: z.string(),
  note: z.string().nullable(),
  addedAt: IsoDate,
  pitch: WatchedPitch.nullable(),
});
export type WatchlistItem = z.infer<typeof WatchlistItem>;

// ---- investments ----

/** POST /api/investor/investments (optional `Idempotency-Key` header) → 201 `pending` with
 *  `Location`. A pitch that is not published and visible to the investor → 404 (as the pitch API
 *  answers for it). Replays of a key: the first response, byte for byte, with `Idempotent-Replayed:
 *  true`; the same key with another body → 422 IDEMPOTENCY_KEY_REUSED; while the first is in flight
 *  → 409 IDEMPOTENCY_IN_PROGRESS. A refused or failed attempt is not remembered. */
export const CreateInvestment = z.strictObject({
  pitchId: Id,
  amountCents: z
    .number("must be a whole number of cents")
    .int("must be a whole number of cents")
    .positive("must be positive")
    .max(MAX_INVESTMENT_CENTS, `must be at most ${MAX_INVESTMENT_CENTS}`),
  currency: InvestmentCurrency.default("USD"),
  note: Note.nullable().optional(),
});
export type CreateInvestment = z.infer<typeof CreateInvestment>;

/** `Idempotency-Key` request header: 1–255 printable ASCII characters (a UUID is typical). */
const KEY_RULE = "must be 1–255 printable ASCII characters";
export const IdempotencyKey = z
  .string()
  .min(1, KEY_RULE)
  .max(255, KEY_RULE)
  .regex(/^[\x21-\x7e]+$/, KEY_RULE);

export const Investment = z.object({
  id: z.string(),
  pitchId: z.string(),
  /** The pitch's title when the investment was made (a snapshot; see the investor migration notes). */
  pitch: z.object({ id: z.string(), title: z.string() }),
  amountCents: z.number().int(),
  currency: z.string(),
  status: InvestmentStatus,
  note: z.string().nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Investment = z.infer<typeof Investment>;

// ---- portfolio and dashboard ----

/**
 * A sum of cents, exact: a JSON number while it is a safe integer (|n| ≤ 2^53 − 1, about 90 trillion
 * in major units), else the exact decimal string; a rounded figure is never sent.
 */
export const SumCents = z
  .union([z.number().int(), z.string().regex(/^-?[0-9]+$/)])
  .describe("Exact sum of cents: a number while it is a safe integer (|n| ≤ 2^53 − 1), else its decimal string.");
export type SumCents = z.infer<typeof SumCents>;

/** Money in different currencies is never added together: every sum is per currency. */
export const CurrencyAmount = z.object({ currency: z.string(), amountCents: SumCents });
export type CurrencyAmount = z.infer<typeof CurrencyAmount>;

export const Portfolio = z.object({
  /** Every investment, grouped by status and currency. */
  byStatus: z.array(z.object({ status: InvestmentStatus, currency: z.string(), count: z.number().int(), amountCents: SumCents })),
  /** Active (pending or committed) investments, grouped by the pitch's genre and currency. */
  byGenre: z.array(z.object({ genre: z.string(), currency: z.string(), count: z.number().int(), amountCents: SumCents })),
});
export type Portfolio = z.infer<typeof Portfolio>;

/** The currency `totals.investedCents` is in; other currencies are in `investedByCurrency`. */
export const DASHBOARD_CURRENCY = "USD";

export const Dashboard = z.object({
  totals: z.object({
    /** Active investments in DASHBOARD_CURRENCY. */
    investedCents: SumCents,
    currency: z.string(),
    /** Active investments, every currency. */
    investedByCurrency: z.array(CurrencyAmount),
    activeInvestments: z.number().int(),
    watchlistCount: z.number().int(),
    approvedNdas: z.number().int(),
  }),
  recentInvestments: z.array(Investment),
  watchlist: z.array(WatchlistItem),
});
export type Dashboard = z.infer<typeof Dashboard>;
