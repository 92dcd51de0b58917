// Who may see and do what with a pitch. Pure functions: no I/O, tested on their own.
import type { PitchStatus, PitchVisibility, Role } from "@pitchey/contracts";

export interface PolicyPitch {
  creatorId: string;
  status: PitchStatus;
  visibility: PitchVisibility;
}

/** The caller, as policy sees it: a signed-in user or nobody. */
export type Caller = { id: string; role: Role } | null;

/** Roles that see `investors`-visibility pitches. */
export const INVESTING_ROLES: readonly Role[] = ["investor", "production"];
/** Roles that create pitches. */
export const CREATING_ROLES: readonly Role[] = ["creator", "production"];
/** Roles that may ask for an NDA. */
export const NDA_ROLES: readonly Role[] = ["investor", "production"];

export const isOwner = (p: PolicyPitch, c: Caller) => c !== null && c.id === p.creatorId;

/** The audience a browse list is computed for: the same list is shared by everyone in it. */
export type Audience = "public" | "investors";
export const audienceOf = (c: Caller): Audience => (c && INVESTING_ROLES.includes(c.role) ? "investors" : "public");
export const visibilitiesFor = (a: Audience): PitchVisibility[] => (a === "investors" ? ["public", "investors"] : ["public"]);

/** Published and visible to this caller's audience, or the caller's own. */
export function canSee(p: PolicyPitch, c: Caller): boolean {
  if (isOwner(p, c)) return true;
  return p.status === "published" && visibilitiesFor(audienceOf(c)).includes(p.visibility);
}

/** NDA-only material: the owner, or a caller who can see the pitch and holds an approved NDA. */
export function canSeeProtected(p: PolicyPitch, c: Caller, approvedRequesters: readonly string[]): boolean {
  if (isOwner(p, c)) return true;
  return c !== null && canSee(p, c) && approvedRequesters.includes(c.id);
}

/** Outcome of a write attempt by a non-owner: 404 when they may not know it exists, else 403. */
export const denyStatus = (p: PolicyPitch, c: Caller): 403 | 404 => (canSee(p, c) ? 403 : 404);

/** Status changes: which states each action starts from. */
export const TRANSITIONS = {
  publish: ["draft", "archived"],
  archive: ["draft", "published"],
} as const satisfies Record<string, readonly PitchStatus[]>;
export type PitchAction = keyof typeof TRANSITIONS;
export const TARGET: Record<PitchAction, PitchStatus> = { publish: "published", archive: "archived" };
