// The RPC methods' own checks: input arrives over RPC unvalidated, and a database outage is a value.
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { rpcContext } from "@pitchey/http";
import type { Env } from "./env";
import { MAX_IDS, getUsers, isSessionActive } from "./auth.rpc";

const rc = (over: Partial<Env> = {}) => rpcContext("auth", "test", { ...(env as unknown as Env), ...over }, createExecutionContext());

async function register(name: string) {
  const r = await SELF.fetch("https://pitchey-auth.internal/api/auth/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `rpc-${crypto.randomUUID()}@test.pitchey.dev`, password: "rpc password 123", name, role: "creator" }),
  });
  expect(r.status).toBe(201);
  const data = ((await r.json()) as { data: { user: { id: string }; accessToken: string } }).data;
  const sid = JSON.parse(atob(data.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
  return { id: data.user.id, sid };
}

describe("getUsers", () => {
  it("returns {id, name} of known ids, once each, and leaves out malformed and unknown ones", async () => {
    const u = await register("Rpc Person");
    expect(await getUsers(await rc(), [u.id, u.id, "0", "x", 7, null, "999999999999"])).toEqual([{ id: u.id, name: "Rpc Person" }]);
  });

  it("refuses what is not a list, or too long a list, and answers [] without a query when nothing is valid", async () => {
    await expect(getUsers(await rc(), "1")).rejects.toThrow(TypeError);
    await expect(getUsers(await rc(), Array(MAX_IDS + 1).fill("1"))).rejects.toThrow(RangeError);
    // No DATABASE_URL: any query would throw, so [] proves none ran.
    expect(await getUsers(await rc({ DATABASE_URL: undefined }), ["nope", "", "01"])).toEqual([]);
  });
});

describe("isSessionActive", () => {
  it("is true for a live session and false for an unknown or malformed id (no query for the latter)", async () => {
    const u = await register("Rpc Session");
    expect(await isSessionActive(await rc(), u.sid)).toBe(true);
    expect(await isSessionActive(await rc(), crypto.randomUUID())).toBe(false);
    for (const bad of ["'; drop table auth.sessions; --", "", 42, null]) expect(await isSessionActive(await rc({ DATABASE_URL: undefined }), bad)).toBe(false);
  });

  it("answers null, not an exception, when the database cannot be reached", async () => {
    expect(await isSessionActive(await rc({ DATABASE_URL: undefined }), crypto.randomUUID())).toBeNull();
  });
});
