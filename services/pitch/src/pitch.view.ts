// Shaping pitch records into the public JSON: `protected` only when policy allows it.
import type { Pitch } from "@pitchey/contracts";
import type { PitchRecord } from "./pitch.repo";

export interface CachedPitch {
  record: PitchRecord;
  creatorName: string;
}

export function toPitch({ record, creatorName }: CachedPitch, withProtected: boolean): Pitch {
  const { protected: material, ...rest } = record;
  const pitch = { ...rest, creator: { id: record.creatorId, name: creatorName } } as Pitch;
  if (withProtected) {
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
