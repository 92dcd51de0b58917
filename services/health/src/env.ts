// The health Worker's Env: its bindings as wrangler.jsonc and the secret names in .dev.vars.example
// declare them (HealthBindings, in bindings.d.ts: written by `npm run types`, and a test fails when it is
// stale: ops/src/env-types.ts), typed further where the config cannot say: the RPC methods its
// service bindings carry, and the settings the shared packages read (BaseEnv, DataEnv) or only
// local development and the tests set.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv, OptionalDataSettings } from "@pitchey/data";
import type { HealthRpc } from "@pitchey/contracts";

type Checked = Fetcher & HealthRpc;

/** Every other service (and each canary arm bound), for their RPC self-checks. */
export type Env = Omit<HealthBindings, OptionalDataSettings> &
  BaseEnv &
  DataEnv & {
    AUTH: Checked;
    PITCH: Checked;
    INVESTOR: Checked;
    /** Canary arms (docs/releases.md): their versions and readiness are reported too. */
    AUTH_CANARY: Checked;
    PITCH_CANARY: Checked;
    INVESTOR_CANARY: Checked;
    HEALTH_CANARY: Checked;
    /** Rollback rules the config leaves to their defaults (the gateway has the same; a test checks the two configs agree). */
    CANARY_P95_FLOOR_MS?: string;
    CANARY_Z?: string;
  };

export const CHECKED_SERVICES = ["auth", "pitch", "investor"] as const;
export const BINDING = { auth: "AUTH", pitch: "PITCH", investor: "INVESTOR", health: "HEALTH" } as const;
export const CANARY_ARMS = ["auth", "pitch", "investor", "health"] as const;
