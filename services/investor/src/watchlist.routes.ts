// GET/POST /api/investor/watchlist, DELETE /api/investor/watchlist/:pitchId.
import * as z from "zod";
import { AddToWatchlist, Id, InvestorListQuery, WatchlistPath } from "@pitchey/contracts";
import { decodeCursor, noContent, notFound, paginate, readJson, readQuery, reply, replyPage, requireUser, validate, type App, type RequestContext } from "@pitchey/http";
import { cache, db, firstPageShared } from "@pitchey/data";
import type { Env } from "./investor.context";
import * as repo from "./watchlist.repo";
import { INVESTOR_ROLES, isOpenToInvestor } from "./investor.policy";
import { toItem } from "./watchlist.view";
import { WATCHLIST, keys, tags } from "./investor.cache";
import { pitchSummaries } from "./pitches.client";

type Rc = RequestContext<Env>;
const Cursor = z.strictObject({ k: z.literal("wl"), seq: Id });

export function watchlistRoutes(app: App<Env>): void {
  app.get("/api/investor/watchlist", async (_req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const q = readQuery(rc.url, InvestorListQuery);
    const before = q.cursor ? decodeCursor(q.cursor, Cursor).seq : null;
    const page = (await cache(rc).read(keys.watchlist(q.limit, before), async () => {
      const rows = await repo.list(db(rc), me.sub, q.limit + 1, before);
      // Summaries for the shown rows only, not the look-ahead one.
      const summaries = await pitchSummaries(rc, rows.slice(0, q.limit).map((r) => r.pitchId), { id: me.sub, role: me.role });
      return paginate(rows, q.limit, (last) => ({ k: "wl", seq: last.seq }), (r) => toItem(r, summaries.get(r.pitchId)));
    }, { policy: WATCHLIST, tags: [tags.watchlist(me.sub)], user: me.sub, shared: firstPageShared(q.limit, q.cursor) }))!;
    return replyPage(rc, page.items, page.nextCursor);
  });

  // Adding a pitch already on the list is idempotent: 200 with the entry as it is (note unchanged);
  // a new entry is 201. Only a published pitch this investor may see can be added (else 404).
  app.post("/api/investor/watchlist", async (req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const body = await readJson(req, AddToWatchlist);
    const summary = (await pitchSummaries(rc, [body.pitchId], { id: me.sub, role: me.role })).get(body.pitchId);
    if (!isOpenToInvestor(summary)) throw notFound("No published pitch with this id that you can see.");
    const { row, created } = await repo.add(db(rc), me.sub, body.pitchId, body.note ?? null);
    if (created) await cache(rc).invalidate([tags.watchlist(me.sub)]);
    return reply(rc, toItem(row, summary), { status: created ? 201 : 200 });
  });

  // Idempotent: 204 whether the entry was there or not.
  app.delete("/api/investor/watchlist/:pitchId", async (req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const { pitchId } = validate(WatchlistPath, req.params, "path");
    if (await repo.remove(db(rc), me.sub, pitchId)) await cache(rc).invalidate([tags.watchlist(me.sub)]);
    return noContent();
  });
}
