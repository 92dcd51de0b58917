// Bad input to the pitch routes: every case a 4xx problem+json that names the field.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { createPitch, pitchBody, publish } from "./pitch.fixtures";

let token: string;
let investorToken: string;
let pitchId: string;
beforeAll(async () => {
  token = (await signUp("creator")).accessToken;
  investorToken = (await signUp("investor")).accessToken;
  pitchId = (await createPitch(token)).id;
});

const fieldsOf = (json: { errors?: { path: string }[] }) => (json.errors ?? []).map((e) => e.path);

describe("pitch input validation", () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ["unknown genre", { genre: "telenovela-noir" }, "genre"],
    ["unknown format", { format: "hologram" }, "format"],
    ["negative budget", { budgetCents: -1 }, "budgetCents"],
    ["fractional budget", { budgetCents: 10.5 }, "budgetCents"],
    ["budget as string", { budgetCents: "100" }, "budgetCents"],
    ["title over the limit", { title: "x".repeat(201) }, "title"],
    ["empty title", { title: "   " }, "title"],
    ["unknown field", { producerNotes: "hi" }, "producerNotes"],
    ["bad visibility", { visibility: "everyone" }, "visibility"],
    ["bad currency", { currency: "dollars" }, "currency"],
    ["bad contact email", { protected: { contactEmail: "not-an-email" } }, "protected.contactEmail"],
    ["unknown protected field", { protected: { secretSauce: "x" } }, "protected.secretSauce"],
  ];
  for (const [name, patch, field] of bad) {
    it(`POST: ${name} → 400 naming ${field}`, async () => {
      const r = await call("POST", "/api/pitches", { token, body: pitchBody(patch) });
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.json.code).toBe("VALIDATION_FAILED");
      expect(fieldsOf(r.json)).toContain(field);
    });
  }

  it("POST: a missing required field is named", async () => {
    const { title: _t, ...rest } = pitchBody();
    const r = await call("POST", "/api/pitches", { token, body: rest });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.json)).toContain("title");
  });

  it("POST: malformed JSON → 400 MALFORMED_JSON; wrong content type → 415; oversize → 413", async () => {
    const malformed = await call("POST", "/api/pitches", { token, raw: '{"title": ', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe("MALFORMED_JSON");
    const wrongType = await call("POST", "/api/pitches", { token, raw: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(415);
    const huge = await call("POST", "/api/pitches", { token, body: pitchBody({ synopsis: "x".repeat(70_000) }) });
    expect(huge.status).toBe(413);
    expect(huge.json.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("PATCH: an empty body and bad fields are refused", async () => {
    const empty = await call("PATCH", `/api/pitches/${pitchId}`, { token, body: {} });
    expect(empty.status).toBe(400);
    const r = await call("PATCH", `/api/pitches/${pitchId}`, { token, body: { genre: "opera", seekingCents: -5 } });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.json)).toEqual(expect.arrayContaining(["genre", "seekingCents"]));
  });

  it("answers a malformed id like an unknown one: 404 (ids are opaque), on every route that takes one", async () => {
    for (const id of ["abc", "1.5", "-3", "0", "99999999999999999999", "1;drop"]) {
      const p = `/api/pitches/${encodeURIComponent(id)}`;
      for (const [method, path, as, body] of [
        ["GET", p, undefined, undefined],
        ["PATCH", p, token, { title: "x" }],
        ["DELETE", p, token, undefined],
        ["POST", `${p}/publish`, token, undefined],
        ["POST", `${p}/views`, undefined, undefined],
        ["POST", `${p}/nda`, investorToken, {}],
        ["GET", `/api/ndas/${encodeURIComponent(id)}`, investorToken, undefined],
        ["POST", `/api/ndas/${encodeURIComponent(id)}/approve`, token, undefined],
      ] as const) {
        const r = await call(method, path, { token: as, body });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.json.code).toBe("NOT_FOUND");
      }
    }
    expect((await call("GET", "/api/pitches/424242424242")).status).toBe(404);
  });

  it("validates browse queries: limit range, malformed cursor, unknown parameters, budget order", async () => {
    for (const [q, field] of [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["cursor=%%%", "cursor"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["genre=opera", "genre"],
      ["sort=random", "sort"],
      ["minBudget=-1", "minBudget"],
      ["minBudget=10&maxBudget=5", "maxBudget"],
      ["colour=red", "colour"],
      ["creatorId=abc", "creatorId"],
    ]) {
      const r = await call("GET", `/api/pitches?${q}`);
      expect(r.status, q).toBe(400);
      expect(fieldsOf(r.json), q).toContain(field);
    }
  });

  it("refuses hand-made cursors whose key does not fit the sort (400, never a database error)", async () => {
    const forge = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    for (const [sort, cursor] of [
      ["new", forge({ s: "new", k: "x", id: "1" })],
      ["new", forge({ s: "new", k: "2026-01-01", id: "1" })],
      ["popular", forge({ s: "popular", k: "lots", id: "1" })],
      ["trending", forge({ s: "trending", k: "NaN", id: "1" })],
      ["new", forge({ s: "new", k: "2026-01-01T00:00:00.000000Z", id: "1; drop table pitch.pitches" })],
    ] as const) {
      const r = await call("GET", `/api/pitches?sort=${sort}&cursor=${cursor}`);
      expect(r.status, `${sort} ${cursor}`).toBe(400);
      expect(fieldsOf(r.json)).toEqual(["cursor"]);
    }
    const mine = await call("GET", `/api/pitches/mine?cursor=${forge({ k: "yesterday", id: "1" })}`, { token });
    expect(mine.status).toBe(400);
    const ndas = await call("GET", `/api/ndas?cursor=${forge({ k: "2026", id: "x" })}`, { token });
    expect(ndas.status).toBe(400);
  });

  it("a cursor from one sort order is refused by another", async () => {
    for (let i = 0; i < 2; i++) await publish(token, (await createPitch(token)).id);
    const first = await call("GET", "/api/pitches?limit=1&sort=new");
    expect(first.json.meta.nextCursor).toEqual(expect.any(String));
    const r = await call("GET", `/api/pitches?limit=1&sort=popular&cursor=${first.json.meta.nextCursor}`);
    expect(r.status).toBe(400);
  });

  it("refuses pitch creation and /mine to investors, and to anonymous callers", async () => {
    expect((await call("POST", "/api/pitches", { token: investorToken, body: pitchBody() })).status).toBe(403);
    expect((await call("POST", "/api/pitches", { body: pitchBody() })).status).toBe(401);
    expect((await call("GET", "/api/pitches/mine", { token: investorToken })).status).toBe(403);
    const mine = await call("GET", "/api/pitches/mine", { token });
    expect(mine.status).toBe(200);
    expect(mine.json.data.map((p: { id: string }) => p.id)).toContain(pitchId);
    const draft = mine.json.data.find((p: { id: string }) => p.id === pitchId);
    expect(draft.status).toBe("draft");
    expect("protected" in draft).toBe(true);
  });
});
