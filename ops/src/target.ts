// Where an operator command acts: the gateway's base URL and that environment's Redis (canary
// weights, figures, events, the local fault switch). Flags first, then UPSTASH_REDIS_REST_URL /
// UPSTASH_REDIS_REST_TOKEN, then a running `npm start` (its .local/stack.json).
import { join } from "node:path";
import { redis } from "@pitchey/data";
import { readStackFile } from "@pitchey/local-backends";
import type { Redis } from "@pitchey/data";

export const repoRoot = join(import.meta.dirname, "..", "..");

export interface Target {
  base: string;
  redis: Redis;
  /** What the target is, for the first line an operator reads. */
  where: string;
}

export function resolveTarget(o: { base?: string; redisUrl?: string; redisToken?: string }): Target {
  const url = o.redisUrl ?? process.env.UPSTASH_REDIS_REST_URL;
  const token = o.redisToken ?? process.env.UPSTASH_REDIS_REST_TOKEN;
  if (url || token) {
    if (!url || !token) throw new Error("give both --redis-url and --redis-token (or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN)");
    const base = o.base ?? process.env.PITCHEY_BASE_URL;
    if (!base) throw new Error("with another environment's Redis, --base (its gateway URL) is required too");
    return {
      base: base.replace(/\/+$/, ""),
      redis: redis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token })!,
      where: `${base} (Redis ${new URL(url).host})`,
    };
  }
  const stack = readStackFile(repoRoot);
  if (!stack) throw new Error("no running `npm start` here (.local/stack.json): start it, or give --base with --redis-url and --redis-token for a deployment");
  if (!stack.upstashUrl || !stack.upstashToken) throw new Error("the local stack runs without Redis: canary weights need Redis");
  const base = (o.base ?? stack.gateway).replace(/\/+$/, "");
  return {
    base,
    redis: redis({ UPSTASH_REDIS_REST_URL: stack.upstashUrl, UPSTASH_REDIS_REST_TOKEN: stack.upstashToken })!,
    where: `${base} (local npm start)`,
  };
}
