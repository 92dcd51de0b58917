// The gateway's revocation check when Redis loses what it held (eviction, a flush, a key that expired):
// a missing session record sends the check to the auth service, so a logged-out token stays refused and
// a live one keeps working, and the record is written back for the next request.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { legacyRevokedKey, sessionKey } from "@pitchey/contracts";
import { redis, type DataEnv } from "@pitchey/data";
import { call, signUp, login } from "./helpers";
import { eventually } from "./sql";

const r = () => redis(env as unknown as DataEnv)!;
const sidOf = (token: string) => JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
const via = (res: { headers: Headers }) => /revocation;dur=[0-9.]+;desc="(\w+)"/.exec(res.headers.get("server-timing") ?? "")?.[1];
/** What Redis loses in an eviction or a FLUSHALL: every key the check could read for this session. */
const lose = (sid: string) => r().del(sessionKey(sid), legacyRevokedKey(sid));

describe("session records in Redis", () => {
  it("are written active on register, login and refresh, and revoked on logout", async () => {
    const u = await signUp("creator");
    expect(await r().get(sessionKey(sidOf(u.accessToken)))).toBe("active");
    const again = await login(u.email, u.password);
    expect(await r().get(sessionKey(sidOf(again.accessToken)))).toBe("active");
    const ttl = await r().ttl(sessionKey(sidOf(again.accessToken)));
    expect(ttl).toBeGreaterThan(15 * 60); // outlives the access token written with it
    const refreshed = await call("POST", "/api/auth/refresh", { body: { refreshToken: again.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(await r().get(sessionKey(sidOf(refreshed.json.data.accessToken)))).toBe("active");
    expect((await call("POST", "/api/auth/logout", { token: again.accessToken })).status).toBe(204);
    expect(await r().get(sessionKey(sidOf(again.accessToken)))).toBe("revoked:logout");
    const me = await call("GET", "/api/auth/me", { token: again.accessToken });
    expect(me.status).toBe(401);
    expect(via(me)).toBe("redis");
  });
});

describe("when Redis loses the session's record", () => {
  it("still refuses a logged-out token (asks the auth service), and writes the revocation back", async () => {
    const u = await signUp("investor");
    const sid = sidOf(u.accessToken);
    expect((await call("POST", "/api/auth/logout", { token: u.accessToken })).status).toBe(204);
    await lose(sid);
    const me = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(me.status).toBe(401);
    expect(via(me)).toBe("rpc");
    expect(await eventually(async () => (await r().get(sessionKey(sid))) === "revoked:logout")).toBe(true);
    const next = await call("GET", "/api/health/live", { token: u.accessToken });
    expect(next.status).toBe(401);
    expect(via(next)).toBe("redis");
  });

  it("still refuses a token whose session ended by refresh-token reuse", async () => {
    const u = await signUp("creator");
    const first = await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
    const second = await call("POST", "/api/auth/refresh", { body: { refreshToken: first.json.data.refreshToken } });
    expect(second.status).toBe(200);
    // The oldest token again: not the immediate predecessor, so it is theft, whatever the grace.
    expect((await call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(401);
    const sid = sidOf(u.accessToken);
    await lose(sid);
    expect((await call("GET", "/api/auth/me", { token: second.json.data.accessToken })).status).toBe(401);
  });

  it("lets a live session through over RPC, then answers from the rewritten record again", async () => {
    const u = await signUp("production");
    const sid = sidOf(u.accessToken);
    await lose(sid);
    const me = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(me.status).toBe(200);
    expect(via(me)).toBe("rpc");
    expect(await eventually(async () => (await r().get(sessionKey(sid))) === "active")).toBe(true);
    const next = await call("GET", "/api/auth/me", { token: u.accessToken });
    expect(next.status).toBe(200);
    expect(via(next)).toBe("redis");
  });
});
