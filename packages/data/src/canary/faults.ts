// A switch that makes a service answer 500s or slow down on purpose, for tests and demos of the
// canary (local and test instances only: it does nothing unless the Worker's FAULT_SWITCH var is
// "on", which no staging or production config sets — a test reads every wrangler.jsonc for that).
// The switch lives in Redis, so a running instance flips without a restart:
//   fault:<service>@<arm>  STRING  {"error":0.5,"delayMs":200,"crash":0}   (absent: no fault)
// `error` is a share of requests answered 500 (an HttpError: a handled failure), `crash` a share that
// throw a plain Error — unhandled, as a bug would, so it is logged as one and reported to Sentry. Both
// are spread evenly (every 2nd at 0.5), not at random, so a test sees exactly the rate it set.
import type { Redis } from "../redis";
import { HttpError, withDeadline, type BaseEnv, type RequestContext, type Stage } from "@pitchey/http";
import type { DataEnv } from "../env";
import { redis } from "../redis";

export type FaultEnv = DataEnv & BaseEnv;

export interface Fault {
  /** Share of requests answered 500, 0–1. */
  error?: number;
  /** Milliseconds added to every request, up to 30 s. */
  delayMs?: number;
  /** Share of requests that throw a plain Error (an unhandled error: 500, logged and reported), 0–1. */
  crash?: number;
}

export const faultKey = (service: string, arm: string) => `fault:${service}@${arm}`;
const RECHECK_MS = 500;

let known: { key: string; at: number; fault: Fault | null } | undefined;
let owed = 0;
let owedCrash = 0;

function parse(raw: unknown): Fault | null {
  if (typeof raw !== "string") return null;
  try {
    const f = JSON.parse(raw) as Fault;
    const share = (x: unknown) => (typeof x === "number" && x > 0 && x <= 1 ? x : 0);
    const error = share(f.error);
    const crash = share(f.crash);
    const delayMs = typeof f.delayMs === "number" && f.delayMs > 0 ? Math.min(f.delayMs, 30_000) : 0;
    return error || delayMs || crash ? { error, delayMs, crash } : null;
  } catch {
    return null;
  }
}

async function currentFault(env: FaultEnv, key: string): Promise<Fault | null> {
  const now = Date.now();
  if (known?.key === key && now - known.at < RECHECK_MS) return known.fault;
  const r = redis(env);
  let fault: Fault | null = null;
  if (r) fault = parse(await withDeadline(r.get<string>(key), 1_000, "fault switch").catch(() => null));
  known = { key, at: now, fault };
  return fault;
}

export function faultInjection<E extends FaultEnv>(service: string): Stage<RequestContext<E>> {
  return async (rc, next) => {
    if (rc.env.FAULT_SWITCH !== "on") return next();
    const fault = await currentFault(rc.env, faultKey(service, rc.env.ARM ?? "stable"));
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.error) {
      owed += fault.error;
      if (owed >= 1) {
        owed -= 1;
        throw new HttpError(500, "INTERNAL", "Injected fault (the fault switch is on for this instance).");
      }
    }
    if (fault?.crash) {
      owedCrash += fault.crash;
      if (owedCrash >= 1) {
        owedCrash -= 1;
        throw new Error(`Injected crash in ${service} (the fault switch is on for this instance)`);
      }
    }
    return next();
  };
}

/** Sets (or, with null, clears) the switch: scripts and tests. */
export async function setFault(r: Redis, service: string, arm: string, fault: Fault | null): Promise<void> {
  if (!fault || (!fault.error && !fault.delayMs && !fault.crash)) await r.del(faultKey(service, arm));
  else await r.set(faultKey(service, arm), JSON.stringify(fault));
}
