// The pitch service's HTTP app: every declared pitch and NDA operation, and (local and test instances
// only, FAULT_SWITCH) the fault switch for canary demos.
import { pitchOperations } from "@pitchey/contracts/operations/pitch";
import { createApp } from "@pitchey/http";
import { faultInjection } from "@pitchey/data";
import type { Env } from "./env";
import { pitchHandlers } from "./pitch.routes";
import { ndaHandlers } from "./nda.routes";

export const app = createApp<Env>("pitch")
  .use(faultInjection("pitch"))
  .operations(pitchOperations, { ...pitchHandlers, ...ndaHandlers });
