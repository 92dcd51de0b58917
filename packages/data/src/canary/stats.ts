// Per-arm figures of the current rollout step: `<service>.<epoch>.<arm>.requests|errors|lat.<i>` in
// the minute buckets metrics:rollout:<minute> (metrics/counters.ts), counted by the gateway for every
// answer of a service that has a canary arm, read back over the rules' window.
import type { DataEnv } from "../env";
import { counterStore } from "../metrics/counters";
import { countAnswer, figuresOf } from "../metrics/traffic";
import type { Arm } from "./assign";
import type { ArmFigures } from "./verdict";

export const rolloutStore = counterStore("rollout");

export function recordArm(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, service: string, epoch: string, arm: Arm, status: number, ms: number): void {
  countAnswer((c) => rolloutStore.add(env, ctx, c), `${service}.${epoch}.${arm}`, status, ms);
}

export function armFigures(sums: ReadonlyMap<string, number>, service: string, epoch: string): { stable: ArmFigures; canary: ArmFigures } {
  const pick = (arm: Arm): ArmFigures => {
    const { requests, errors, p50Ms, p95Ms } = figuresOf(sums, [`${service}.${epoch}.${arm}`]);
    return { requests, errors, p50Ms, p95Ms };
  };
  return { stable: pick("stable"), canary: pick("canary") };
}

/** Every isolate's figures of one step (a window of `minutes`). */
export async function readArmFigures(env: DataEnv, service: string, epoch: string, minutes: number) {
  const { sums, source } = await rolloutStore.read(env, minutes);
  return { source, ...armFigures(sums, service, epoch) };
}
