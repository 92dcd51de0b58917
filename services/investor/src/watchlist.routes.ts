// Handlers of /api/investor/watchlist (declared in @pitchey/contracts operations.investor.ts).
import * as z from "zod";
import { Id } from "@pitchey/contracts/common";
import type { investorOperations } from "@pitchey/contracts/operations/investor";
import { created, decodeCursor, listed, noContent, notFound, ok, paginate, type Handlers } from "@pitchey/http";
import { cache, db, fingerprint, firstPageShared, idempotently } from "@pitchey/data";
import type { Env } from "./env";
import * as repo from "./watchlist.repo";
import { isOpenToInvestor } from "./investor.policy";
import { toItem } from "./watchlist.view";
import { WATCHLIST, keys, tags } from "./investor.cache";
import { INVESTOR_KEYS } from "./investor.keys";
import { pitchSummaries } from "./pitches.client";

const Cursor = z.strictObject({ k: z.literal("wl"), seq: Id });

export const watchlistHandlers = {
  listWatchlist: async ({ query: q, user: me }, rc) => {
    const before = q.cursor ? decodeCursor(q.cursor, Cursor).seq : null;
    const page = (await cache(rc).read(
      keys.watchlist(q.limit, before),
      async () => {
        const rows = await repo.list(db(rc), me.sub, q.limit + 1, before);
        // Summaries for the shown rows only, not the look-ahead one.
        const summaries = await pitchSummaries(
          rc,
          rows.slice(0, q.limit).map((r) => r.pitchId),
          { id: me.sub, role: me.role },
        );
        return paginate(
          rows,
          q.limit,
          (last) => ({ k: "wl", seq: last.seq }),
          (r) => toItem(r, summaries.get(r.pitchId)),
        );
      },
      { policy: WATCHLIST, tags: [tags.watchlist(me.sub)], user: me.sub, shared: firstPageShared(q.limit, q.cursor) },
    ))!;
    return listed(page.items, page.nextCursor);
  },

  // Adding a pitch already on the list is idempotent by itself: 200 with the entry as it is (note
  // unchanged); a new entry is 201. With an Idempotency-Key, a repeat answers as the first did.
  // Only a published pitch this investor may see can be added (else 404).
  addToWatchlist: async ({ body, user: me, idempotencyKey }, rc) =>
    idempotently(
      rc,
      INVESTOR_KEYS,
      { scope: me.sub, key: idempotencyKey, fingerprint: await fingerprint("POST", "/api/investor/watchlist", body) },
      {
        run: async () => {
          const summary = (await pitchSummaries(rc, [body.pitchId], { id: me.sub, role: me.role })).get(body.pitchId);
          if (!isOpenToInvestor(summary)) throw notFound("No published pitch with this id that you can see.");
          const { row, created: added } = await repo.add(db(rc), me.sub, body.pitchId, body.note ?? null);
          if (added) await cache(rc).invalidate([tags.watchlist(me.sub)]);
          const item = toItem(row, summary);
          return {
            reply: added ? created(item) : ok(item),
            remember: { status: added ? 201 : 200, headers: {}, dataJson: JSON.stringify(item), requestId: rc.requestId },
          };
        },
      },
    ),

  // Idempotent: 204 whether the entry was there or not.
  removeFromWatchlist: async ({ params: { pitchId }, user: me }, rc) => {
    if (await repo.remove(db(rc), me.sub, pitchId)) await cache(rc).invalidate([tags.watchlist(me.sub)]);
    return noContent();
  },
} satisfies Partial<Handlers<typeof investorOperations, Env>>;
