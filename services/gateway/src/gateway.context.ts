// The gateway's bindings and settings.
import type { BaseEnv } from "@pitchey/http";
import type { ServiceName } from "@pitchey/contracts";

export interface Env extends BaseEnv {
  AUTH: Fetcher;
  PITCH: Fetcher;
  INVESTOR: Fetcher;
  HEALTH: Fetcher;
  /** Comma-separated origins allowed to call the API from a browser (never "*"). */
  CORS_ORIGINS?: string;
  /** Per-call budget for a service, in ms. */
  UPSTREAM_TIMEOUT_MS?: string;
  /** Public keys (JWKS JSON) that access tokens may be signed with. */
  JWT_PUBLIC_JWKS?: string;
  IDENTITY_HMAC_SECRET?: string;
}

export const BINDING_OF: Record<ServiceName, "AUTH" | "PITCH" | "INVESTOR" | "HEALTH"> = {
  auth: "AUTH",
  pitch: "PITCH",
  investor: "INVESTOR",
  health: "HEALTH",
};
