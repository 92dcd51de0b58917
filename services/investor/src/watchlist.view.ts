// A watchlist row as the API shows it, with the pitch's live summary (or null; see watchedPitch).
import type { PitchSummary, WatchlistItem } from "@pitchey/contracts";
import type { WatchlistRow } from "./watchlist.repo";
import { watchedPitch } from "./investor.policy";

export const toItem = (row: WatchlistRow, summary: PitchSummary | undefined): WatchlistItem => ({
  pitchId: row.pitchId,
  note: row.note,
  addedAt: row.addedAt,
  pitch: watchedPitch(summary),
});
