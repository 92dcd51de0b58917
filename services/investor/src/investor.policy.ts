// What an investor may do. Pure functions: no I/O, tested on their own (investor.policy.unit.spec.ts).
import type { InvestmentStatus, PitchSummary, WatchedPitch } from "@pitchey/contracts";

// Every investor route is for investor accounts only (others 403, anonymous 401): the routes'
// declarations say so (@pitchey/contracts routes.ts), and the app enforces it before any handler.

/** The investment state machine: the only transition is withdraw, from pending or committed. */
export const TRANSITIONS = {
  withdraw: { from: ["pending", "committed"], to: "withdrawn" },
} as const satisfies Record<string, { from: readonly InvestmentStatus[]; to: InvestmentStatus }>;

export const canWithdraw = (status: InvestmentStatus): boolean => (TRANSITIONS.withdraw.from as readonly InvestmentStatus[]).includes(status);

/** Money still at work: what the dashboard and the per-genre portfolio count. */
export const ACTIVE_STATUSES: readonly InvestmentStatus[] = ["pending", "committed"];

/**
 * Whether the investor may invest in or watch this pitch: it exists, is published and the pitch
 * service says this viewer may see it (visibility public or investors). Anything else is answered
 * 404, as the pitch API answers for pitches the caller may not see.
 */
export function isOpenToInvestor(summary: PitchSummary | undefined): summary is PitchSummary {
  return summary !== undefined && summary.status === "published" && summary.visibility !== "private" && summary.visible;
}

/**
 * How a watchlist entry shows its pitch (live data from the pitch service). An archived pitch that
 * was public or for investors is one the investor has seen, so it keeps its title; a pitch made
 * private, or gone, shows as null.
 */
export function watchedPitch(summary: PitchSummary | undefined): WatchedPitch | null {
  if (!summary) return null;
  const seenBefore = summary.status === "archived" && summary.visibility !== "private";
  const shown = seenBefore || isOpenToInvestor(summary);
  return shown ? { id: summary.id, title: summary.title, genre: summary.genre, status: summary.status } : null;
}
