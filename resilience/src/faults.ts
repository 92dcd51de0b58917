// The faults the suite injects, one at a time, into the running mesh: the fault switch (a service
// answering 500s, or hanging past the gateway's budget), the stand-ins' outage control (Redis down or
// hanging, Postgres down or slow), and Redis losing every key.
import { redis, setFault, type DataEnv } from "@pitchey/data";
import type { Redis } from "@pitchey/data";
import { MESH } from "./settings";
import type { Part } from "./workload";

export interface Fault {
  name: string;
  /** What a route may need that this fault breaks: those routes may fail (cleanly), no other. */
  breaks: Part[];
  inject(): Promise<void>;
  recover(): Promise<void>;
}

export interface FaultControls {
  redis: { url: string; token: string };
  controlUrl: string;
}

/** Fault switch settings are re-read by each service every 500 ms (packages/data/src/canary/faults.ts). */
const SWITCH_RECHECK_MS = 600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Postgres slow: each SQL request (and each message of an interactive transaction) this much later. */
export const SLOW_POSTGRES_MS = 400;

export function faults(c: FaultControls): Fault[] {
  const r: Redis = redis({ UPSTASH_REDIS_REST_URL: c.redis.url, UPSTASH_REDIS_REST_TOKEN: c.redis.token } as DataEnv)!;
  const control = async (body: Record<string, unknown>) => {
    const res = await fetch(c.controlUrl, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`outage control ${JSON.stringify(body)}: ${res.status}`);
  };
  const switched = (service: string, fault: { error?: number; delayMs?: number } | null) => async () => {
    await setFault(r, service, "stable", fault);
    await sleep(SWITCH_RECHECK_MS);
  };
  return [
    { name: "pitch answers 500s", breaks: ["pitch"], inject: switched("pitch", { error: 1 }), recover: switched("pitch", null) },
    {
      name: "investor hangs past its timeout",
      breaks: ["investor"],
      inject: switched("investor", { delayMs: MESH.upstreamTimeoutMs + 3_000 }),
      recover: switched("investor", null),
    },
    { name: "Redis down", breaks: [], inject: () => control({ redis: "down" }), recover: () => control({ redis: "up" }) },
    { name: "Redis hangs", breaks: [], inject: () => control({ redis: "hang" }), recover: () => control({ redis: "up" }) },
    {
      // The mesh's Redis database is flushed (FLUSHDB: every key the mesh has, as FLUSHALL would, but
      // not other databases of a Redis server a developer may share).
      name: "Redis loses every key",
      breaks: [],
      inject: async () => {
        await r.flushdb();
      },
      recover: async () => {},
    },
    { name: "Postgres down", breaks: ["postgres"], inject: () => control({ postgres: "down" }), recover: () => control({ postgres: "up" }) },
    {
      name: `Postgres slow (${SLOW_POSTGRES_MS} ms)`,
      breaks: ["postgres"],
      inject: () => control({ postgresDelayMs: SLOW_POSTGRES_MS }),
      recover: () => control({ postgresDelayMs: 0 }),
    },
  ];
}
