// Shaping pitch records into the public JSON, field by field (nothing internal leaks by accident):
// `protected` only when the caller passes the material, which policy decides.
import type { Pitch, ProtectedMaterial } from "@pitchey/contracts";
import type { PitchRecord } from "./pitch.repo";

export function toPitch(r: PitchRecord, creatorName: string, material?: ProtectedMaterial | null): Pitch {
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
  if (material !== undefined) {
    pitch.protected = {
      budgetBreakdown: material?.budgetBreakdown ?? null,
      financialProjections: material?.financialProjections ?? null,
      attachedTalent: material?.attachedTalent ?? null,
      distributionPlan: material?.distributionPlan ?? null,
      contactEmail: material?.contactEmail ?? null,
    };
  }
  return pitch;
}
