// A complete creator → investor flow through the SDK: what the README shows, what the end-to-end
// suite runs against the real gateway (services/gateway/test/sdk.flow.spec.ts), and what the type
// check proves is typed all the way (no `unknown` in any request or response body).
import { createClient, isApiError, type ClientOptions, type Schemas } from "../src/index";

export interface FlowResult {
  creator: Schemas["User"];
  investor: Schemas["User"];
  pitch: Schemas["Pitch"];
  /** The pitch as the investor read it once the NDA was approved (with `protected`). */
  unlocked: Schemas["Pitch"];
  nda: Schemas["Nda"];
  investment: Schemas["Investment"];
  /** The same investment, created again with the same Idempotency-Key: the stored answer. */
  replayed: { investment: Schemas["Investment"]; replayed: boolean };
  watchlist: Schemas["WatchlistItem"][];
  dashboard: Schemas["Dashboard"];
  /** What a stale If-Match got. */
  staleUpdate: { status: number; code: string };
  /** Pitches walked through by the cursor iterator before the new one was found. */
  browsed: number;
}

/** Runs the flow with two clients (a creator's and an investor's) made with `options`. */
export async function creatorToInvestorFlow(options: ClientOptions, tag = crypto.randomUUID().slice(0, 8)): Promise<FlowResult> {
  const creatorApi = createClient(options);
  const investorApi = createClient(options);

  // 1. Accounts: register signs in (the client keeps the session).
  const creator = (
    await creatorApi.call("register", {
      body: { email: `creator-${tag}@example.com`, password: `pw-${tag}-long-enough`, name: "Alex Rivera", role: "creator" },
    })
  ).body.data.user;
  const investor = (
    await investorApi.call("register", {
      body: { email: `investor-${tag}@example.com`, password: `pw-${tag}-long-enough`, name: "Sam Chen", role: "investor" },
    })
  ).body.data.user;

  // 2. The creator writes a pitch (a draft), edits it with If-Match, and publishes it.
  const draft = await creatorApi.call("createPitch", {
    body: {
      title: `The Last Lighthouse ${tag}`,
      logline: "A keeper must choose between the light and her daughter's ship.",
      genre: "drama",
      format: "feature",
      budgetCents: 250_000_000,
      seekingCents: 50_000_000,
      requireNda: true,
      protected: { budgetBreakdown: "Above the line 40%", financialProjections: "3x in 5 years", contactEmail: "alex@example.com" },
    },
  });
  const edited = await creatorApi.call("updatePitch", { params: { id: draft.body.data.id }, body: { synopsis: "Storm season, 1953." }, ifMatch: draft.etag! });
  let staleUpdate = { status: 0, code: "" };
  try {
    await creatorApi.call("updatePitch", { params: { id: draft.body.data.id }, body: { synopsis: "Lost update" }, ifMatch: draft.etag! });
  } catch (e) {
    if (!isApiError(e, "updatePitch") || e.status !== 412) throw e;
    staleUpdate = { status: e.status, code: e.code };
  }
  void edited;
  const pitch = (await creatorApi.call("publishPitch", { params: { id: draft.body.data.id } })).body.data;

  // 3. The investor browses, page by page, until the new pitch shows up.
  let browsed = 0;
  for await (const p of investorApi.items("listPitches", { query: { genre: "drama", sort: "new", limit: 5 } })) {
    browsed++;
    if (p.id === pitch.id) break;
  }

  // 4. NDA: the investor asks, the creator approves, the investor now sees `protected`.
  const asked = await investorApi.call("requestNda", { params: { id: pitch.id }, body: { message: "We would like to read the financials." } });
  const ndaId = asked.headers.get("location")!.split("/").pop()!;
  await creatorApi.call("approveNda", { params: { id: ndaId } });
  const nda = (await investorApi.call("getNda", { params: { id: ndaId } })).body.data;
  const unlocked = (await investorApi.call("getPitch", { params: { id: pitch.id } })).body.data;

  // 5. Watchlist and an investment, created twice with one Idempotency-Key: one investment.
  await investorApi.call("addToWatchlist", { body: { pitchId: pitch.id, note: "Strong second act." } });
  const key = `invest-${tag}`;
  const investment = (await investorApi.call("createInvestment", { body: { pitchId: pitch.id, amountCents: 2_500_000 }, idempotencyKey: key })).body.data;
  const again = await investorApi.call("createInvestment", { body: { pitchId: pitch.id, amountCents: 2_500_000 }, idempotencyKey: key });
  const watchlist: Schemas["WatchlistItem"][] = [];
  for await (const item of investorApi.items("listWatchlist")) watchlist.push(item);
  const dashboard = (await investorApi.call("getInvestorDashboard")).body.data;

  await creatorApi.signOut();
  await investorApi.signOut();
  return {
    creator,
    investor,
    pitch,
    unlocked,
    nda,
    investment,
    replayed: { investment: again.body.data, replayed: again.replayed },
    watchlist,
    dashboard,
    staleUpdate,
    browsed,
  };
}
