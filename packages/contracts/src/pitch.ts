// Pitch contracts: HTTP bodies of /api/pitches* and /api/ndas*, and the pitch service's RPC methods.
import * as z from "zod";
import { Currency, Cursor, Id, IsoDate, Limit, queryInt, storable, text, type Role } from "./common";
import type { CallTrace } from "./call";
import type { SelfCheck } from "./health";
import { PitchStatus } from "./pitch-status";

export { PITCH_STATUSES, PitchStatus } from "./pitch-status";

export const GENRES = [
  "action",
  "animation",
  "comedy",
  "crime",
  "documentary",
  "drama",
  "family",
  "fantasy",
  "horror",
  "musical",
  "mystery",
  "romance",
  "sci-fi",
  "thriller",
  "western",
] as const;
export const FORMATS = ["feature", "short", "tv-series", "limited-series", "web-series", "documentary"] as const;
export const VISIBILITIES = ["public", "investors", "private"] as const;
export const NDA_STATUSES = ["pending", "approved", "rejected", "revoked"] as const;

export const Genre = z.enum(GENRES);
export const Format = z.enum(FORMATS);
export const Visibility = z.enum(VISIBILITIES);
export type PitchVisibility = z.infer<typeof Visibility>;

/** Money in cents: a non-negative integer up to 10^13 (100 billion in major units). */
export const MAX_CENTS = 10_000_000_000_000;
const Cents = z.number().int("must be a whole number of cents").min(0, "must not be negative").max(MAX_CENTS, `must be at most ${MAX_CENTS}`);
const optionalText = (max: number) => text({ max });
const required = (max: number) => text({ max, min: 1 });

export const ProtectedMaterial = z.strictObject({
  budgetBreakdown: optionalText(20_000).nullable().optional(),
  financialProjections: optionalText(20_000).nullable().optional(),
  attachedTalent: optionalText(5_000).nullable().optional(),
  distributionPlan: optionalText(10_000).nullable().optional(),
  contactEmail: storable(z.email("must be an email address")).max(254).nullable().optional(),
});
export type ProtectedMaterial = z.infer<typeof ProtectedMaterial>;

const editable = {
  title: required(200),
  logline: required(500),
  genre: Genre,
  format: Format,
  synopsis: optionalText(10_000),
  targetAudience: optionalText(500),
  budgetCents: Cents,
  currency: Currency,
  seekingCents: Cents,
  visibility: Visibility,
  requireNda: z.boolean(),
  protected: ProtectedMaterial.nullable(),
};

export const CreatePitch = z.strictObject({
  ...editable,
  synopsis: editable.synopsis.default(""),
  targetAudience: editable.targetAudience.default(""),
  currency: editable.currency.default("USD"),
  seekingCents: editable.seekingCents.default(0),
  visibility: editable.visibility.default("public"),
  requireNda: editable.requireNda.default(false),
  protected: editable.protected.default(null),
});
export type CreatePitch = z.infer<typeof CreatePitch>;

export const UpdatePitch = z
  .strictObject(
    Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof editable]: z.ZodOptional<(typeof editable)[K]> },
  )
  .refine((b) => Object.keys(b).length > 0, { message: "send at least one field to change" });
export type UpdatePitch = z.infer<typeof UpdatePitch>;

export const Pitch = z.object({
  id: z.string(),
  creatorId: z.string(),
  creator: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  logline: z.string(),
  genre: Genre,
  format: Format,
  synopsis: z.string(),
  targetAudience: z.string(),
  budgetCents: z.number().int(),
  currency: z.string(),
  seekingCents: z.number().int(),
  status: PitchStatus,
  visibility: Visibility,
  requireNda: z.boolean(),
  viewCount: z.number().int(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  publishedAt: IsoDate.nullable(),
  protected: ProtectedMaterial.optional(),
});
export type Pitch = z.infer<typeof Pitch>;

export const PitchSort = z.enum(["new", "trending", "popular"]);
export const ListPitchesQuery = z
  .strictObject({
    genre: Genre.optional(),
    format: Format.optional(),
    q: text({ min: 1, max: 200 }).optional(),
    minBudget: queryInt(0, MAX_CENTS).optional(),
    maxBudget: queryInt(0, MAX_CENTS).optional(),
    creatorId: Id.optional(),
    sort: PitchSort.default("new"),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => q.minBudget === undefined || q.maxBudget === undefined || q.minBudget <= q.maxBudget, {
    message: "must not be below minBudget",
    path: ["maxBudget"],
  });
export type ListPitchesQuery = z.infer<typeof ListPitchesQuery>;

export const MinePitchesQuery = z.strictObject({ status: PitchStatus.optional(), limit: Limit, cursor: Cursor.optional() });

export const NdaStatus = z.enum(NDA_STATUSES);
export const RequestNda = z.strictObject({ message: optionalText(2_000).optional() });
export const Nda = z.object({
  id: z.string(),
  pitchId: z.string(),
  requesterId: z.string(),
  ownerId: z.string(),
  status: NdaStatus,
  message: z.string().nullable(),
  createdAt: IsoDate,
  decidedAt: IsoDate.nullable(),
});
export type Nda = z.infer<typeof Nda>;
export const ListNdasQuery = z.strictObject({
  direction: z.enum(["incoming", "outgoing"]).optional(),
  status: NdaStatus.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export interface PitchSummary {
  id: string;
  title: string;
  genre: string;
  status: PitchStatus;
  visibility: PitchVisibility;
  /** Whether this viewer may see the pitch (published and visible to them, or their own). */
  visible: boolean;
}

/** The user a service asks on behalf of, across RPC. */
export interface RpcViewer {
  id: string;
  role: Role;
}

/** RPC methods of pitchey-pitch, for other services. */
export interface PitchRpc {
  /** Batched; unknown ids are left out. */
  getSummaries(ids: string[], viewer: RpcViewer | null, trace?: CallTrace): Promise<PitchSummary[]>;
  /** How many of this user's NDA requests are approved (for the investor dashboard). */
  countApprovedNdas(userId: string, trace?: CallTrace): Promise<number>;
  health(trace?: CallTrace): Promise<SelfCheck>;
}
