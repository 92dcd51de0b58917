// The investor service's bindings and settings.
import type { PitchRpc } from "@pitchey/contracts";
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";

export interface Env extends BaseEnv, DataEnv {
  /** pitchey-pitch: published/visible checks and titles (getSummaries), approved NDA counts. */
  PITCH: Fetcher & PitchRpc;
}
