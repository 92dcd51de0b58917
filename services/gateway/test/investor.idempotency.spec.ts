// Idempotency-Key on POST /api/investor/investments (Stripe semantics) and the atomicity of
// investment + ledger entry. Faults are injected with triggers in the test database only.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { invest, investmentsOf, ledgerOf, newKey, q, sleep, world, type World } from "./investor.fixtures";
import { skipWhen } from "../../../packages/local-backends/src/skip-when";
import { eventually } from "./sql";

const keyRows = (investorId: string, key: string) =>
  q<{ id: string; response_status: number | null; kept: boolean }>(
    "select id::text, response_status, expires_at - created_at >= interval '24 hours' as kept from investor.idempotency_keys where investor_id = $1 and key = $2",
    [investorId, key],
  );

describe("Idempotency-Key", () => {
  let w: World;
  let pitchId: string;
  beforeAll(async () => {
    w = await world();
    pitchId = w.pitches.public.id;
  });

  it("replays the first response: same status, byte-identical body, one investment, key kept ≥ 24 h", async () => {
    const me = await signUp("investor");
    const key = newKey();
    const first = await invest(me.accessToken, { pitchId, amountCents: 50_000, note: "once" }, key);
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    // Same body, other key order and an explicit default: still "the same request".
    const replay = await invest(me.accessToken, { currency: "USD", note: "once", amountCents: 50_000, pitchId }, key);
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("location")).toBe(first.headers.get("location"));
    expect(replay.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));

    // Still the first response after the investment changed.
    expect((await call("POST", `/api/investor/investments/${first.json.data.id}/withdraw`, { token: me.accessToken })).status).toBe(200);
    const later = await invest(me.accessToken, { pitchId, amountCents: 50_000, note: "once" }, key);
    expect(later.text).toBe(first.text);

    expect(await investmentsOf(me.user.id)).toHaveLength(1);
    expect((await ledgerOf(me.user.id)).filter((l) => l.kind === "investment")).toHaveLength(1);
    expect(await keyRows(me.user.id, key)).toEqual([{ id: expect.any(String), response_status: 201, kept: true }]);
  });

  it("refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, nothing written", async () => {
    const me = await signUp("investor");
    const key = newKey();
    expect((await invest(me.accessToken, { pitchId, amountCents: 1_000 }, key)).status).toBe(201);
    for (const other of [
      { pitchId, amountCents: 1_001 },
      { pitchId, amountCents: 1_000, currency: "EUR" },
      { pitchId, amountCents: 1_000, note: "x" },
      { pitchId: w.pitches.investors.id, amountCents: 1_000 },
    ]) {
      const r = await invest(me.accessToken, other, key);
      expect(r.status, JSON.stringify(other)).toBe(422);
      expect(r.json).toMatchObject({ status: 422, code: "IDEMPOTENCY_KEY_REUSED" });
    }
    expect(await investmentsOf(me.user.id)).toHaveLength(1);
  });

  it("scopes keys per investor: another investor's same key is a new investment", async () => {
    const [a, b] = await Promise.all([signUp("investor"), signUp("investor")]);
    const key = newKey();
    const ra = await invest(a.accessToken, { pitchId, amountCents: 3_000 }, key);
    const rb = await invest(b.accessToken, { pitchId, amountCents: 3_000 }, key);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(rb.json.data.id).not.toBe(ra.json.data.id);
    expect(await investmentsOf(b.user.id)).toHaveLength(1);
  });

  it("20 concurrent POSTs with one key: exactly one investment and one ledger entry; every success identical", async () => {
    const me = await signUp("investor");
    const key = newKey();
    const body = { pitchId, amountCents: 20_000_00, note: "race" };
    const results = await Promise.all(Array.from({ length: 20 }, () => invest(me.accessToken, body, key)));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(","),
    ).toBe(true);
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.text).toBe(ok[0]!.text);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.code).toBe("IDEMPOTENCY_IN_PROGRESS");

    const rows = await investmentsOf(me.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(ok[0]!.json.data.id);
    expect(await ledgerOf(me.user.id)).toEqual([{ investment_id: rows[0]!.id, kind: "investment", amount_cents: "2000000", currency: "USD" }]);
    // A retry after the storm gets the same answer.
    expect((await invest(me.accessToken, body, key)).text).toBe(ok[0]!.text);
  });

  it("rejects a malformed Idempotency-Key with 400 naming the header", async () => {
    const me = await signUp("investor");
    for (const bad of ["x".repeat(256), "has space"]) {
      const r = await invest(me.accessToken, { pitchId, amountCents: 100 }, bad);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].path).toBe("Idempotency-Key");
    }
    expect(await investmentsOf(me.user.id)).toEqual([]);
  });

  it("does not remember a refusal: after a 404 the key can be used for a valid request", async () => {
    const me = await signUp("investor");
    const key = newKey();
    expect((await invest(me.accessToken, { pitchId: w.pitches.draft.id, amountCents: 100 }, key)).status).toBe(404);
    expect(await keyRows(me.user.id, key)).toEqual([]);
    expect((await invest(me.accessToken, { pitchId, amountCents: 100 }, key)).status).toBe(201);
  });

  it("treats an expired key as new", async () => {
    const me = await signUp("investor");
    const key = newKey();
    const first = await invest(me.accessToken, { pitchId, amountCents: 100 }, key);
    await q("update investor.idempotency_keys set expires_at = now() - interval '1 second' where investor_id = $1 and key = $2", [me.user.id, key]);
    const second = await invest(me.accessToken, { pitchId, amountCents: 200 }, key);
    expect(second.status, second.text).toBe(201);
    expect(second.json.data.id).not.toBe(first.json.data.id);
    expect((await investmentsOf(me.user.id)).map((i) => i.amount_cents)).toEqual(["100", "200"]);
  });

  describe("while the first request is in flight", () => {
    const SLOW = 7_777_777;
    beforeAll(async () => {
      await q(`create or replace function investor.test_slow_investment() returns trigger language plpgsql as $$
        begin
          if new.amount_cents = ${SLOW} then perform pg_sleep(2); end if;
          return new;
        end $$`);
      await q("drop trigger if exists test_slow_investment on investor.investments");
      await q("create trigger test_slow_investment before insert on investor.investments for each row execute function investor.test_slow_investment()");
    });
    afterEach(async () => {
      await q("drop trigger if exists test_slow_investment on investor.investments");
    });

    it("answers 409 IDEMPOTENCY_IN_PROGRESS for the same body and 422 for another, then replays", async (ctx) => {
      skipWhen(
        ctx,
        (env as { TEST_POSTGRES?: string }).TEST_POSTGRES === "embedded",
        "needs concurrent sessions: on the embedded Postgres the twin request waits for the first one's slow insert to commit, so it is never in flight",
      );
      const me = await signUp("investor");
      const key = newKey();
      const body = { pitchId, amountCents: SLOW };
      const first = invest(me.accessToken, body, key);
      // Wait until the first request holds the key (its claim is written before the slow insert).
      expect(await eventually(async () => (await keyRows(me.user.id, key)).length === 1)).toBe(true);
      await sleep(100);

      const twin = await invest(me.accessToken, body, key);
      expect(twin.status).toBe(409);
      expect(twin.json.code).toBe("IDEMPOTENCY_IN_PROGRESS");
      expect(twin.headers.get("retry-after")).toBe("1");
      const other = await invest(me.accessToken, { ...body, amountCents: 1 }, key);
      expect(other.status).toBe(422);

      const done = await first;
      expect(done.status, done.text).toBe(201);
      const replay = await invest(me.accessToken, body, key);
      expect(replay.text).toBe(done.text);
      expect(await investmentsOf(me.user.id)).toHaveLength(1);
    });
  });
});

describe("atomicity of investment + ledger entry", () => {
  const FAIL = 4_242_424;
  let pitchId: string;
  beforeAll(async () => {
    const w = await world();
    pitchId = w.pitches.public.id;
    // Fails the ledger insert for one amount — but only once the investment row of the same
    // transaction exists, so the failure is provably *between* the two inserts.
    await q(`create or replace function investor.test_fail_ledger() returns trigger language plpgsql as $$
      begin
        if new.amount_cents = ${FAIL} then
          if exists (select 1 from investor.investments where id = new.investment_id) then
            raise exception 'injected failure after the investment row was written';
          end if;
          raise exception 'the investment row was not written before its ledger entry';
        end if;
        return new;
      end $$`);
  });
  const arm = async () => {
    await q("drop trigger if exists test_fail_ledger on investor.ledger_entries");
    await q("create trigger test_fail_ledger before insert on investor.ledger_entries for each row execute function investor.test_fail_ledger()");
  };
  const disarm = () => q("drop trigger if exists test_fail_ledger on investor.ledger_entries");
  afterEach(disarm);

  it.each([
    ["with", true],
    ["without", false],
  ])("a failed ledger insert leaves neither row (%s an Idempotency-Key)", async (_label, withKey) => {
    const me = await signUp("investor");
    const key = withKey ? newKey() : undefined;
    const before = await q<{ n: number }>("select count(*)::int as n from investor.investments where amount_cents = $1", [FAIL]);
    await arm();
    const r = await invest(me.accessToken, { pitchId, amountCents: FAIL }, key);
    // The service failed (500); the gateway answers for it as for any failing service: 503, retry later.
    expect(r.status).toBe(503);
    expect(r.json.code).toBe("SERVICE_UNAVAILABLE");
    expect(r.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await investmentsOf(me.user.id)).toEqual([]);
    expect(await ledgerOf(me.user.id)).toEqual([]);
    expect(await q("select count(*)::int as n from investor.investments where amount_cents = $1", [FAIL])).toEqual(before);
    if (key) expect(await keyRows(me.user.id, key)).toEqual([]); // released: the retry may proceed

    await disarm();
    const retry = await invest(me.accessToken, { pitchId, amountCents: FAIL }, key);
    expect(retry.status, retry.text).toBe(201);
    expect(await investmentsOf(me.user.id)).toHaveLength(1);
    expect(await ledgerOf(me.user.id)).toEqual([{ investment_id: retry.json.data.id, kind: "investment", amount_cents: String(FAIL), currency: "USD" }]);
  });
});
