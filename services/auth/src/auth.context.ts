// The auth service's bindings and settings.
import type { SentryRelayRpc } from "@pitchey/contracts";
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";

export interface Env extends BaseEnv, DataEnv {
  /** The health Worker, which sends this Worker's Sentry reports (packages/http sentry-relay.ts). */
  HEALTH?: SentryRelayRpc;
  /** The Ed25519 private key that signs access tokens: a JWK (JSON) with its kid. Secret. */
  JWT_PRIVATE_JWK?: string;
  /** The public keys (JWKS JSON); the gateway holds the same set. */
  JWT_PUBLIC_JWKS?: string;
  /** Registrations per client address per hour (default 10; see limits.ts). */
  REGISTER_LIMIT_PER_HOUR?: string;
}
