// Hand-made cursors whose keys have the right shape but lie outside their column's range: each is a
// 400 naming `cursor`, never a Postgres cast error (500). The cursor's wire form is base64url JSON.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "./helpers";
import { createPitch, publish } from "./pitch.fixtures";

const forge = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const BAD_INSTANTS = ["9999-99-99T99:99:99.000000Z", "2023-02-29T00:00:00.000000Z", "0000-01-01T00:00:00.000000Z", "2026-01-01T24:00:00.000000Z"];
const BAD_COUNTS = ["9223372036854775808", "9999999999999999999"];
const BAD_FLOATS = ["1e999", "-1e999", "1e-400"];

type Reply = Awaited<ReturnType<typeof call>>;
function expectCursor400(r: Reply, what: string) {
  expect(r.status, `${what}: ${r.text}`).toBe(400);
  expect(r.headers.get("content-type")).toContain("application/problem+json");
  expect(
    r.json.errors.map((e: { path: string }) => e.path),
    what,
  ).toEqual(["cursor"]);
}

let creator: TestUser;
let investor: TestUser;
beforeAll(async () => {
  [creator, investor] = await Promise.all([signUp("creator"), signUp("investor")]);
  await publish(creator.accessToken, (await createPitch(creator.accessToken)).id);
});

describe("cursor keys outside their column's range → 400 naming cursor", () => {
  it("GET /api/pitches, sort=new (published_at timestamptz)", async () => {
    for (const k of BAD_INSTANTS) expectCursor400(await call("GET", `/api/pitches?sort=new&cursor=${forge({ s: "new", k, id: "1" })}`), `new ${k}`);
  });

  it("GET /api/pitches, sort=popular (view_count bigint)", async () => {
    for (const k of BAD_COUNTS) expectCursor400(await call("GET", `/api/pitches?sort=popular&cursor=${forge({ s: "popular", k, id: "1" })}`), `popular ${k}`);
  });

  it("GET /api/pitches, sort=trending (trending_log double precision)", async () => {
    for (const k of BAD_FLOATS)
      expectCursor400(await call("GET", `/api/pitches?sort=trending&cursor=${forge({ s: "trending", k, id: "1" })}`), `trending ${k}`);
  });

  it("GET /api/pitches/mine and GET /api/ndas (created_at timestamptz)", async () => {
    for (const k of BAD_INSTANTS) {
      expectCursor400(await call("GET", `/api/pitches/mine?cursor=${forge({ k, id: "1" })}`, { token: creator.accessToken }), `mine ${k}`);
      expectCursor400(await call("GET", `/api/ndas?cursor=${forge({ k, id: "1" })}`, { token: investor.accessToken }), `ndas ${k}`);
    }
  });

  it("the investor lists (ids only): an id past bigint is refused, the largest id we issue is a plain empty page", async () => {
    for (const [path, key] of [
      ["/api/investor/watchlist", { k: "wl", seq: "99999999999999999999" }],
      ["/api/investor/investments", { k: "inv", id: "99999999999999999999" }],
    ] as const) {
      expectCursor400(await call("GET", `${path}?cursor=${forge(key)}`, { token: investor.accessToken }), path);
    }
    const top = await call("GET", `/api/investor/investments?cursor=${forge({ k: "inv", id: "999999999999999999" })}`, { token: investor.accessToken });
    expect(top.status).toBe(200);
  });

  it("keys at the edge of each range are accepted (an empty or short page, not an error)", async () => {
    for (const [sort, k] of [
      ["new", "9999-12-31T23:59:59.999999Z"],
      ["new", "0001-01-01T00:00:00.000000Z"],
      ["popular", "9223372036854775807"],
      ["trending", "1.7976931348623157e+308"],
      ["trending", "-1e+09"],
    ] as const) {
      const r = await call("GET", `/api/pitches?sort=${sort}&cursor=${forge({ s: sort, k, id: "1" })}`);
      expect(r.status, `${sort} ${k}: ${r.text}`).toBe(200);
    }
  });
});
