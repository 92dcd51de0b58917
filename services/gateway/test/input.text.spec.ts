// Text Postgres cannot store as sent — U+0000 and unpaired UTF-16 surrogates — in every free-text
// input: a 400 naming the field, never a 500 and never a silent U+FFFD (contracts' text()).
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "./helpers";
import { createPitch, pitchBody } from "./pitch.fixtures";
import { newKey, publishedPitch } from "./investor.fixtures";

const NUL = "a\u0000b";
const LONE_HIGH = "a\uD800b";
const LONE_LOW = "\uDC00 at the start";
const BAD = [
  ["NUL", NUL],
  ["a lone high surrogate", LONE_HIGH],
  ["a lone low surrogate", LONE_LOW],
] as const;

type Reply = Awaited<ReturnType<typeof call>>;
function expectNamed(r: Reply, field: string, what: string) {
  expect(r.status, `${what}: ${r.text}`).toBe(400);
  expect(r.headers.get("content-type")).toContain("application/problem+json");
  expect(r.json.code).toBe("VALIDATION_FAILED");
  expect(
    r.json.errors.map((e: { path: string }) => e.path),
    what,
  ).toContain(field);
}

let creator: TestUser;
let investor: TestUser;
let pitchId: string;
let published: string;
beforeAll(async () => {
  [creator, investor] = await Promise.all([signUp("creator"), signUp("investor")]);
  pitchId = (await createPitch(creator.accessToken)).id;
  published = (await publishedPitch(creator)).id;
});

describe("NUL and lone surrogates are refused with a 400 naming the field", () => {
  for (const [what, bad] of BAD) {
    it(`register and login: ${what}`, async () => {
      const base = { email: `t-${crypto.randomUUID()}@test.pitchey.dev`, password: "long enough password", name: "Name", role: "creator" };
      for (const [field, value] of [
        ["name", bad],
        ["companyName", bad],
        ["email", `x${bad}@example.com`],
        ["password", `long enough ${bad}`],
      ] as const) {
        expectNamed(await call("POST", "/api/auth/register", { body: { ...base, [field]: value } }), field, `register ${field}`);
      }
      for (const [field, value] of [
        ["email", `x${bad}@example.com`],
        ["password", bad],
      ] as const) {
        expectNamed(await call("POST", "/api/auth/login", { body: { email: creator.email, password: "whatever", [field]: value } }), field, `login ${field}`);
      }
    });

    it(`pitch create and update, every text field and every protected.* field: ${what}`, async () => {
      for (const field of ["title", "logline", "synopsis", "targetAudience"]) {
        expectNamed(await call("POST", "/api/pitches", { token: creator.accessToken, body: pitchBody({ [field]: bad }) }), field, `POST ${field}`);
        expectNamed(await call("PATCH", `/api/pitches/${pitchId}`, { token: creator.accessToken, body: { [field]: bad } }), field, `PATCH ${field}`);
      }
      const material = pitchBody().protected;
      for (const field of ["budgetBreakdown", "financialProjections", "attachedTalent", "distributionPlan", "contactEmail"]) {
        const value = field === "contactEmail" ? `o${bad}@example.com` : bad;
        const path = `protected.${field}`;
        expectNamed(
          await call("POST", "/api/pitches", { token: creator.accessToken, body: pitchBody({ protected: { ...material, [field]: value } }) }),
          path,
          `POST ${path}`,
        );
        expectNamed(
          await call("PATCH", `/api/pitches/${pitchId}`, { token: creator.accessToken, body: { protected: { [field]: value } } }),
          path,
          `PATCH ${path}`,
        );
      }
    });

    it(`NDA message, watchlist note, investment note: ${what}`, async () => {
      expectNamed(await call("POST", `/api/pitches/${published}/nda`, { token: investor.accessToken, body: { message: bad } }), "message", "NDA message");
      expectNamed(
        await call("POST", "/api/investor/watchlist", { token: investor.accessToken, body: { pitchId: published, note: bad } }),
        "note",
        "watchlist note",
      );
      const invest = await call("POST", "/api/investor/investments", {
        token: investor.accessToken,
        body: { pitchId: published, amountCents: 100, note: bad },
        headers: { "idempotency-key": newKey() },
      });
      expectNamed(invest, "note", "investment note");
    });
  }

  it("the browse search `q`: %00 is a 400 naming q", async () => {
    expectNamed(await call("GET", "/api/pitches?q=%00"), "q", "q=%00");
    expectNamed(await call("GET", "/api/pitches?q=drama%00noir&sort=trending"), "q", "q with a NUL inside");
  });

  it("nothing was written: the refused pitch, NDA and notes are absent; good text still goes through unchanged", async () => {
    const mine = await call("GET", "/api/pitches/mine?limit=100", { token: creator.accessToken });
    expect(mine.json.data.map((p: { id: string }) => p.id).sort()).toEqual([pitchId, published].sort());
    expect((await call("GET", "/api/ndas?direction=outgoing", { token: investor.accessToken })).json.data).toEqual([]);
    expect((await call("GET", "/api/investor/watchlist", { token: investor.accessToken })).json.data).toEqual([]);
    expect((await call("GET", "/api/investor/investments", { token: investor.accessToken })).json.data).toEqual([]);
    // Paired surrogates (an emoji) and other control characters are well-formed: stored as sent.
    const title = "Clapper 🎬 \u0001 tab\tend";
    const created = await createPitch(creator.accessToken, { title, protected: { budgetBreakdown: "Crew 🎥" } });
    expect(created.title).toBe(title);
    const read = await call("GET", `/api/pitches/${created.id}`, { token: creator.accessToken });
    expect(read.json.data.title).toBe(title);
    expect(read.json.data.protected.budgetBreakdown).toBe("Crew 🎥");
  });
});
