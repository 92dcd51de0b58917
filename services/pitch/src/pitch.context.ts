// The pitch service's bindings and settings.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";
import type { AuthRpc, SentryRelayRpc } from "@pitchey/contracts";

export interface Env extends BaseEnv, DataEnv {
  /** The health Worker, which sends this Worker's Sentry reports (packages/http sentry-relay.ts). */
  HEALTH?: SentryRelayRpc;
  /** For creator names (batched getUsers). */
  AUTH: Fetcher & AuthRpc;
}
