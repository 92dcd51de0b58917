// The investor service's bindings and settings.
import type { BaseEnv } from "@pitchey/http";
import type { DataEnv } from "@pitchey/data";

export interface Env extends BaseEnv, DataEnv {}
