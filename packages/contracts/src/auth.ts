// Auth contracts: HTTP bodies of /api/auth/* and the auth service's RPC methods.
// (Schemas for the HTTP bodies are added with the auth service.)
import type { SelfCheck } from "./health";

export interface UserSummary {
  id: string;
  name: string;
}

/** RPC methods of pitchey-auth, for other services. */
export interface AuthRpc {
  /** Public display data of users, batched; unknown ids are left out. */
  getUsers(ids: string[]): Promise<UserSummary[]>;
  health(): Promise<SelfCheck>;
}
