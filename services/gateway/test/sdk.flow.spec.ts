// The SDK (@pitchey/client) against the real gateway: the README's creator → investor flow
// (packages/client/examples/flow.ts), every answer contract-checked (helpers.ts checkedFetch), and
// the session refresh done once for concurrent calls that meet a 401.
import { describe, expect, it } from "vitest";
import { createClient, isApiError } from "@pitchey/client";
import { creatorToInvestorFlow } from "@pitchey/client/examples/flow";
import { BASE, checkedFetch } from "./helpers";

describe("the SDK through the gateway", () => {
  it("runs the creator → investor flow: pitch, If-Match, cursor pages, NDA via its Location, idempotent investment, dashboard", async () => {
    const r = await creatorToInvestorFlow({ baseUrl: BASE, fetch: checkedFetch });
    expect(r.creator.role).toBe("creator");
    expect(r.pitch).toMatchObject({ status: "published", creatorId: r.creator.id, synopsis: "Storm season, 1953." });
    expect(r.staleUpdate).toEqual({ status: 412, code: "PRECONDITION_FAILED" });
    expect(r.browsed).toBeGreaterThanOrEqual(1);
    expect(r.nda).toMatchObject({ pitchId: r.pitch.id, requesterId: r.investor.id, status: "approved" });
    expect(r.unlocked.protected).toMatchObject({ financialProjections: "3x in 5 years" });
    expect(r.investment).toMatchObject({ pitchId: r.pitch.id, amountCents: 2_500_000, status: "pending" });
    expect(r.replayed).toEqual({ investment: r.investment, replayed: true });
    expect(r.watchlist.map((w) => w.pitchId)).toEqual([r.pitch.id]);
    expect(r.dashboard.totals.activeInvestments).toBe(1);
  });

  it("sends its Pitchey-Client id on every call, and refreshes the session once when concurrent calls meet a 401", async () => {
    const seen: Request[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(new Request(input, init));
      return checkedFetch(input, init);
    };
    const api = createClient({ baseUrl: BASE, fetch: spy });
    await api.call("register", { body: { email: `sdk-${crypto.randomUUID()}@test.pitchey.dev`, password: "a long password", name: "SDK", role: "investor" } });
    const good = api.session!;
    // The access token stops working (as when it expires): every call meets a 401.
    const broken = createClient({
      baseUrl: BASE,
      fetch: spy,
      clientId: api.clientId,
      session: { accessToken: `${good.accessToken}x`, refreshToken: good.refreshToken },
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => broken.call("getMe")));
    expect(results.every((x) => x.status === 200)).toBe(true);
    expect(seen.filter((r) => r.url.endsWith("/api/auth/refresh"))).toHaveLength(1);
    expect(broken.session!.refreshToken).not.toBe(good.refreshToken);
    expect(new Set(seen.map((r) => r.headers.get("pitchey-client")))).toEqual(new Set([api.clientId]));
    // One refresh, not six: the session was not ended by refresh-token reuse.
    await expect(api.call("getMe")).resolves.toMatchObject({ status: 200 });
  });

  it("types the errors it throws by operation and status", async () => {
    const api = createClient({ baseUrl: BASE, fetch: checkedFetch });
    const err = await api.call("getPitch", { params: { id: "987654321987" } }).catch((e: unknown) => e);
    expect(isApiError(err, "getPitch") && err.status === 404 && err.code).toBe("NOT_FOUND");
  });
});
