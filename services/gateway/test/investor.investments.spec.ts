// Investments: create (with its ledger entry), validation, refused pitches, list/get of one's own
// only (BOLA), pagination, the withdraw state machine, and every change visible on the next read.
import { beforeAll, describe, expect, it } from "vitest";
import { Investment, MAX_INVESTMENT_CENTS, envelope, pageOf } from "@pitchey/contracts";
import { call, signUp } from "./helpers";
import { invest, investmentsOf, ledgerOf, publishedPitch, q, world, type TestUser, type World } from "./investor.fixtures";

const get = (token: string, id: string) => call("GET", `/api/investor/investments/${id}`, { token });
const list = (token: string, query = "") => call("GET", `/api/investor/investments${query}`, { token });
const withdraw = (token: string, id: string) => call("POST", `/api/investor/investments/${id}/withdraw`, { token });

describe("investor investments", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("creates a pending investment (201, Location) with exactly one ledger entry", async () => {
    const me = await signUp("investor");
    const r = await invest(me.accessToken, { pitchId: w.pitches.public.id, amountCents: 250_000_00, note: "First tranche" });
    expect(r.status, r.text).toBe(201);
    const inv = envelope(Investment).parse(r.json).data;
    expect(inv).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      pitchId: w.pitches.public.id,
      pitch: { id: w.pitches.public.id, title: w.pitches.public.title },
      amountCents: 250_000_00,
      currency: "USD",
      status: "pending",
      note: "First tranche",
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: inv.createdAt,
    });
    expect(r.headers.get("location")).toBe(`/api/investor/investments/${inv.id}`);
    expect(r.headers.get("x-pitchey-service")).toBe("investor@stable");
    expect(await investmentsOf(me.user.id)).toEqual([
      { id: inv.id, pitch_id: w.pitches.public.id, amount_cents: "25000000", currency: "USD", status: "pending" },
    ]);
    expect(await ledgerOf(me.user.id)).toEqual([{ investment_id: inv.id, kind: "investment", amount_cents: "25000000", currency: "USD" }]);
  });

  it("accepts another ISO 4217 currency, the maximum amount and an investors-only pitch", async () => {
    const me = await signUp("investor");
    const eur = await invest(me.accessToken, { pitchId: w.pitches.investors.id, amountCents: MAX_INVESTMENT_CENTS, currency: "EUR" });
    expect(eur.status, eur.text).toBe(201);
    expect(eur.json.data).toMatchObject({ currency: "EUR", amountCents: MAX_INVESTMENT_CENTS });
  });

  describe("refuses invalid input with 400 naming the field, and writes nothing", () => {
    let me: TestUser;
    beforeAll(async () => {
      me = await signUp("investor");
    });
    const cases: [string, Record<string, unknown>, string][] = [
      ["zero", { amountCents: 0 }, "amountCents"],
      ["negative", { amountCents: -500 }, "amountCents"],
      ["fractional", { amountCents: 100.5 }, "amountCents"],
      ["above the maximum", { amountCents: MAX_INVESTMENT_CENTS + 1 }, "amountCents"],
      ["a string amount", { amountCents: "1000" }, "amountCents"],
      ["a null amount", { amountCents: null }, "amountCents"],
      ["a missing amount", { amountCents: undefined }, "amountCents"],
      ["a lower-case currency", { currency: "usd" }, "currency"],
      ["an unknown currency", { currency: "ZZZ" }, "currency"],
      ["a numeric pitch id", { pitchId: 5 }, "pitchId"],
      ["an unknown field", { status: "committed" }, "status"],
    ];
    it.each(cases)("%s", async (_name, patch, field) => {
      const r = await invest(me.accessToken, { pitchId: w.pitches.public.id, amountCents: 1000, ...patch }, crypto.randomUUID());
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.json.code).toBe("VALIDATION_FAILED");
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(await investmentsOf(me.user.id)).toEqual([]);
      expect(await q("select 1 from investor.idempotency_keys where investor_id = $1", [me.user.id])).toEqual([]);
    });

    it("malformed JSON → 400, wrong content type → 415", async () => {
      const bad = await call("POST", "/api/investor/investments", {
        token: me.accessToken,
        raw: '{"pitchId":',
        headers: { "content-type": "application/json" },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.code).toBe("MALFORMED_JSON");
      const type = await call("POST", "/api/investor/investments", { token: me.accessToken, raw: "pitchId=1", headers: { "content-type": "text/plain" } });
      expect(type.status).toBe(415);
      expect(await investmentsOf(me.user.id)).toEqual([]);
    });
  });

  it.each(["draft", "private", "archived"] as const)("refuses a %s pitch with 404 and writes nothing", async (state) => {
    const me = await signUp("investor");
    const r = await invest(me.accessToken, { pitchId: w.pitches[state].id, amountCents: 1000 }, crypto.randomUUID());
    expect(r.status).toBe(404);
    expect(r.json.code).toBe("NOT_FOUND");
    expect(await investmentsOf(me.user.id)).toEqual([]);
    expect(await ledgerOf(me.user.id)).toEqual([]);
  });

  it("refuses an unknown pitch with 404", async () => {
    const me = await signUp("investor");
    const r = await invest(me.accessToken, { pitchId: "987654321987", amountCents: 1000 });
    expect(r.status).toBe(404);
    expect(await investmentsOf(me.user.id)).toEqual([]);
  });

  describe("list and get: one's own only", () => {
    let a: TestUser;
    let b: TestUser;
    let created: string[];
    beforeAll(async () => {
      [a, b] = await Promise.all([signUp("investor"), signUp("investor")]);
      created = [];
      for (const amountCents of [100, 200, 300, 400, 500]) {
        const r = await invest(a.accessToken, { pitchId: w.pitches.public.id, amountCents });
        expect(r.status).toBe(201);
        created.unshift(r.json.data.id); // newest first
      }
    });

    it("lists newest first with cursor pagination", async () => {
      const first = await list(a.accessToken, "?limit=2");
      expect(first.status).toBe(200);
      pageOf(Investment).parse(first.json);
      expect(first.json.data.map((i: { id: string }) => i.id)).toEqual(created.slice(0, 2));
      expect(first.json.meta.hasMore).toBe(true);
      const second = await list(a.accessToken, `?limit=2&cursor=${first.json.meta.nextCursor}`);
      expect(second.json.data.map((i: { id: string }) => i.id)).toEqual(created.slice(2, 4));
      const third = await list(a.accessToken, `?limit=2&cursor=${second.json.meta.nextCursor}`);
      expect(third.json.data.map((i: { id: string }) => i.id)).toEqual(created.slice(4));
      expect(third.json.meta).toMatchObject({ nextCursor: null, hasMore: false });
      const all = await list(a.accessToken);
      expect(all.json.data.map((i: { id: string }) => i.id)).toEqual(created);
    });

    it.each(["?limit=0", "?limit=101", "?limit=1.5", "?cursor=not*a*cursor", "?cursor=eyJrIjoiaW52IiwiaWQiOiIwIn0", "?page=2"])(
      "refuses %s with 400",
      async (query) => {
        const r = await list(a.accessToken, query);
        expect(r.status).toBe(400);
        expect(r.json.code).toBe("VALIDATION_FAILED");
      },
    );

    it("gets one's own investment; another investor's id is 404 (and so is an unknown one)", async () => {
      const mine = await get(a.accessToken, created[0]!);
      expect(mine.status).toBe(200);
      expect(mine.json.data.id).toBe(created[0]);
      const theirs = await get(b.accessToken, created[0]!);
      expect(theirs.status).toBe(404);
      expect(theirs.json.code).toBe("NOT_FOUND");
      expect((await get(a.accessToken, "987654321987")).status).toBe(404);
      expect((await get(a.accessToken, "abc")).status).toBe(404);
      expect((await list(b.accessToken)).json.data).toEqual([]);
    });

    it("does not let another investor withdraw my investment", async () => {
      const r = await withdraw(b.accessToken, created[1]!);
      expect(r.status).toBe(404);
      expect((await get(a.accessToken, created[1]!)).json.data.status).toBe("pending");
      expect((await investmentsOf(a.user.id)).find((i) => i.id === created[1])!.status).toBe("pending");
      expect(await ledgerOf(b.user.id)).toEqual([]);
    });

    it("shows a new investment on the next read of a cached list and portfolio", async () => {
      await list(a.accessToken); // cached now
      const r = await invest(a.accessToken, { pitchId: w.pitches.public.id, amountCents: 600 });
      const after = await list(a.accessToken);
      expect(after.json.data[0].id).toBe(r.json.data.id);
      expect(after.json.data).toHaveLength(created.length + 1);
    });
  });

  describe("withdraw state machine", () => {
    let me: TestUser;
    beforeAll(async () => {
      me = await signUp("investor");
    });

    it("pending → withdrawn, with a reversing ledger entry; withdrawing again is 409", async () => {
      const inv = (await invest(me.accessToken, { pitchId: w.pitches.public.id, amountCents: 7_500 })).json.data;
      expect((await get(me.accessToken, inv.id)).json.data.status).toBe("pending"); // cached now
      const r = await withdraw(me.accessToken, inv.id);
      expect(r.status, r.text).toBe(200);
      expect(envelope(Investment).parse(r.json).data).toMatchObject({ id: inv.id, status: "withdrawn", amountCents: 7_500, createdAt: inv.createdAt });
      expect(Date.parse(r.json.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(inv.createdAt));
      expect((await get(me.accessToken, inv.id)).json.data.status).toBe("withdrawn");

      const again = await withdraw(me.accessToken, inv.id);
      expect(again.status).toBe(409);
      expect(again.json.code).toBe("CONFLICT");
      const ledger = (await ledgerOf(me.user.id)).filter((l) => l.investment_id === inv.id);
      expect(ledger).toEqual([
        { investment_id: inv.id, kind: "investment", amount_cents: "7500", currency: "USD" },
        { investment_id: inv.id, kind: "withdrawal", amount_cents: "-7500", currency: "USD" },
      ]);
    });

    it("committed → withdrawn", async () => {
      const inv = (await invest(me.accessToken, { pitchId: w.pitches.public.id, amountCents: 9_900, currency: "GBP" })).json.data;
      // `committed` is set by back-office settlement, not by the public API.
      await q("update investor.investments set status = 'committed' where id = $1", [inv.id]);
      const r = await withdraw(me.accessToken, inv.id);
      expect(r.status, r.text).toBe(200);
      expect(r.json.data.status).toBe("withdrawn");
      expect((await ledgerOf(me.user.id)).filter((l) => l.investment_id === inv.id).map((l) => [l.kind, l.amount_cents, l.currency])).toEqual([
        ["investment", "9900", "GBP"],
        ["withdrawal", "-9900", "GBP"],
      ]);
    });

    it("unknown id → 404, and a malformed one too (ids are opaque)", async () => {
      expect((await withdraw(me.accessToken, "987654321987")).status).toBe(404);
      expect((await withdraw(me.accessToken, "x1")).status).toBe(404);
    });

    it("many concurrent withdrawals of one investment: one 200, the rest 409, one reversing entry", async () => {
      const inv = (await invest(me.accessToken, { pitchId: w.pitches.public.id, amountCents: 1_234 })).json.data;
      const results = await Promise.all(Array.from({ length: 10 }, () => withdraw(me.accessToken, inv.id)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(9);
      expect((await ledgerOf(me.user.id)).filter((l) => l.investment_id === inv.id && l.kind === "withdrawal")).toHaveLength(1);
    });
  });

  it("keeps the pitch title snapshot from the time of investing", async () => {
    const me = await signUp("investor");
    const p = await publishedPitch(w.creator, { genre: "thriller" });
    const inv = (await invest(me.accessToken, { pitchId: p.id, amountCents: 100 })).json.data;
    expect(inv.pitch).toEqual({ id: p.id, title: p.title });
    expect((await q<{ g: string }>("select pitch_genre as g from investor.investments where id = $1", [inv.id]))[0]!.g).toBe("thriller");
  });
});
