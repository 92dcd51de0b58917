// Which arm of the route's service answers (docs/releases.md "Split"): a service with a canary
// binding sends the callers whose cohort falls under its weight to the canary; a tester or operator
// may force an arm with X-Pitchey-Arm (ignored from anyone else).
import { armFor, bucketOf, cohortKey, hash32, type Arm } from "@pitchey/data";
import type { Stage } from "@pitchey/http";
import { canarySetting } from "./canary";
import { BINDING_OF, type Gw } from "./gateway.context";

export const FORCE_ARM_HEADER = "x-pitchey-arm";
const FORCING_FLAGS = new Set(["tester", "operator"]);

function forcedArm(rc: Gw): Arm | null {
  const want = rc.request.headers.get(FORCE_ARM_HEADER);
  if (want !== "canary" && want !== "stable") return null;
  return rc.auth?.flags.some((f) => FORCING_FLAGS.has(f)) ? want : null;
}

export const chooseArm: Stage<Gw> = async (rc, next) => {
  const service = rc.route!.service;
  const name = BINDING_OF[service];
  const canary = rc.env[`${name}_CANARY`];
  const cohort = cohortKey(rc.auth?.user.sub ?? null, rc.request.headers.get("pitchey-client"), rc.address);
  let arm: Arm = "stable";
  let setting = null;
  if (canary) {
    setting = await canarySetting(rc, service);
    arm = forcedArm(rc) ?? armFor(setting.weight, bucketOf(service, cohort));
  }
  rc.target = { service, arm, binding: arm === "canary" ? canary! : rc.env[name], setting, cohort: hash32(cohort).toString(36) };
  return next();
};
