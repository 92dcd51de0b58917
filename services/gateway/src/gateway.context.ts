// The gateway's bindings and settings.
import type { BaseEnv } from "@pitchey/http";
import type { AuthRpc, ServiceName } from "@pitchey/contracts";
import type { DataEnv } from "@pitchey/data";

/** DataEnv: the gateway reads Redis (UPSTASH_*) for the per-request revocation check. */
export interface Env extends BaseEnv, DataEnv {
  /** HTTP for /api/auth/*, and RPC (isSessionActive) when Redis cannot answer a revocation check. */
  AUTH: Fetcher & Pick<AuthRpc, "isSessionActive">;
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
