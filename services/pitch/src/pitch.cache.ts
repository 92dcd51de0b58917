// How pitch data is cached: policies (TTL, grace) and the tags writes invalidate. Key families and
// what each tag covers: migrations/README.md. View counts are not invalidated per view: counts in
// cached reads may lag by up to ttl + grace.
import type { ListPitchesQuery } from "@pitchey/contracts";
import { firstPageShared, type CachePolicy } from "@pitchey/data";

export const PITCH_DETAIL: CachePolicy = { name: "pitch", ttl: 60, grace: 600, negativeTtl: 30, memoryTtl: 10 };
export const PITCH_ACCESS: CachePolicy = { name: "pitch-access", ttl: 300, grace: 600, memoryTtl: 10 };
export const PITCH_LIST: CachePolicy = { name: "pitch-list", ttl: 30, grace: 300, memoryTtl: 5 };
export const PITCH_MINE: CachePolicy = { name: "pitch-mine", ttl: 60, grace: 300, memoryTtl: 5 };

// A "not found" of the detail (negativeTtl) is keyed by the pitch's tag like any entry, so creating a
// pitch bumps that tag too: a probe of the next id (ids are sequential) cannot hide the new pitch.
export const tags = {
  pitch: (id: string) => `pitch:${id}`,
  access: (id: string) => `pitch:${id}:ndas`,
  browse: "pitches",
  creator: (id: string) => `creator:${id}`,
};

/** Everything a change to one pitch makes stale. */
export const pitchWriteTags = (id: string, creatorId: string) => [tags.pitch(id), tags.browse, tags.creator(creatorId)];

export type BrowseFilters = Omit<ListPitchesQuery, "cursor">;

/** The same search however it is typed: websearch_to_tsquery ignores case and runs of spaces. */
export const normalizeSearch = (q: string) => q.toLowerCase().replace(/\s+/g, " ");

/** One browse page's key: audience, the filters given (sorted, defaults filled in by the query
 *  schema), and the position after which the page starts. */
export function browseKey(audience: string, filters: BrowseFilters, after?: { key: string; id: string }): string {
  const given = Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `browse:${audience}:${JSON.stringify(given)}:${after ? `${after.key}/${after.id}` : ""}`;
}

/**
 * The browse family's budget in the shared layers (Cache API, Redis): only first pages at the default
 * page size, filtered by nothing but genre, format and sort (fixed lists), are shared — at most
 * 2 audiences × 3 sorts × 16 genres (or none) × 7 formats (or none) = 672 keys, one entry each
 * whatever the tag versions, each at most SHARED_MAX_CHARS. A search, a budget range, a creator,
 * another page size or a later page (its cursor is any position a client writes) is a key a client
 * chooses freely: it stays in isolate memory.
 */
export function browseShared(filters: BrowseFilters, after: unknown): boolean {
  return (
    firstPageShared(filters.limit, after) &&
    filters.q === undefined &&
    filters.minBudget === undefined &&
    filters.maxBudget === undefined &&
    filters.creatorId === undefined
  );
}
