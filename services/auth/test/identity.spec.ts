// The auth service trusts a user only through the gateway's signed identity header: requests that
// reach it any other way (no header, a forged or replayed one) are anonymous, and routes that need a
// user refuse them. Run against the service alone, without the gateway.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { IDENTITY_HEADER, signCaller } from "@pitchey/http";

const secret = (env as unknown as { IDENTITY_HMAC_SECRET: string }).IDENTITY_HMAC_SECRET;
let user: { sub: string; role: "creator"; sid: string };

async function asGateway(path: string, init: RequestInit = {}, who: typeof user | null = user, key = secret) {
  const requestId = `req-${crypto.randomUUID()}`;
  const headers = new Headers(init.headers);
  headers.set("x-request-id", requestId);
  headers.set(IDENTITY_HEADER, await signCaller({ user: who, client: "192.0.2.1" }, requestId, key));
  return SELF.fetch(`https://pitchey-auth.internal${path}`, { ...init, headers });
}

beforeAll(async () => {
  const r = await asGateway(
    "/api/auth/register",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `id-${crypto.randomUUID()}@test.pitchey.dev`, password: "long enough pw", name: "Id Test", role: "creator" }),
    },
    null,
  );
  expect(r.status).toBe(201);
  const body = (await r.json()) as { data: { user: { id: string }; accessToken: string } };
  const sid = JSON.parse(atob(body.data.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid;
  user = { sub: body.data.user.id, role: "creator", sid };
});

describe("identity refusal at the auth service", () => {
  it("serves a request the gateway signed", async () => {
    const r = await asGateway("/api/auth/me");
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { user: { id: string } } }).data.user.id).toBe(user.sub);
  });

  it("refuses a request without the header", async () => {
    const r = await SELF.fetch("https://pitchey-auth.internal/api/auth/me");
    expect(r.status).toBe(401);
    expect(((await r.json()) as { code: string }).code).toBe("UNAUTHENTICATED");
  });

  it("refuses a header signed with another secret, a malformed one, and one replayed onto another request", async () => {
    expect((await asGateway("/api/auth/me", {}, user, "some-other-secret")).status).toBe(401);
    for (const header of ["v1.x.y", "garbage", "v2.e30.AAAA", ""]) {
      const r = await SELF.fetch("https://pitchey-auth.internal/api/auth/me", { headers: { [IDENTITY_HEADER]: header, "x-request-id": "req-12345678" } });
      expect(r.status, header).toBe(401);
    }
    const signed = await signCaller({ user, client: "x" }, "req-aaaaaaaa", secret);
    const replay = await SELF.fetch("https://pitchey-auth.internal/api/auth/me", { headers: { [IDENTITY_HEADER]: signed, "x-request-id": "req-bbbbbbbb" } });
    expect(replay.status).toBe(401);
  });

  it("refuses a stale signature (older than a request's worth)", async () => {
    const requestId = `req-${crypto.randomUUID()}`;
    const old = await signCaller({ user, client: "x" }, requestId, secret, Date.now() - 5 * 60_000);
    const r = await SELF.fetch("https://pitchey-auth.internal/api/auth/me", { headers: { [IDENTITY_HEADER]: old, "x-request-id": requestId } });
    expect(r.status).toBe(401);
  });

  it("refuses logout without a signed identity, and leaves the session alive", async () => {
    expect((await SELF.fetch("https://pitchey-auth.internal/api/auth/logout", { method: "POST" })).status).toBe(401);
    expect((await asGateway("/api/auth/me")).status).toBe(200);
  });
});
