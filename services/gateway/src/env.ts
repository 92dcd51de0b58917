// The gateway Worker's Env: its bindings as wrangler.jsonc and the secret names in .dev.vars.example
// declare them (GatewayBindings, in bindings.d.ts: written by `npm run types`, and a test fails when it is
// stale: ops/src/env-types.ts), typed further where the config cannot say: the RPC methods its
// service bindings carry, and the settings the shared packages read (BaseEnv, DataEnv) or only
// local development and the tests set.
import type { BaseEnv } from "@pitchey/http";
import type { AuthRpc, SentryRelayRpc } from "@pitchey/contracts";
import type { DataEnv, OptionalDataSettings } from "@pitchey/data";

/** DataEnv: the gateway reads Redis (UPSTASH_*) for revocation checks and canary weights. */
export type Env = Omit<GatewayBindings, OptionalDataSettings> &
  BaseEnv &
  DataEnv & {
    /** HTTP for /api/auth/*, and RPC (isSessionActive) when Redis cannot answer a revocation check. */
    AUTH: Fetcher & Pick<AuthRpc, "isSessionActive">;
    /** HTTP for the health routes, and RPC that sends this gateway's Sentry reports (sentry-relay.ts). */
    HEALTH: Fetcher & SentryRelayRpc;
    /** Rollback rules the config leaves to their defaults (data package canary/verdict.ts). */
    CANARY_P95_FLOOR_MS?: string;
    CANARY_Z?: string;
  };
