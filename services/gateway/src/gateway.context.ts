// The gateway's bindings and settings, and the context its pipeline stages share.
import type { BaseEnv, RequestContext } from "@pitchey/http";
import type { AuthRpc, SentryRelayRpc } from "@pitchey/contracts";
import type { PublicRoute, ServiceName } from "@pitchey/contracts/routes";
import type { Arm, CanarySetting, DataEnv } from "@pitchey/data";
import type { Authenticated } from "./authenticate";

/** DataEnv: the gateway reads Redis (UPSTASH_*) for revocation checks and canary weights. */
export interface Env extends BaseEnv, DataEnv {
  /** HTTP for /api/auth/*, and RPC (isSessionActive) when Redis cannot answer a revocation check. */
  AUTH: Fetcher & Pick<AuthRpc, "isSessionActive">;
  PITCH: Fetcher;
  INVESTOR: Fetcher;
  /** HTTP for the health routes, and RPC that sends this gateway's Sentry reports (sentry-relay.ts). */
  HEALTH: Fetcher & SentryRelayRpc;
  /** Canary arms (docs/releases.md); a service without one always answers from its stable arm. */
  AUTH_CANARY?: Fetcher;
  PITCH_CANARY?: Fetcher;
  INVESTOR_CANARY?: Fetcher;
  HEALTH_CANARY?: Fetcher;
  /** Weights when Redis holds none: "pitch=10,auth=0". */
  CANARY_WEIGHTS?: string;
  /** Rollback rules (data package canary/verdict.ts; defaults there). */
  CANARY_ERROR_MARGIN?: string;
  CANARY_MIN_SAMPLE?: string;
  CANARY_P95_FACTOR?: string;
  CANARY_P95_FLOOR_MS?: string;
  CANARY_WINDOW_MINUTES?: string;
  CANARY_Z?: string;
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

/** Where a request goes: the service, the arm chosen for this caller, and that arm's binding. */
export interface Target {
  service: ServiceName;
  arm: Arm;
  binding: Fetcher;
  /** The service's canary setting when it has a canary arm (its epoch names the figures). */
  setting: CanarySetting | null;
  /** Keeps one caller on one arm and one Workers version. */
  cohort: string;
}

/** The gateway's request context: the shared one, plus what the stages find out in turn. */
export interface Gw extends RequestContext<Env> {
  /** The client address the platform gave (packages/http client-address.ts). */
  address: string;
  route: PublicRoute | null;
  auth: Authenticated | null;
  target: Target | null;
  /** Answered from the gateway's response cache (response-cache.ts): the arm did no work. */
  cacheHit?: boolean;
}
