// Every investor route is for investor accounts only: anonymous → 401, creator/production → 403,
// checked before anything else (so an invalid body or unknown id cannot mask the refusal) and with
// nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ROUTES } from "@pitchey/contracts";
import { call } from "./helpers";
import { investmentsOf, publishedPitch, q, world, type World } from "./investor.fixtures";

const ROUTES = PUBLIC_ROUTES.filter((r) => r.service === "investor");

describe("investor routes: role enforcement", () => {
  let w: World;
  let pitchId: string;
  beforeAll(async () => {
    w = await world();
    pitchId = (await publishedPitch(w.creator)).id;
  });

  it("covers all nine investor routes", () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "DELETE /api/investor/watchlist/:pitchId",
      "GET /api/investor/dashboard",
      "GET /api/investor/investments",
      "GET /api/investor/investments/:id",
      "GET /api/investor/portfolio",
      "GET /api/investor/watchlist",
      "POST /api/investor/investments",
      "POST /api/investor/investments/:id/withdraw",
      "POST /api/investor/watchlist",
    ]);
  });

  const pathOf = (path: string) => path.replace(":pitchId", pitchId).replace(":id", "1");
  const bodyOf = (method: string, path: string) =>
    method !== "POST" ? undefined : path.endsWith("/investments") ? { pitchId, amountCents: 1000 } : path.endsWith("/watchlist") ? { pitchId } : undefined;

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: anonymous 401, creator and production 403, investor allowed`, async () => {
      const path = pathOf(route.path);
      const body = bodyOf(route.method, route.path);

      const anon = await call(route.method, path, { body });
      expect(anon.status).toBe(401);
      expect(anon.json).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });

      for (const who of [w.creator, w.production]) {
        const r = await call(route.method, path, { token: who.accessToken, body, headers: { "idempotency-key": crypto.randomUUID() } });
        expect(r.status, `${who.user.role}: ${r.text}`).toBe(403);
        expect(r.headers.get("content-type")).toContain("application/problem+json");
        expect(r.json.code).toBe("FORBIDDEN");
        // The role check comes before input validation: garbage gets the same 403.
        if (route.method === "POST") {
          const garbage = await call(route.method, path, { token: who.accessToken, raw: "{not json", headers: { "content-type": "application/json" } });
          expect(garbage.status).toBe(403);
        }
      }

      const ok = await call(route.method, path, { token: w.investor.accessToken, body });
      expect([401, 403]).not.toContain(ok.status);
      expect(ok.status, ok.text).toBeLessThan(500);
    });
  }

  it("writes nothing for a refused role", async () => {
    const before = await q<{ n: number }>("select count(*)::int as n from investor.investments");
    const wl = await q<{ n: number }>("select count(*)::int as n from investor.watchlist");
    expect((await call("POST", "/api/investor/investments", { token: w.creator.accessToken, body: { pitchId, amountCents: 500 } })).status).toBe(403);
    expect((await call("POST", "/api/investor/watchlist", { token: w.production.accessToken, body: { pitchId } })).status).toBe(403);
    expect(await q("select count(*)::int as n from investor.investments")).toEqual(before);
    expect(await q("select count(*)::int as n from investor.watchlist")).toEqual(wl);
    expect(await investmentsOf(w.creator.user.id)).toEqual([]);
  });

  it("refuses a forged or missing-signature identity header (requests that skip the gateway's signature)", async () => {
    const r = await call("GET", "/api/investor/dashboard", {
      headers: { "x-pitchey-identity": "v1.eyJ1Ijp7InN1YiI6IjEiLCJyb2xlIjoiaW52ZXN0b3IiLCJzaWQiOiJ4In19.AAAA" },
    });
    expect(r.status).toBe(401);
  });
});
