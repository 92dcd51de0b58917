// A pitch's status, apart from the other pitch contracts: the investor contracts use it, and importing
// pitch.ts would put every pitch schema (each built at module scope) in the investor Worker's bundle.
import * as z from "zod";

export const PITCH_STATUSES = ["draft", "published", "archived"] as const;
export const PitchStatus = z.enum(PITCH_STATUSES);
export type PitchStatus = z.infer<typeof PitchStatus>;
