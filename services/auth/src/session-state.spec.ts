// The session records the gateway reads: written, kept revoked against late writes, and rewritten from
// Postgres by the RPC fallback.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { legacyRevokedKey, sessionKey } from "@pitchey/contracts";
import { redis } from "@pitchey/data";
import { createContext } from "@pitchey/http";
import type { Env } from "./env";
import { publishActive, publishRevocation, republish } from "./session-state";

const e = env as unknown as Env;
const r = () => redis(e)!;
async function withRc(fn: (rc: Awaited<ReturnType<typeof createContext<Env>>>) => Promise<void> | void) {
  const ctx = createExecutionContext();
  await fn(await createContext("auth", new Request("https://auth.internal/"), e, ctx));
  await waitOnExecutionContext(ctx);
}

describe("session records", () => {
  it("publishActive writes `active` for longer than an access token lives", async () => {
    const sid = crypto.randomUUID();
    await withRc((rc) => publishActive(rc, sid));
    expect(await r().get(sessionKey(sid))).toBe("active");
    expect(await r().ttl(sessionKey(sid))).toBeGreaterThan(900);
  });

  it("publishRevocation writes `revoked:<reason>` and the legacy marker older gateways read", async () => {
    const sid = crypto.randomUUID();
    await withRc((rc) => publishActive(rc, sid));
    await withRc((rc) => publishRevocation(rc, sid, "logout"));
    expect(await r().get(sessionKey(sid))).toBe("revoked:logout");
    expect(await r().get(legacyRevokedKey(sid))).toBe("logout");
  });

  it("a late `active` (a refresh or a republish that read Postgres before the logout) never undoes a revocation", async () => {
    const sid = crypto.randomUUID();
    await withRc((rc) => publishRevocation(rc, sid, "refresh_reuse"));
    await withRc((rc) => publishActive(rc, sid));
    await withRc((rc) => republish(rc, sid, { active: true }));
    expect(await r().get(sessionKey(sid))).toBe("revoked:refresh_reuse");
  });

  it("republish writes what Postgres said, after the response", async () => {
    const [live, ended] = [crypto.randomUUID(), crypto.randomUUID()];
    await withRc((rc) => republish(rc, live, { active: true }));
    await withRc((rc) => republish(rc, ended, { active: false, reason: "logout" }));
    expect(await r().mget(sessionKey(live), sessionKey(ended))).toEqual(["active", "revoked:logout"]);
  });

  it("does nothing, and throws nothing, without Redis", async () => {
    const sid = crypto.randomUUID();
    const ctx = createExecutionContext();
    const rc = await createContext("auth", new Request("https://auth.internal/"), { ...e, UPSTASH_REDIS_REST_URL: undefined }, ctx);
    await publishActive(rc, sid);
    await publishRevocation(rc, sid, "logout");
    expect(await r().get(sessionKey(sid))).toBeNull();
  });
});
