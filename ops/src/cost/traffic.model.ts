// The traffic the cost model prices (`npm run cost`): who uses Pitchey how often, by route. These are
// assumptions, not measurements — change them here, in one place, and the table follows. What each
// request costs is measured (tools/cost.ts); only how many there are is assumed.

/** One kind of client request; `tools/cost.ts` knows how to send each. */
export type RequestClass =
  | "browse.anonymous"
  | "detail.anonymous"
  | "browse.signedIn"
  | "detail.signedIn"
  | "view.record"
  | "dashboard.investor"
  | "watchlist.add"
  | "nda.request"
  | "pitch.edit"
  | "auth.refresh"
  | "auth.login";

export interface TrafficModel {
  /** Monthly active users priced. */
  tiers: number[];
  /** Share of monthly active users active on a given day. */
  dailyActiveShare: number;
  daysPerMonth: number;
  /** Requests per daily active user per day, by class. */
  perActiveUserPerDay: Record<RequestClass, number>;
  /** How a day's requests spread over its 24 hours (relative weights, any scale): the database's
   *  autoscaled compute follows this hour by hour. */
  hourlyWeights: number[];
  /** The share of a compute unit's CPU the database may use before autoscaling adds more. */
  dbTargetUtilisation: number;
  /** Postgres data per registered user (pitches, NDAs, watchlists, sessions, indexes), bytes. */
  dbBytesPerUser: number;
  /** Redis data per daily active user (sessions, limits, cached rows), bytes. */
  redisBytesPerActiveUser: number;
}

export const TRAFFIC: TrafficModel = {
  tiers: [10_000, 100_000, 1_000_000],
  dailyActiveShare: 0.2,
  daysPerMonth: 30,
  // A day of a typical active user: a few sessions of browsing (half of it before signing in),
  // opening pitches, an investor's dashboard, the odd write; an access token lasts 15 minutes, so a
  // day's sessions refresh it a few times, and most days start from a stored refresh token.
  perActiveUserPerDay: {
    "browse.anonymous": 4,
    "detail.anonymous": 6,
    "browse.signedIn": 8,
    "detail.signedIn": 10,
    "view.record": 6,
    "dashboard.investor": 2,
    "watchlist.add": 0.5,
    "nda.request": 0.1,
    "pitch.edit": 0.2,
    "auth.refresh": 3,
    "auth.login": 0.3,
  },
  // Quiet at night, busiest in the evening (UTC here; a global audience flattens it): the busiest
  // hour carries 1.6× the average hour's requests.
  hourlyWeights: [2, 1.5, 1, 1, 1, 1.5, 2.5, 4, 5, 5.5, 6, 6, 6, 6, 6, 6, 6.5, 7, 7.5, 7.5, 7, 6, 4.5, 3],
  dbTargetUtilisation: 0.5,
  dbBytesPerUser: 40_000,
  redisBytesPerActiveUser: 2_000,
};
