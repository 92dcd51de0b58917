// The pitch Worker's Env: its bindings as wrangler.jsonc and the secret names in .dev.vars.example
// declare them (PitchBindings, in bindings.d.ts: written by `npm run types`, and a test fails when it is
// stale: ops/src/env-types.ts), typed further where the config cannot say: the RPC methods its
// service bindings carry, and the settings the shared packages read (BaseEnv, DataEnv) or only
// local development and the tests set.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv, OptionalDataSettings } from "@pitchey/data";
import type { AuthRpc, SentryRelayRpc } from "@pitchey/contracts";

export type Env = Omit<PitchBindings, OptionalDataSettings> &
  BaseEnv &
  DataEnv & {
    /** The health Worker, which sends this Worker's Sentry reports (packages/http sentry-relay.ts). */
    HEALTH: SentryRelayRpc;
    /** For creator names (batched getUsers). */
    AUTH: Fetcher & AuthRpc;
  };
