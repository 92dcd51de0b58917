// The RPC self-check every service exposes: a real round trip to Postgres and to Redis, timed.
import type { Dependency, SelfCheck } from "@pitchey/contracts";
import { createLogger, withDeadline } from "@pitchey/http";
import type { DataEnv } from "./env";
import { redis } from "./redis";
import { sqlFor } from "./db";

const CHECK_TIMEOUT_MS = 2_000;
const log = createLogger({ component: "health-check" });

/** The public report says only "timeout" or "unreachable"; the driver's words (hosts, ports) go to the log. */
async function timed(what: string, fn: () => Promise<unknown>): Promise<Dependency> {
  const t0 = Date.now();
  try {
    await withDeadline(fn(), CHECK_TIMEOUT_MS, what);
    return { status: "ok", latencyMs: Date.now() - t0 };
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    log.warn(`${what} check failed`, { err: message.slice(0, 500) });
    return { status: "down", latencyMs: Date.now() - t0, error: /no answer in/.test(message) ? "timeout" : "unreachable" };
  }
}

export function checkDatabase(env: DataEnv): Promise<Dependency> {
  if (!env.DATABASE_URL) return Promise.resolve({ status: "down", latencyMs: null, error: "not configured" });
  return timed("database", () => sqlFor(env).query("select 1"));
}

export function checkRedis(env: DataEnv): Promise<Dependency> {
  const r = redis(env);
  if (!r) return Promise.resolve({ status: "disabled", latencyMs: null });
  return timed("redis", () => r.ping());
}

/** Database down → the service is down; Redis down → degraded (the cache runs without it). */
export async function selfCheck(service: string, version: string, env: DataEnv): Promise<SelfCheck> {
  const t0 = Date.now();
  const [database, redisDep] = await Promise.all([checkDatabase(env), checkRedis(env)]);
  const status = database.status !== "ok" ? "down" : redisDep.status === "down" ? "degraded" : "ok";
  return { service, version, status, latencyMs: Date.now() - t0, dependencies: { database, redis: redisDep } };
}
