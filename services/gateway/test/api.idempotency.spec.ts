// Idempotency-Key on every POST that creates (docs/api.md "HTTP semantics"): pitches, NDA requests, watchlist
// entries and registrations, with the investments' semantics (investor.idempotency.spec.ts): a
// repeat answers as the first did, byte for byte and marked; another body → 422; concurrent twins →
// one resource; a refused attempt is not remembered; a dead attempt's resource is answered, not made twice.
import { beforeAll, describe, expect, it } from "vitest";
import { CreatePitch } from "@pitchey/contracts";
import { fingerprint } from "@pitchey/data";
import { call, signUp, type TestUser } from "./helpers";
import { pitchBody, publish } from "./pitch.fixtures";
import { newKey, q } from "./investor.fixtures";

const post = (path: string, token: string | undefined, body: unknown, key: string) => call("POST", path, { token, body, headers: { "idempotency-key": key } });
const countOf = async (sql: string, params: unknown[]) => Number((await q<{ n: string }>(sql, params))[0]!.n);

let creator: TestUser;
let investor: TestUser;
let pitchId: string;
beforeAll(async () => {
  [creator, investor] = await Promise.all([signUp("creator"), signUp("investor")]);
  const made = await call("POST", "/api/pitches", { token: creator.accessToken, body: pitchBody() });
  pitchId = made.json.data.id;
  await publish(creator.accessToken, pitchId);
});

describe("Idempotency-Key on POST /api/pitches", () => {
  it("replays the first answer byte for byte with Idempotent-Replayed, and creates one pitch; another body → 422", async () => {
    const me = await signUp("creator");
    const key = newKey();
    const body = pitchBody();
    const first = await post("/api/pitches", me.accessToken, body, key);
    expect(first.status).toBe(201);
    const again = await post("/api/pitches", me.accessToken, { ...body, currency: "USD" }, key); // an explicit default is the same request
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    const other = await post("/api/pitches", me.accessToken, { ...body, title: "Another" }, key);
    expect(other.status).toBe(422);
    expect(other.json.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await countOf("select count(*) as n from pitch.pitches where creator_id = $1", [me.user.id])).toBe(1);
  });

  it("makes one pitch of 10 concurrent twins; the others are the replay or 409 IDEMPOTENCY_IN_PROGRESS", async () => {
    const me = await signUp("creator");
    const key = newKey();
    const body = pitchBody();
    const results = await Promise.all(Array.from({ length: 10 }, () => post("/api/pitches", me.accessToken, body, key)));
    const ok = results.filter((r) => r.status === 201);
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.json.code === "IDEMPOTENCY_IN_PROGRESS"))).toBe(true);
    for (const r of ok) expect(r.text).toBe(ok[0]!.text);
    expect(await countOf("select count(*) as n from pitch.pitches where creator_id = $1", [me.user.id])).toBe(1);
  });

  it("does not remember a refused request (400), and answers with what a dead attempt created instead of creating it again", async () => {
    const me = await signUp("creator");
    const key = newKey();
    expect((await post("/api/pitches", me.accessToken, { title: "" }, key)).status).toBe(400);
    // An attempt that created a pitch and died before recording its answer (its lease ran out).
    const body = pitchBody();
    const made = await call("POST", "/api/pitches", { token: me.accessToken, body });
    const fp = await fingerprint("POST", "/api/pitches", CreatePitch.parse(body));
    await q(
      `insert into pitch.idempotency_keys (scope, key, fingerprint, claim, locked_at, resource_id) values ($1, $2, $3, 'dead-attempt', now() - interval '5 minutes', $4)`,
      [me.user.id, key, fp, made.json.data.id],
    );
    const retried = await post("/api/pitches", me.accessToken, body, key);
    expect(retried.status).toBe(201);
    expect(retried.json.data.id).toBe(made.json.data.id);
    expect(await countOf("select count(*) as n from pitch.pitches where creator_id = $1", [me.user.id])).toBe(1);
    expect((await post("/api/pitches", me.accessToken, body, key)).headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("Idempotency-Key on POST /api/pitches/:id/nda", () => {
  it("replays the request's 201 (not a 409 for an open request) and keeps one request", async () => {
    const me = await signUp("investor");
    const key = newKey();
    const first = await post(`/api/pitches/${pitchId}/nda`, me.accessToken, { message: "please" }, key);
    expect(first.status).toBe(201);
    const again = await post(`/api/pitches/${pitchId}/nda`, me.accessToken, { message: "please" }, key);
    expect([again.status, again.text, again.headers.get("idempotent-replayed")]).toEqual([201, first.text, "true"]);
    expect((await post(`/api/pitches/${pitchId}/nda`, me.accessToken, { message: "other" }, key)).status).toBe(422);
    // Without the key, a second request is still refused as a duplicate open one.
    expect((await call("POST", `/api/pitches/${pitchId}/nda`, { token: me.accessToken, body: {} })).status).toBe(409);
    expect(await countOf("select count(*) as n from pitch.ndas where requester_id = $1", [me.user.id])).toBe(1);
  });
});

describe("Idempotency-Key on POST /api/investor/watchlist", () => {
  it("replays the first answer (201), where a plain repeat answers 200", async () => {
    const me = await signUp("investor");
    const key = newKey();
    const first = await post("/api/investor/watchlist", me.accessToken, { pitchId, note: "n" }, key);
    expect(first.status).toBe(201);
    const replay = await post("/api/investor/watchlist", me.accessToken, { pitchId, note: "n" }, key);
    expect([replay.status, replay.text, replay.headers.get("idempotent-replayed")]).toEqual([201, first.text, "true"]);
    expect((await call("POST", "/api/investor/watchlist", { token: me.accessToken, body: { pitchId, note: "n" } })).status).toBe(200);
    // One key is one request: the same key on an investment is "another request".
    expect((await post("/api/investor/investments", me.accessToken, { pitchId, amountCents: 100 }, key)).status).toBe(422);
  });
});

describe("Idempotency-Key on POST /api/auth/register", () => {
  it("answers a repeat with the same account and a new session; the password must match; tokens are never stored", async () => {
    const key = newKey();
    const body = { email: `idem-${crypto.randomUUID()}@test.pitchey.dev`, password: "a long password", name: "Idem", role: "creator" };
    const first = await post("/api/auth/register", undefined, body, key);
    expect(first.status).toBe(201);
    const again = await post("/api/auth/register", undefined, { ...body, email: body.email.toUpperCase() }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.data.user).toEqual(first.json.data.user);
    expect(again.json.data.refreshToken).not.toBe(first.json.data.refreshToken);
    expect((await call("GET", "/api/auth/me", { token: again.json.data.accessToken })).json.data.user.id).toBe(first.json.data.user.id);
    // Without the key: the email is taken. With it and another password: another request.
    expect((await call("POST", "/api/auth/register", { body })).status).toBe(409);
    const wrong = await post("/api/auth/register", undefined, { ...body, password: "not the same password" }, key);
    expect(wrong.status).toBe(422);
    expect(wrong.json.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await post("/api/auth/register", undefined, { ...body, name: "Other" }, key)).status).toBe(422);
    const stored = await q<{ response_body: string }>("select response_body from auth.idempotency_keys where scope = $1 and key = $2", [body.email, key]);
    expect(stored).toEqual([{ response_body: JSON.stringify({ userId: first.json.data.user.id }) }]);
    expect(await countOf("select count(*) as n from auth.users where email = $1", [body.email])).toBe(1);
  });
});

describe("a malformed Idempotency-Key", () => {
  it.each([
    ["/api/pitches", () => creator.accessToken],
    ["/api/investor/watchlist", () => investor.accessToken],
  ])("is a 400 naming the header on %s", async (path, token) => {
    const r = await post(path, token(), {}, "has space");
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
  });
});
