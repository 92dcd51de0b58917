// Shaping pitch records into the public JSON, field by field (nothing internal leaks by accident):
// `protected` only when policy allows it.
import type { Pitch } from "@pitchey/contracts";
import type { PitchRecord } from "./pitch.repo";

export interface CachedPitch {
  record: PitchRecord;
  creatorName: string;
}

export function toPitch({ record: r, creatorName }: CachedPitch, withProtected: boolean): Pitch {
  const pitch: Pitch = {
    id: r.id,
    creatorId: r.creatorId,
    creator: { id: r.creatorId, name: creatorName },
    title: r.title,
    logline: r.logline,
    genre: r.genre as Pitch["genre"],
    format: r.format as Pitch["format"],
    synopsis: r.synopsis,
    targetAudience: r.targetAudience,
    budgetCents: r.budgetCents,
    currency: r.currency,
    seekingCents: r.seekingCents,
    status: r.status,
    visibility: r.visibility,
    requireNda: r.requireNda,
    viewCount: r.viewCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    publishedAt: r.publishedAt,
  };
  if (withProtected) {
    const m = r.protected;
    pitch.protected = {
      budgetBreakdown: m?.budgetBreakdown ?? null,
      financialProjections: m?.financialProjections ?? null,
      attachedTalent: m?.attachedTalent ?? null,
      distributionPlan: m?.distributionPlan ?? null,
      contactEmail: m?.contactEmail ?? null,
    };
  }
  return pitch;
}
