// The NDA lifecycle: request, one open request per user, decisions by the owner only, the state
// machine, and `protected` granted / withdrawn on the very next (cached) read.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

describe("NDA lifecycle", () => {
  let owner: Awaited<ReturnType<typeof signUp>>;
  let investor: Awaited<ReturnType<typeof signUp>>;
  let production: Awaited<ReturnType<typeof signUp>>;
  let creator: Awaited<ReturnType<typeof signUp>>;
  let pitchId: string;
  beforeAll(async () => {
    [owner, investor, production, creator] = await Promise.all([signUp("creator"), signUp("investor"), signUp("production"), signUp("creator")]);
    pitchId = (await createPitch(owner.accessToken)).id;
    await publish(owner.accessToken, pitchId);
  });

  const detail = (token?: string) => call("GET", `/api/pitches/${pitchId}`, { token });

  it("grants protected on the next read after approval and withdraws it on the next read after revocation", async () => {
    // Warm every cache layer with the "no NDA" view first.
    for (let i = 0; i < 3; i++) expect("protected" in (await detail(investor.accessToken)).json.data).toBe(false);

    const req = await call("POST", `/api/pitches/${pitchId}/nda`, { token: investor.accessToken, body: { message: "Keen to read the numbers." } });
    expect(req.status).toBe(201);
    expect(req.json.data).toMatchObject({
      pitchId,
      requesterId: investor.user.id,
      ownerId: owner.user.id,
      status: "pending",
      message: "Keen to read the numbers.",
      decidedAt: null,
    });
    // Location resolves: the requester and the owner read the request there; anyone else is told nothing.
    expect(req.headers.get("location")).toBe(`/api/ndas/${req.json.data.id}`);
    for (const who of [investor, owner]) {
      const at = await call("GET", req.headers.get("location")!, { token: who.accessToken });
      expect(at.status).toBe(200);
      expect(at.json.data).toEqual(req.json.data);
    }
    for (const who of [production, creator]) expect((await call("GET", req.headers.get("location")!, { token: who.accessToken })).status).toBe(404);
    expect((await call("GET", req.headers.get("location")!)).status).toBe(401);
    expect((await call("GET", "/api/ndas/987654321987", { token: investor.accessToken })).status).toBe(404);
    expect("protected" in (await detail(investor.accessToken)).json.data).toBe(false);

    const dup = await call("POST", `/api/pitches/${pitchId}/nda`, { token: investor.accessToken, body: {} });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe("CONFLICT");

    const incoming = await call("GET", "/api/ndas?direction=incoming", { token: owner.accessToken });
    expect(incoming.json.data.map((n: { id: string }) => n.id)).toContain(req.json.data.id);
    const outgoing = await call("GET", "/api/ndas?direction=outgoing", { token: investor.accessToken });
    expect(outgoing.json.data.map((n: { id: string }) => n.id)).toEqual([req.json.data.id]);
    expect((await call("GET", "/api/ndas?direction=incoming", { token: investor.accessToken })).json.data).toEqual([]);

    // Only the owner decides; the requester is told no, strangers are told nothing.
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: investor.accessToken })).status).toBe(403);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: creator.accessToken })).status).toBe(404);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`)).status).toBe(401);

    const approved = await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: owner.accessToken });
    expect(approved.status).toBe(200);
    expect(approved.json.data.status).toBe("approved");
    expect(approved.json.data.decidedAt).toMatch(/Z$/);
    const seen = await detail(investor.accessToken);
    expect(seen.json.data.protected).toMatchObject({ budgetBreakdown: "Above the line: 40%", contactEmail: "owner@example.com" });
    expect(seen.headers.get("cache-control")).toContain("private");
    // Someone else still does not see it, anonymous neither.
    expect("protected" in (await detail(production.accessToken)).json.data).toBe(false);
    expect("protected" in (await detail()).json.data).toBe(false);

    // A second open request is refused while approved; rejecting an approved one is not a transition.
    expect((await call("POST", `/api/pitches/${pitchId}/nda`, { token: investor.accessToken, body: {} })).status).toBe(409);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/reject`, { token: owner.accessToken })).status).toBe(409);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: owner.accessToken })).status).toBe(409);

    const revoked = await call("POST", `/api/ndas/${req.json.data.id}/revoke`, { token: owner.accessToken });
    expect(revoked.status).toBe(200);
    expect(revoked.json.data.status).toBe("revoked");
    expect("protected" in (await detail(investor.accessToken)).json.data).toBe(false);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: owner.accessToken })).status).toBe(409);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/revoke`, { token: owner.accessToken })).status).toBe(409);

    // After revocation a new request may be made.
    expect((await call("POST", `/api/pitches/${pitchId}/nda`, { token: investor.accessToken, body: {} })).status).toBe(201);
  });

  it("rejects: pending → rejected, and nothing after", async () => {
    const req = await call("POST", `/api/pitches/${pitchId}/nda`, { token: production.accessToken, body: {} });
    expect(req.status).toBe(201);
    const rejected = await call("POST", `/api/ndas/${req.json.data.id}/reject`, { token: owner.accessToken });
    expect(rejected.json.data.status).toBe("rejected");
    expect((await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: owner.accessToken })).status).toBe(409);
    expect((await call("POST", `/api/ndas/${req.json.data.id}/revoke`, { token: owner.accessToken })).status).toBe(409);
    expect("protected" in (await detail(production.accessToken)).json.data).toBe(false);
  });

  it("refuses requests from creators, from the owner, and for pitches the caller cannot see", async () => {
    expect((await call("POST", `/api/pitches/${pitchId}/nda`, { token: creator.accessToken, body: {} })).status).toBe(403);
    expect((await call("POST", `/api/pitches/${pitchId}/nda`, { body: {} })).status).toBe(401);
    const prodOwner = await signUp("production");
    const own = await createPitch(prodOwner.accessToken);
    await publish(prodOwner.accessToken, own.id);
    expect((await call("POST", `/api/pitches/${own.id}/nda`, { token: prodOwner.accessToken, body: {} })).status).toBe(403);
    const draft = await createPitch(owner.accessToken);
    expect((await call("POST", `/api/pitches/${draft.id}/nda`, { token: investor.accessToken, body: {} })).status).toBe(404);
    expect((await call("POST", "/api/ndas/999999999/approve", { token: owner.accessToken })).status).toBe(404);
  });
});
