// The pitch service's bindings and settings.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";
import type { AuthRpc } from "@pitchey/contracts";

export interface Env extends BaseEnv, DataEnv {
  /** For creator names (batched getUsers). */
  AUTH: Fetcher & AuthRpc;
}
