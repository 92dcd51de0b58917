// Per-file stand-ins in front of the run's database and Redis (each file gets its own server, so an
// outage switched on in one file cannot leak into another running beside it).
import { inject } from "vitest";
import { startStandIns, type StandIns } from "../src/server";

export const TOKEN = `test-token-${process.pid}`;

export async function standIns(opts: { control?: boolean; redis?: boolean; sqlDelayMs?: number } = {}): Promise<StandIns> {
  const pg = new URL(inject("databaseUrl"));
  return startStandIns({
    postgres: { host: pg.hostname, port: Number(pg.port || 5432) },
    redisUrl: opts.redis === false ? null : inject("redisUrl"),
    upstashToken: TOKEN,
    control: opts.control ?? false,
    ...(opts.sqlDelayMs === undefined ? {} : { sqlDelayMs: opts.sqlDelayMs }),
  });
}

/** The run's database URL as the Neon driver wants it: it insists on a password, trust auth ignores it. */
export function driverUrl(port?: number): string {
  const u = new URL(inject("databaseUrl"));
  if (!u.password) u.password = "local";
  if (port !== undefined) u.port = String(port);
  return u.toString();
}

export async function control(s: StandIns, body: { postgres?: "up" | "down"; redis?: "up" | "down" }): Promise<Response> {
  return fetch(`${s.url}/__control`, { method: "POST", body: JSON.stringify(body) });
}
