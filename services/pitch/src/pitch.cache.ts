// How pitch data is cached: policies (TTL, grace) and the tags writes invalidate. Key families and
// what each tag covers: migrations/README.md. View counts are not invalidated per view: counts in
// cached reads may lag by up to ttl + grace.
import type { CachePolicy } from "@pitchey/data";

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
