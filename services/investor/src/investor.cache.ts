// How investor data is cached: policies and tags (key families are listed in migrations/SCHEMA.md).
// Every read is per investor (the cache's `user` option puts the id in every layer's key) and every
// write bumps the investor's tag, so the next read shows it.
import type { CachePolicy } from "@pitchey/data";

/** Investment lists and single investments: only this service writes them, so a long TTL is safe. */
export const INVESTMENTS: CachePolicy = { name: "investor-investments", ttl: 300, grace: 600, negativeTtl: 30, memoryTtl: 5 };
/** Watchlist pages carry live pitch titles/status from the pitch service, which can change without us hearing. */
export const WATCHLIST: CachePolicy = { name: "investor-watchlist", ttl: 60, grace: 300, memoryTtl: 5 };
export const PORTFOLIO: CachePolicy = { name: "investor-portfolio", ttl: 300, grace: 600, memoryTtl: 5 };
/** Also carries pitch titles of the recent watchlist entries, owned by the pitch service: short. The
 *  approved-NDA count follows decisions through approvedNdasTag (overview.routes.ts). */
export const DASHBOARD: CachePolicy = { name: "investor-dashboard", ttl: 30, grace: 120, memoryTtl: 5 };

export const tags = {
  investments: (investorId: string) => `investor:${investorId}:investments`,
  watchlist: (investorId: string) => `investor:${investorId}:watchlist`,
};

export const keys = {
  investments: (limit: number, before: string | null) => `investor:investments:${limit}:${before ?? "-"}`,
  investment: (id: string) => `investor:investment:${id}`,
  watchlist: (limit: number, before: string | null) => `investor:watchlist:${limit}:${before ?? "-"}`,
  portfolio: "investor:portfolio",
  dashboard: "investor:dashboard",
};
