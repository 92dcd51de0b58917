// Stepped canary rollout (docs/releases.md): set the weight, hold, check the gates, go on or revert.
// Gates after each hold: the gateway did not roll the canary back; the step's canary 5xx rate is at
// most the stable arm's plus the margin, over at least the minimum sample; its p95 is within the
// factor of the stable arm's; and `npm run verify` passes against the gateway. Any failure sets the
// weight back to 0. The figures are the step's own (counted per epoch by the gateway).
import { spawn } from "node:child_process";
import { join } from "node:path";
import {
  readArmFigures,
  readEvents,
  readSettings,
  writeWeight,
  type ArmFigures,
  type CanaryRules,
  type CanaryService,
  type CanarySetting,
} from "@pitchey/data";
import { repoRoot, type Target } from "./target";
import { generateTraffic, PROBE_PATH } from "./traffic";

export interface RolloutOptions {
  service: CanaryService;
  steps: number[];
  holdS: number;
  rules: CanaryRules;
  /** Synthetic requests per second during each hold (0: rely on real traffic). */
  traffic: number;
  /** Extra arguments for `npm run verify` (credentials: --demo, or PITCHEY_VERIFY_* in the environment). */
  verifyArgs: string[];
  print: (line: string) => void;
  /** How often the hold looks for a rollback by the gateway. */
  pollMs?: number;
}

export interface StepResult {
  weight: number;
  ok: boolean;
  reason: string;
  stable?: ArmFigures;
  canary?: ArmFigures;
}

const pct = (a: ArmFigures) => (a.requests ? `${((a.errors / a.requests) * 100).toFixed(1)} %` : "–");
export const describeArm = (name: string, a: ArmFigures) => `${name} ${a.requests} req · 5xx ${pct(a)} · p95 ${a.p95Ms === null ? "–" : `≤${a.p95Ms} ms`}`;

/** The gates on one step's figures (pure). */
export function gate(stable: ArmFigures, canary: ArmFigures, rules: CanaryRules): { ok: boolean; reason: string } {
  if (canary.requests < rules.minSample)
    return { ok: false, reason: `not enough canary traffic to judge (${canary.requests} < ${rules.minSample} requests): hold longer or add --traffic` };
  const rc = canary.errors / canary.requests;
  const rs = stable.requests ? stable.errors / stable.requests : 0;
  if (rc > rs + rules.margin) return { ok: false, reason: `canary 5xx ${pct(canary)} > stable ${pct(stable)} + ${(rules.margin * 100).toFixed(1)} %` };
  if (stable.requests >= rules.minSample && canary.p95Ms !== null && stable.p95Ms !== null) {
    const limit = Math.max(stable.p95Ms * rules.p95Factor, stable.p95Ms + rules.p95FloorMs);
    if (canary.p95Ms > limit) return { ok: false, reason: `canary p95 ≤${canary.p95Ms} ms > ${rules.p95Factor}× stable p95 ≤${stable.p95Ms} ms` };
  }
  return { ok: true, reason: "within the gates" };
}

/** `npm run verify` against the gateway; resolves to its exit code and last line. */
export function runVerify(base: string, args: string[]): Promise<{ ok: boolean; line: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "ops", "src", "verify.ts"), "--base", base, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => {
      const lines = out.trim().split("\n").filter(Boolean);
      const failures = lines
        .filter((l) => l.includes("✗"))
        .map((l) => l.trim())
        .slice(0, 3);
      resolve({ ok: code === 0, line: [lines.at(-1) ?? `exit ${code}`, ...failures].join(" | ") });
    });
  });
}

async function settingOf(t: Target, service: string): Promise<CanarySetting | undefined> {
  return (await readSettings(t.redis))[service];
}

export async function setWeightNow(t: Target, service: CanaryService, weight: number, by: string): Promise<CanarySetting> {
  return writeWeight(t.redis, service, weight, by);
}

async function revert(t: Target, o: RolloutOptions): Promise<void> {
  const now = await settingOf(t, o.service);
  if (now?.weight === 0) return o.print(`${o.service}: already at 0 % (set by ${now.by})`);
  await writeWeight(t.redis, o.service, 0, "rollout-revert");
  o.print(`${o.service}: reverted to 0 %: every request goes to the stable arm`);
}

/** Holds one step; a rollback by the gateway (or any other change of the setting) ends it early. */
async function hold(t: Target, o: RolloutOptions, setting: CanarySetting): Promise<string | null> {
  const stop = new AbortController();
  const traffic = o.traffic > 0 ? generateTraffic(t.base, o.service, o.traffic, stop.signal) : null;
  const until = Date.now() + o.holdS * 1000;
  let changed: string | null = null;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(o.pollMs ?? 1_000, Math.max(0, until - Date.now()))));
    const now = await settingOf(t, o.service);
    if (now?.epoch !== setting.epoch) {
      if (now?.by === "rollback") {
        const [event] = (await readEvents(t.redis, 5)).filter((e) => e.service === o.service && e.epoch === setting.epoch);
        changed = `the gateway rolled the canary back: ${event?.reason ?? "see /api/health canary.events"}`;
      } else {
        changed = `the weight was changed meanwhile (to ${now?.weight ?? "?"} % by ${now?.by ?? "?"})`;
      }
      break;
    }
  }
  stop.abort();
  if (traffic) {
    const { sent, failed } = await traffic;
    o.print(`  synthetic traffic: ${sent} requests${failed ? `, ${failed} failed to connect` : ""}`);
  }
  await flushNudge(t, o.service);
  return changed;
}

/** Gateway isolates send their counts to Redis with their next canary refresh (≤ 2 s apart, on a
 *  request): after the hold, wait that long and make one request, so the step's last seconds count. */
async function flushNudge(t: Target, service: CanaryService): Promise<void> {
  await new Promise((r) => setTimeout(r, 2_200));
  await fetch(`${t.base}${PROBE_PATH[service]}`, { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.arrayBuffer())
    .catch(() => {});
  await new Promise((r) => setTimeout(r, 300));
}

export async function stepRollout(t: Target, o: RolloutOptions): Promise<{ ok: boolean; steps: StepResult[] }> {
  const steps: StepResult[] = [];
  const t0 = Date.now();
  o.print(
    `${o.service}: rollout ${o.steps.join(" → ")} % on ${t.where}; hold ${o.holdS} s per step; gates: 5xx ≤ stable + ${(o.rules.margin * 100).toFixed(1)} %, p95 ≤ ${o.rules.p95Factor}× stable, ≥ ${o.rules.minSample} canary requests, verify`,
  );
  for (const [i, weight] of o.steps.entries()) {
    const setting = await writeWeight(t.redis, o.service, weight, "rollout");
    o.print(`step ${i + 1}/${o.steps.length}: ${o.service} → ${weight} % (epoch ${setting.epoch}); holding ${o.holdS} s`);
    const changed = await hold(t, o, setting);
    const figures = await readArmFigures(t.redis, o.service, setting.epoch, o.rules.windowMinutes);
    const shown = `${describeArm("stable", figures.stable)} | ${describeArm("canary", figures.canary)}`;
    let verdict = changed ? { ok: false, reason: changed } : gate(figures.stable, figures.canary, o.rules);
    let verifyLine = "";
    if (verdict.ok) {
      const v = await runVerify(t.base, o.verifyArgs);
      verifyLine = ` | verify ${v.ok ? "✓" : "✗"} ${v.line}`;
      if (!v.ok) verdict = { ok: false, reason: "npm run verify failed" };
    }
    o.print(`  ${weight} %: ${shown}${verifyLine}`);
    steps.push({ weight, ok: verdict.ok, reason: verdict.reason, ...figures });
    if (!verdict.ok) {
      o.print(`  ✗ ${verdict.reason}`);
      await revert(t, o);
      o.print(`${o.service}: rollout FAILED at ${weight} % after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return { ok: false, steps };
    }
    o.print(`  ✓ ${verdict.reason}`);
  }
  const last = o.steps.at(-1)!;
  o.print(
    `${o.service}: rollout done: ${o.steps.join(" → ")} % in ${((Date.now() - t0) / 1000).toFixed(0)} s; the canary takes ${last} % of callers.${last === 100 ? ` Promote it: deploy this version as the stable ${o.service} (npm run deploy), then npm run rollout -- ${o.service} 0.` : ""}`,
  );
  return { ok: true, steps };
}
