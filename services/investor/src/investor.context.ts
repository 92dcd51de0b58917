// The investor service's bindings and settings.
import type { PitchRpc, SentryRelayRpc } from "@pitchey/contracts";
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";

export interface Env extends BaseEnv, DataEnv {
  /** The health Worker, which sends this Worker's Sentry reports (packages/http sentry-relay.ts). */
  HEALTH?: SentryRelayRpc;
  /** pitchey-pitch: published/visible checks and titles (getSummaries), approved NDA counts. */
  PITCH: Fetcher & PitchRpc;
}
