// HTTP routes for NDA requests and decisions.
import { ListNdasQuery, RequestNda, approvedNdasTag } from "@pitchey/contracts";
import { conflict, decodeCursor, forbidden, notFound, paginate, readJson, readQuery, reply, replyPage, requireUser, type App } from "@pitchey/http";
import { cache, constraintOf, db, pgCode } from "@pitchey/data";
import type { Env } from "./pitch.context";
import * as ndas from "./nda.repo";
import { NDA_TRANSITIONS, type NdaAction } from "./nda.policy";
import { NDA_ROLES, canSee, isOwner } from "./pitch.policy";
import { tags } from "./pitch.cache";
import { callerOf, loadPitch, pathId } from "./pitch.routes";
import { CreatedCursor } from "./pitch.cursor";


export function ndaRoutes(app: App<Env>): void {
  app.post("/api/pitches/:id/nda", async (req, rc) => {
    const me = requireUser(rc, NDA_ROLES);
    const id = pathId(req.params);
    const body = await readJson(req, RequestNda);
    const caller = callerOf(rc)!;
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    if (isOwner(record, caller)) throw forbidden("You own this pitch; there is nothing to request.");
    try {
      const nda = await ndas.insertRequest(db(rc), id, me.sub, record.creatorId, body.message ?? null);
      return reply(rc, nda, { status: 201, headers: { location: `/api/ndas/${nda.id}` } });
    } catch (err) {
      if (pgCode(err) === "23505" && constraintOf(err) === "ndas_open_key") throw conflict("You already have an open NDA request for this pitch.");
      if (pgCode(err) === "23503") throw notFound("No such pitch.");
      throw err;
    }
  });

  app.get("/api/ndas", async (_req, rc) => {
    const me = requireUser(rc);
    const q = readQuery(rc.url, ListNdasQuery);
    const after = q.cursor ? (({ k, id }) => ({ key: k, id }))(decodeCursor(q.cursor, CreatedCursor)) : undefined;
    const rows = await ndas.listNdas(db(rc), me.sub, { direction: q.direction, status: q.status, limit: q.limit + 1, after });
    const page = paginate(rows, q.limit, (last) => ({ k: last.sortKey, id: last.id }), ({ sortKey: _s, ...nda }) => nda);
    return replyPage(rc, page.items, page.nextCursor);
  });

  for (const action of Object.keys(NDA_TRANSITIONS) as NdaAction[]) {
    app.post(`/api/ndas/:id/${action}`, async (req, rc) => {
      const me = requireUser(rc);
      const id = pathId(req.params);
      const current = await ndas.findNda(db(rc), id);
      if (!current || (current.ownerId !== me.sub && current.requesterId !== me.sub)) throw notFound("No such NDA request.");
      if (current.ownerId !== me.sub) throw forbidden("Only the pitch's owner decides on NDA requests.");
      const { from, to } = NDA_TRANSITIONS[action];
      const nda = await ndas.decide(db(rc), id, me.sub, from, to);
      if (!nda) throw conflict(`A ${current.status} NDA request cannot be ${to} (allowed from: ${from.join(", ")}).`);
      // Approval grants, revocation withdraws, `protected` on the very next read; the requester's
      // approved-NDA count (investor dashboard) changes with it.
      await cache(rc).invalidate([tags.access(nda.pitchId), approvedNdasTag(nda.requesterId)]);
      return reply(rc, nda);
    });
  }
}
