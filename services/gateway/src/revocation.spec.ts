import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lastWriteKey, sessionKey } from "@pitchey/contracts";
import { redis, type DataEnv } from "@pitchey/data";
import { HttpError, createContext, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import { AUTH_RPC_DEADLINE_MS, checkRevocation as check, resetRevocationBackoff } from "./revocation";

const upstash = env as unknown as DataEnv;
function gatewayEnv(isSessionActive: (sid: string) => Promise<boolean | null>, data: DataEnv = {}): Env {
  return { ...data, AUTH: { isSessionActive } } as unknown as Env;
}
const record = (sid: string, value: string) => redis(upstash)!.set(sessionKey(sid), value, { ex: 60 });
const ctx = { waitUntil: () => {}, passThroughOnException: () => {} } as unknown as ExecutionContext;
/** checkRevocation for a request of its own to a gateway with env `e`. */
const checkRevocation = (e: Env, sid: string, _log?: undefined, now?: number, userId?: string) =>
  check(createContext("gateway", new Request("http://gateway/api/auth/me"), { ...e, LOG_LEVEL: "error" }, ctx) as RequestContext<Env>, sid, now, userId);

afterEach(() => {
  resetRevocationBackoff();
  vi.useRealTimers();
});

describe("checkRevocation", () => {
  it("answers from the session's record when Redis holds one (no RPC)", async () => {
    const sid = crypto.randomUUID();
    let rpc = 0;
    const e = gatewayEnv(async () => (rpc++, true), upstash);
    await record(sid, "active");
    expect(await checkRevocation(e, sid)).toEqual({ revoked: false, via: "redis" });
    await record(sid, "revoked:logout");
    expect(await checkRevocation(e, sid)).toEqual({ revoked: true, via: "redis" });
    expect(rpc).toBe(0);
  });

  it("fails closed on missing data: no record (evicted, flushed, never written) asks the auth service", async () => {
    const sid = crypto.randomUUID();
    const asked: string[] = [];
    const revoked = gatewayEnv(async (s) => (asked.push(s), false), upstash);
    expect(await checkRevocation(revoked, sid)).toEqual({ revoked: true, via: "rpc" });
    const live = gatewayEnv(async (s) => (asked.push(s), true), upstash);
    expect(await checkRevocation(live, sid)).toEqual({ revoked: false, via: "rpc" });
    expect(asked).toEqual([sid, sid]);
    // A value that is not a record of ours counts as none.
    await record(sid, "1");
    expect(await checkRevocation(revoked, sid)).toEqual({ revoked: true, via: "rpc" });
    // And when the auth service cannot answer either: 503, never waved through.
    const err = await checkRevocation(
      gatewayEnv(async () => null, upstash),
      crypto.randomUUID(),
    ).catch((x: unknown) => x);
    expect((err as HttpError).status).toBe(503);
  });

  it("reads the user's latest write in the same round trip, for read-your-writes (also when RPC decides)", async () => {
    const sid = crypto.randomUUID();
    const user = crypto.randomUUID();
    const e = gatewayEnv(async () => true, upstash);
    expect(await checkRevocation(e, sid, undefined, Date.now(), user)).toEqual({ revoked: false, via: "rpc", lastWrite: null });
    await redis(upstash)!.set(lastWriteKey(user), "1795000000000-0", { ex: 60 });
    expect(await checkRevocation(e, sid, undefined, Date.now(), user)).toEqual({ revoked: false, via: "rpc", lastWrite: "1795000000000-0" });
    await record(sid, "active");
    expect(await checkRevocation(e, sid, undefined, Date.now(), user)).toEqual({ revoked: false, via: "redis", lastWrite: "1795000000000-0" });
    await record(sid, "revoked:refresh_reuse");
    expect((await checkRevocation(e, sid, undefined, Date.now(), user)).revoked).toBe(true);
  });

  it("asks the auth service when Redis is not configured", async () => {
    const active = new Set(["a"]);
    const e = gatewayEnv(async (sid) => active.has(sid));
    expect(await checkRevocation(e, "a")).toEqual({ revoked: false, via: "rpc" });
    expect(await checkRevocation(e, "b")).toEqual({ revoked: true, via: "rpc" });
  });

  it("asks the auth service when Redis fails, and skips Redis for a while after", async () => {
    const broken = { ...upstash, UPSTASH_REDIS_REST_TOKEN: "wrong" };
    const e = gatewayEnv(async () => true, broken);
    expect(await checkRevocation(e, "s")).toEqual({ revoked: false, via: "rpc" });
    // Now even a healthy Redis is skipped until the backoff ends.
    expect(
      await checkRevocation(
        gatewayEnv(async () => false, upstash),
        "s",
      ),
    ).toEqual({ revoked: true, via: "rpc" });
    await record("s", "active");
    expect(
      await checkRevocation(
        gatewayEnv(async () => false, upstash),
        "s",
        undefined,
        Date.now() + 10_000,
      ),
    ).toEqual({ revoked: false, via: "redis" });
  });

  it("refuses with 503 when neither can answer (never waves the request through)", async () => {
    for (const e of [gatewayEnv(async () => null), gatewayEnv(async () => Promise.reject(new Error("binding down")))]) {
      const err = await checkRevocation(e, "s").catch((x: unknown) => x);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(503);
      expect((err as HttpError).code).toBe("SERVICE_UNAVAILABLE");
    }
  });

  it("gives up on an auth service that does not answer after about 2 s, with the same 503", async () => {
    expect(AUTH_RPC_DEADLINE_MS).toBe(2_000);
    vi.useFakeTimers();
    let calls = 0;
    const hung = gatewayEnv(() => (calls++, new Promise<boolean>(() => {})));
    let settled: unknown = "pending";
    const check = checkRevocation(hung, "s").then(
      (v) => (settled = v),
      (e: unknown) => (settled = e),
    );
    await vi.advanceTimersByTimeAsync(AUTH_RPC_DEADLINE_MS - 1);
    expect(settled).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    await check;
    expect(calls).toBe(1);
    expect(settled).toBeInstanceOf(HttpError);
    expect((settled as HttpError).status).toBe(503);
    expect((settled as HttpError).extra.headers).toMatchObject({ "retry-after": "5" });
  });

  it("still takes a slow answer that arrives inside the deadline", async () => {
    vi.useFakeTimers();
    const slow = gatewayEnv(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), AUTH_RPC_DEADLINE_MS - 100)));
    const check = checkRevocation(slow, "s");
    await vi.advanceTimersByTimeAsync(AUTH_RPC_DEADLINE_MS);
    expect(await check).toEqual({ revoked: true, via: "rpc" });
  });
});
