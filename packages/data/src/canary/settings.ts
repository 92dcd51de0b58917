// Canary weights, held in Redis so they change at run time without a redeploy, and the rollback
// events. Storage (documented in storage.md beside this file):
//   canary:config  HASH  <service> → {"weight":50,"epoch":"…","at":<ms>,"by":"rollout"}
//   canary:events  LIST  newest first, capped: {"at","service","reason","stable":{…},"canary":{…},"epoch"}
// Each change of weight starts a new epoch: the per-arm figures a verdict reads are counted per epoch,
// so a new rollout step is judged on its own traffic.
import type { Redis } from "../redis";
import type { ArmFigures } from "./verdict";

export const CANARY_CONFIG_KEY = "canary:config";
export const CANARY_EVENTS_KEY = "canary:events";
export const MAX_EVENTS = 50;
export const CANARY_SERVICES = ["auth", "pitch", "investor", "health"] as const;
export type CanaryService = (typeof CANARY_SERVICES)[number];

export interface CanarySetting {
  /** Percent of callers on the canary, 0–100. */
  weight: number;
  /** Names this setting's figures; a new one with every change. */
  epoch: string;
  at: number;
  /** Who set it: "rollout", "rollback", a person. */
  by: string;
}

export interface RollbackEvent {
  at: string;
  service: string;
  epoch: string;
  weightBefore: number;
  reason: string;
  stable: ArmFigures;
  canary: ArmFigures;
}

const EPOCH = /^[a-z0-9]{6,24}$/;

export function isWeight(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 100;
}

export function newSetting(weight: number, by: string, now = Date.now()): CanarySetting {
  if (!isWeight(weight)) throw new RangeError(`a weight is an integer 0–100, got ${weight}`);
  const rand = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return { weight, epoch: `${now.toString(36)}${rand}`, at: now, by: by.slice(0, 64) };
}

export function parseSetting(raw: unknown): CanarySetting | null {
  if (typeof raw !== "string") return null;
  try {
    const v = JSON.parse(raw) as Partial<CanarySetting>;
    if (!isWeight(v.weight) || typeof v.epoch !== "string" || !EPOCH.test(v.epoch) || typeof v.at !== "number") return null;
    return { weight: v.weight, epoch: v.epoch, at: v.at, by: typeof v.by === "string" ? v.by : "" };
  } catch {
    return null;
  }
}

/** HGETALL as Upstash returns it (a flat array, or an object) → settings by service; bad entries dropped. */
export function settingsFrom(reply: unknown): Record<string, CanarySetting> {
  const pairs: [string, unknown][] = Array.isArray(reply)
    ? Array.from({ length: reply.length / 2 }, (_, i) => [String(reply[2 * i]), reply[2 * i + 1]])
    : reply && typeof reply === "object"
      ? Object.entries(reply)
      : [];
  const out: Record<string, CanarySetting> = {};
  for (const [k, v] of pairs) {
    const s = parseSetting(v);
    if (s) out[k] = s;
  }
  return out;
}

/** `CANARY_WEIGHTS` ("pitch=10,auth=0"): each service's weight when Redis holds none (or is absent). */
export function defaultWeights(spec: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (spec ?? "").split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const n = Number(value);
    if (name && (CANARY_SERVICES as readonly string[]).includes(name) && isWeight(n)) out[name] = n;
  }
  return out;
}

export async function readSettings(r: Redis): Promise<Record<string, CanarySetting>> {
  return settingsFrom(await r.hgetall(CANARY_CONFIG_KEY));
}

export async function writeWeight(r: Redis, service: CanaryService, weight: number, by: string): Promise<CanarySetting> {
  const s = newSetting(weight, by);
  await r.hset(CANARY_CONFIG_KEY, { [service]: JSON.stringify(s) });
  return s;
}

// Sets the weight to 0 and records the event, only if the setting is still the one judged (no other
// isolate rolled it back, no operator changed it meanwhile). Plain string search, no cjson: the
// embedded Redis of a Node-only machine runs this too.
const ROLLBACK = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  if not string.find(cur, ARGV[2], 1, true) then return 0 end
elseif ARGV[6] ~= '1' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('LPUSH', KEYS[2], ARGV[4])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
return 1`;

/** The setting a service has when Redis holds none: its configured default weight. */
export const configured = (weight: number): CanarySetting => ({ weight, epoch: `config${weight}`, at: 0, by: "config" });
const isConfigured = (s: CanarySetting) => s.by === "config";

/** True when this call rolled it back (false: someone else changed the setting first). */
export async function rollBack(r: Redis, service: string, judged: CanarySetting, event: RollbackEvent): Promise<boolean> {
  const next = newSetting(0, "rollback");
  const args = [service, `"epoch":"${judged.epoch}"`, JSON.stringify(next), JSON.stringify(event), String(MAX_EVENTS), isConfigured(judged) ? "1" : "0"];
  const done = await r.eval<string[], number>(ROLLBACK, [CANARY_CONFIG_KEY, CANARY_EVENTS_KEY], args);
  return Number(done) === 1;
}

export async function readEvents(r: Redis, n = 20): Promise<RollbackEvent[]> {
  const raw = await r.lrange(CANARY_EVENTS_KEY, 0, Math.max(0, n - 1));
  return raw.flatMap((s) => {
    try {
      return [JSON.parse(String(s)) as RollbackEvent];
    } catch {
      return [];
    }
  });
}
