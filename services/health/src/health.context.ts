// The health service's bindings: every other service, for their RPC self-checks.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";
import type { HealthRpc } from "@pitchey/contracts";

export interface Env extends BaseEnv, DataEnv {
  AUTH: Fetcher & HealthRpc;
  PITCH: Fetcher & HealthRpc;
  INVESTOR: Fetcher & HealthRpc;
}

export const CHECKED_SERVICES = ["auth", "pitch", "investor"] as const;
export const BINDING = { auth: "AUTH", pitch: "PITCH", investor: "INVESTOR" } as const;
