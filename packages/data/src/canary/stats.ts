// Per-arm figures of the current rollout step: `<service>.<epoch>.<arm>.requests|errors|lat.<i>` in
// the minute buckets metrics:rollout:<minute> (metrics/counters.ts), counted by the gateway for every
// answer of a service that has a canary arm, read back over the rules' window.
import type { Redis } from "../redis";
import type { DataEnv } from "../env";
import { counterStore, sumBuckets, windowMinutes } from "../metrics/counters";
import { countAnswer, figuresOf } from "../metrics/traffic";
import type { Arm } from "./assign";
import type { ArmFigures } from "./verdict";

export const rolloutStore = counterStore("rollout");

export function recordArm(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, service: string, epoch: string, arm: Arm, status: number, ms: number): void {
  countAnswer((c) => rolloutStore.add(env, ctx, c), `${service}.${epoch}.${arm}`, status, ms);
}

export function armFigures(sums: ReadonlyMap<string, number>, service: string, epoch: string): { stable: ArmFigures; canary: ArmFigures } {
  const pick = (arm: Arm): ArmFigures => {
    const { requests, errors, p50Ms, p95Ms, hist } = figuresOf(sums, [`${service}.${epoch}.${arm}`]);
    return { requests, errors, p50Ms, p95Ms, hist };
  };
  return { stable: pick("stable"), canary: pick("canary") };
}

/** Every isolate's figures of one step over the last `minutes` (health, the rollout controller). */
export async function readArmFigures(r: Redis, service: string, epoch: string, minutes: number): Promise<{ stable: ArmFigures; canary: ArmFigures }> {
  const p = r.pipeline();
  for (const m of windowMinutes(minutes)) p.hgetall(rolloutStore.keyFor(m));
  return armFigures(sumBuckets(await p.exec<unknown[]>()), service, epoch);
}

// ---- per version: Cloudflare's gradual deployments split one binding between two versions of a
// Worker; each answer names its version (X-Pitchey-Version), so the gateway counts per version too:
// `<service>.<version>.requests|errors|lat.<i>` in metrics:versions:<minute>. The deploy's gates read
// the old and the new version the way the rollout reads the two arms.
export const versionStore = counterStore("versions");
const versionName = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);

export function recordVersion(env: DataEnv, ctx: Pick<ExecutionContext, "waitUntil">, service: string, version: string, status: number, ms: number): void {
  countAnswer((c) => versionStore.add(env, ctx, c), `${service}.${versionName(version)}`, status, ms);
}

/** The figures of two versions of one service over the last `minutes` (old as "stable", new as "canary"). */
export async function readVersionFigures(
  r: Redis,
  service: string,
  oldVersion: string,
  newVersion: string,
  minutes: number,
): Promise<{ stable: ArmFigures; canary: ArmFigures }> {
  const p = r.pipeline();
  for (const m of windowMinutes(minutes)) p.hgetall(versionStore.keyFor(m));
  const sums = sumBuckets(await p.exec<unknown[]>());
  const pick = (v: string): ArmFigures => {
    const { requests, errors, p50Ms, p95Ms, hist } = figuresOf(sums, [`${service}.${versionName(v)}`]);
    return { requests, errors, p50Ms, p95Ms, hist };
  };
  return { stable: pick(oldVersion), canary: pick(newVersion) };
}
