// The health service's bindings: every other service (and each canary arm bound), for their RPC self-checks.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";
import type { HealthRpc } from "@pitchey/contracts";

type Checked = Fetcher & HealthRpc;

export interface Env extends BaseEnv, DataEnv {
  AUTH: Checked;
  PITCH: Checked;
  INVESTOR: Checked;
  /** Canary arms (docs/releases.md), when deployed: their versions and readiness are reported too. */
  AUTH_CANARY?: Checked;
  PITCH_CANARY?: Checked;
  INVESTOR_CANARY?: Checked;
  HEALTH_CANARY?: Checked;
  /** The same weights and rules the gateway has (a test checks the two configs agree). */
  CANARY_WEIGHTS?: string;
  CANARY_ERROR_MARGIN?: string;
  CANARY_MIN_SAMPLE?: string;
  CANARY_P95_FACTOR?: string;
  CANARY_P95_FLOOR_MS?: string;
  CANARY_WINDOW_MINUTES?: string;
  CANARY_Z?: string;
}

export const CHECKED_SERVICES = ["auth", "pitch", "investor"] as const;
export const BINDING = { auth: "AUTH", pitch: "PITCH", investor: "INVESTOR", health: "HEALTH" } as const;
export const CANARY_ARMS = ["auth", "pitch", "investor", "health"] as const;
