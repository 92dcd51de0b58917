// Portfolio and dashboard: every figure equals what was created, checked against independent
// computations (raw rows aggregated here, active money from the ledger), for data made through the
// API, data seeded straight into the tables, and the demo seed (global setup writes it into every test database).
import { beforeAll, describe, expect, it } from "vitest";
import { Dashboard, Portfolio, envelope } from "@pitchey/contracts";
import { call, login, signUp } from "./helpers";
import { TAG_SYNC_MS } from "@pitchey/data";
import { invest, publishedPitch, q, sleep, world, type TestUser, type World } from "./investor.fixtures";

const portfolio = (token: string) => call("GET", "/api/investor/portfolio", { token });
const dashboard = (token: string) => call("GET", "/api/investor/dashboard", { token });

type Row = { id: string; status: string; currency: string; amount: number; genre: string };
type Group = { count: number; amountCents: number };

/** The figures, computed here from raw rows (not with the service's SQL). */
async function expectedFor(investorId: string) {
  const rows = (
    await q<{ id: string; status: string; currency: string; amount: string; genre: string }>(
      "select id::text, status, currency, amount_cents::text as amount, pitch_genre as genre from investor.investments where investor_id = $1",
      [investorId],
    )
  ).map((r): Row => ({ ...r, amount: Number(r.amount) }));
  const group = (keyOf: (r: Row) => string, keep: (r: Row) => boolean) => {
    const m = new Map<string, Group>();
    for (const r of rows.filter(keep)) {
      const g = m.get(keyOf(r)) ?? { count: 0, amountCents: 0 };
      g.count++;
      g.amountCents += r.amount;
      m.set(keyOf(r), g);
    }
    return m;
  };
  const active = (r: Row) => r.status === "pending" || r.status === "committed";
  const byStatus = [
    ...group(
      (r) => `${r.status}|${r.currency}`,
      () => true,
    ),
  ].map(([k, g]) => ({ status: k.split("|")[0], currency: k.split("|")[1], ...g }));
  const byGenre = [...group((r) => `${r.genre}|${r.currency}`, active)].map(([k, g]) => ({ genre: k.split("|")[0], currency: k.split("|")[1], ...g }));

  // Active money from the ledger: +amount per investment, -amount per withdrawal.
  const ledger = await q<{ currency: string; net: string }>(
    "select currency, sum(amount_cents)::text as net from investor.ledger_entries where investor_id = $1 group by currency",
    [investorId],
  );
  const investedByCurrency = ledger.map((l) => ({ currency: l.currency, amountCents: Number(l.net) })).filter((l) => l.amountCents !== 0);
  const watch = await q<{ pitch_id: string }>("select pitch_id::text from investor.watchlist where investor_id = $1 order by id desc", [investorId]);
  const ndas = await q<{ n: number }>("select count(*)::int as n from pitch.ndas where requester_id = $1 and status = 'approved'", [investorId]);
  return {
    byStatus,
    byGenre,
    investedByCurrency,
    investedUsd: investedByCurrency.find((c) => c.currency === "USD")?.amountCents ?? 0,
    activeInvestments: rows.filter(active).length,
    recentIds: rows
      .map((r) => r.id)
      .sort((a, b) => Number(b) - Number(a))
      .slice(0, 5),
    watchlistIds: watch.map((w) => w.pitch_id),
    approvedNdas: ndas[0]!.n,
  };
}

const sortBy = <T extends Record<string, unknown>>(xs: T[], ...keys: (keyof T)[]) =>
  [...xs].sort((a, b) =>
    keys
      .map((k) => String(a[k]))
      .join("|")
      .localeCompare(keys.map((k) => String(b[k])).join("|")),
  );

async function expectFiguresMatch(user: TestUser) {
  const exp = await expectedFor(user.user.id);
  const p = await portfolio(user.accessToken);
  expect(p.status, p.text).toBe(200);
  const port = envelope(Portfolio).parse(p.json).data;
  expect(sortBy(port.byStatus, "status", "currency")).toEqual(sortBy(exp.byStatus, "status", "currency"));
  expect(sortBy(port.byGenre, "genre", "currency")).toEqual(sortBy(exp.byGenre, "genre", "currency"));

  const d = await dashboard(user.accessToken);
  expect(d.status, d.text).toBe(200);
  expect(d.headers.get("cache-control")).toMatch(/\bprivate\b/);
  const dash = envelope(Dashboard).parse(d.json).data;
  expect(dash.totals).toEqual({
    investedCents: exp.investedUsd,
    currency: "USD",
    investedByCurrency: sortBy(exp.investedByCurrency, "currency"),
    activeInvestments: exp.activeInvestments,
    watchlistCount: exp.watchlistIds.length,
    approvedNdas: exp.approvedNdas,
  });
  expect(dash.recentInvestments.map((i) => i.id)).toEqual(exp.recentIds);
  expect(dash.watchlist.map((i) => i.pitchId)).toEqual(exp.watchlistIds.slice(0, 5));
  return { port, dash, exp };
}

describe("portfolio and dashboard", () => {
  let w: World;
  let drama: { id: string; title: string };
  let comedy: { id: string; title: string };
  let horror: { id: string; title: string };
  beforeAll(async () => {
    w = await world();
    drama = await publishedPitch(w.creator, { genre: "drama" });
    comedy = await publishedPitch(w.creator, { genre: "comedy" });
    horror = await publishedPitch(w.creator, { genre: "horror", visibility: "investors" });
  });

  it("are zero for a new investor", async () => {
    const me = await signUp("investor");
    const p = await portfolio(me.accessToken);
    expect(p.json.data).toEqual({ byStatus: [], byGenre: [] });
    const d = await dashboard(me.accessToken);
    expect(d.json.data).toEqual({
      totals: { investedCents: 0, currency: "USD", investedByCurrency: [], activeInvestments: 0, watchlistCount: 0, approvedNdas: 0 },
      recentInvestments: [],
      watchlist: [],
    });
  });

  it("equal exactly what the investor did through the API, and follow the next change", async () => {
    const me = await signUp("investor");
    const made: { id: string }[] = [];
    for (const [pitch, amountCents, currency] of [
      [drama, 10_000, "USD"],
      [drama, 25_000, "USD"],
      [comedy, 40_000, "EUR"],
      [horror, 5_000, "USD"],
      [comedy, 7_000, "USD"],
      [drama, 1_000, "USD"],
    ] as const) {
      const r = await invest(me.accessToken, { pitchId: pitch.id, amountCents, currency }, crypto.randomUUID());
      expect(r.status, r.text).toBe(201);
      made.push(r.json.data);
    }
    expect((await call("POST", `/api/investor/investments/${made[4]!.id}/withdraw`, { token: me.accessToken })).status).toBe(200);
    await q("update investor.investments set status = 'committed' where id = $1", [made[1]!.id]);
    for (const p of [drama, comedy, horror])
      expect((await call("POST", "/api/investor/watchlist", { token: me.accessToken, body: { pitchId: p.id } })).status).toBe(201);
    // One approved NDA (counted) and one pending (not counted).
    const nda = await call("POST", `/api/pitches/${drama.id}/nda`, { token: me.accessToken, body: {} });
    expect(nda.status, nda.text).toBe(201);
    expect((await call("POST", `/api/ndas/${nda.json.data.id}/approve`, { token: w.creator.accessToken })).status).toBe(200);
    expect((await call("POST", `/api/pitches/${comedy.id}/nda`, { token: me.accessToken, body: {} })).status).toBe(201);

    const { port, dash } = await expectFiguresMatch(me);
    // …and the figures by hand, from what this test did.
    expect(port.byStatus).toEqual([
      { status: "committed", currency: "USD", count: 1, amountCents: 25_000 },
      { status: "pending", currency: "EUR", count: 1, amountCents: 40_000 },
      { status: "pending", currency: "USD", count: 3, amountCents: 16_000 },
      { status: "withdrawn", currency: "USD", count: 1, amountCents: 7_000 },
    ]);
    expect(port.byGenre).toEqual([
      { genre: "comedy", currency: "EUR", count: 1, amountCents: 40_000 },
      { genre: "drama", currency: "USD", count: 3, amountCents: 36_000 },
      { genre: "horror", currency: "USD", count: 1, amountCents: 5_000 },
    ]);
    expect(dash.totals).toEqual({
      investedCents: 41_000,
      currency: "USD",
      investedByCurrency: [
        { currency: "EUR", amountCents: 40_000 },
        { currency: "USD", amountCents: 41_000 },
      ],
      activeInvestments: 5,
      watchlistCount: 3,
      approvedNdas: 1,
    });
    expect(dash.recentInvestments.map((i) => i.id)).toEqual(
      made
        .slice(1)
        .reverse()
        .map((i) => i.id),
    );
    expect(dash.recentInvestments.find((i) => i.id === made[4]!.id)!.status).toBe("withdrawn");
    expect(dash.watchlist.map((i) => i.pitch?.title)).toEqual([horror.title, comedy.title, drama.title]);

    // The next read shows a new investment and a watchlist change (both cached right now).
    expect((await invest(me.accessToken, { pitchId: horror.id, amountCents: 500 })).status).toBe(201);
    expect((await call("DELETE", `/api/investor/watchlist/${comedy.id}`, { token: me.accessToken })).status).toBe(204);
    const next = (await dashboard(me.accessToken)).json.data as Dashboard;
    expect(next.totals).toMatchObject({ investedCents: 41_500, activeInvestments: 6, watchlistCount: 2 });
    expect(next.watchlist.map((i) => i.pitchId)).toEqual([horror.id, drama.id]);
    const nextPort = (await portfolio(me.accessToken)).json.data as Portfolio;
    expect(nextPort.byGenre.find((g) => g.genre === "horror")).toEqual({ genre: "horror", currency: "USD", count: 2, amountCents: 5_500 });
    await expectFiguresMatch(me);
  });

  it("count an NDA approval and a revocation on the next dashboard read", async () => {
    const me = await signUp("investor");
    const approved = async () => {
      const d = await dashboard(me.accessToken);
      expect(d.status, d.text).toBe(200);
      return (d.json.data as Dashboard).totals.approvedNdas;
    };
    const nda = await call("POST", `/api/pitches/${comedy.id}/nda`, { token: me.accessToken, body: {} });
    expect(nda.status, nda.text).toBe(201);
    const before = await approved(); // cached now, for the dashboard's 30 s ttl
    // The pitch service bumps the investor's NDA tag; another service's isolates learn of a bump within
    // TAG_SYNC_MS, so the one read that follows waits that long (far less than the ttl that held it before).
    const settle = () => sleep(TAG_SYNC_MS + 100);
    expect((await call("POST", `/api/ndas/${nda.json.data.id}/approve`, { token: w.creator.accessToken })).status).toBe(200);
    await settle();
    expect(await approved()).toBe(before + 1);
    expect((await call("POST", `/api/ndas/${nda.json.data.id}/revoke`, { token: w.creator.accessToken })).status).toBe(200);
    await settle();
    expect(await approved()).toBe(before);
  });

  it("are per investor: nobody else's figures leak in", async () => {
    const [a, b] = await Promise.all([signUp("investor"), signUp("investor")]);
    expect((await invest(a.accessToken, { pitchId: drama.id, amountCents: 999 })).status).toBe(201);
    expect((await dashboard(b.accessToken)).json.data.totals.activeInvestments).toBe(0);
    expect((await portfolio(b.accessToken)).json.data.byStatus).toEqual([]);
    expect((await dashboard(a.accessToken)).json.data.totals.investedCents).toBe(999);
  });

  it("equal data seeded straight into the tables (statuses and currencies the API cannot make)", async () => {
    const me = await signUp("investor");
    const pitches = [drama, comedy, horror];
    const seed: [number, string, string, string][] = [];
    const statuses = ["pending", "committed", "committed", "withdrawn"];
    const currencies = ["USD", "USD", "EUR", "JPY"];
    for (let i = 0; i < 23; i++) seed.push([(((i * 7919) % 1000) + 1) * 1_000, statuses[i % 4]!, currencies[(i * 3) % 4]!, pitches[i % 3]!.id]);
    await q(
      `with new as (
         insert into investor.investments (investor_id, pitch_id, pitch_title, pitch_genre, amount_cents, currency, status)
         select $1, p, t, g, a, c, s from unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) as x(p, t, g, a, c, s)
         returning id, investor_id, amount_cents, currency, status)
       insert into investor.ledger_entries (investment_id, investor_id, kind, amount_cents, currency)
       select id, investor_id, 'investment', amount_cents, currency from new
       union all select id, investor_id, 'withdrawal', -amount_cents, currency from new where status = 'withdrawn'`,
      [
        me.user.id,
        seed.map((s) => s[3]),
        seed.map((s) => pitches.find((p) => p.id === s[3])!.title),
        seed.map((s) => (s[3] === drama.id ? "drama" : s[3] === comedy.id ? "comedy" : "horror")),
        seed.map((s) => s[0]),
        seed.map((s) => s[2]),
        seed.map((s) => s[1]),
      ],
    );
    await q("insert into investor.watchlist (investor_id, pitch_id) select $1, unnest($2::bigint[])", [me.user.id, pitches.map((p) => p.id)]);
    const { exp } = await expectFiguresMatch(me);
    expect(exp.activeInvestments).toBe(seed.filter((s) => s[1] !== "withdrawn").length);
  });

  it("equal the demo seed for the demo investor (every test database holds the demo seed)", async () => {
    const sarah: TestUser = await login("sarah.investor@demo.com", "Demo123!pitchey");
    const { exp } = await expectFiguresMatch(sarah);
    expect(exp.activeInvestments + exp.watchlistIds.length).toBeGreaterThan(0);
  });
});
