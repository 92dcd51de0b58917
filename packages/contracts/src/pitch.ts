// Pitch contracts: HTTP bodies of /api/pitches* and /api/ndas*, and the pitch service's RPC methods.
import type { Role } from "./common";
import type { SelfCheck } from "./health";

export type PitchStatus = "draft" | "published" | "archived";
export type PitchVisibility = "public" | "investors" | "private";

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
  getSummaries(ids: string[], viewer: RpcViewer | null): Promise<PitchSummary[]>;
  /** How many of this user's NDA requests are approved (for the investor dashboard). */
  countApprovedNdas(userId: string): Promise<number>;
  health(): Promise<SelfCheck>;
}
