// Handlers of the NDA operations (declared in @pitchey/contracts routes.ts + operations.pitch.ts).
import { approvedNdasTag, type Identity } from "@pitchey/contracts";
import type { pitchOperations } from "@pitchey/contracts/operations/pitch";
import { conflict, created, decodeCursor, forbidden, listed, notFound, ok, paginate, type Handlers, type RequestContext } from "@pitchey/http";
import { cache, constraintOf, db, fingerprint, idempotently, pgCode } from "@pitchey/data";
import type { Env } from "./env";
import * as ndas from "./nda.repo";
import { NDA_TRANSITIONS, type NdaAction } from "./nda.policy";
import { canSee, isOwner } from "./pitch.policy";
import { tags } from "./pitch.cache";
import { callerOf, loadPitch } from "./pitch.routes";
import { PITCH_KEYS } from "./pitch.keys";
import { CreatedCursor } from "./pitch.cursor";

type NdaHandlers = Handlers<typeof pitchOperations, Env>;

/** A decision by the pitch's owner: 404 for strangers, 403 for the requester, 409 when the state forbids it. */
const decision =
  (action: NdaAction) =>
  async ({ params: { id }, user: me }: { params: { id: string }; user: Identity }, rc: RequestContext<Env>) => {
    const current = await ndas.findNda(db(rc), id);
    if (!current || (current.ownerId !== me.sub && current.requesterId !== me.sub)) throw notFound("No such NDA request.");
    if (current.ownerId !== me.sub) throw forbidden("Only the pitch's owner decides on NDA requests.");
    const { from, to } = NDA_TRANSITIONS[action];
    const nda = await ndas.decide(db(rc), id, me.sub, from, to);
    if (!nda) throw conflict(`A ${current.status} NDA request cannot be ${to} (allowed from: ${from.join(", ")}).`);
    // Approval grants, revocation withdraws, `protected` on the very next read; the requester's
    // approved-NDA count (investor dashboard) changes with it.
    await cache(rc).invalidate([tags.access(nda.pitchId), approvedNdasTag(nda.requesterId)]);
    return ok(nda);
  };

export const ndaHandlers = {
  requestNda: async ({ params: { id }, body, user: me, idempotencyKey }, rc) => {
    const caller = callerOf(rc)!;
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    if (isOwner(record, caller)) throw forbidden("You own this pitch; there is nothing to request.");
    const key = { scope: me.sub, key: idempotencyKey, fingerprint: await fingerprint("POST", `/api/pitches/${id}/nda`, body) };
    return idempotently(rc, PITCH_KEYS, key, {
      run: async (claim) => {
        try {
          // A holder that died after creating it left the request's id: answer with that request.
          const nda = claim?.resourceId
            ? await ndas.findNda(db(rc), claim.resourceId)
            : await ndas.insertRequest(db(rc), id, me.sub, record.creatorId, body.message ?? null, claim ? { table: PITCH_KEYS, claim } : undefined);
          if (!nda) throw notFound("The NDA request this Idempotency-Key created is gone.");
          const headers = { location: `/api/ndas/${nda.id}` };
          return { reply: created(nda, { headers }), remember: { status: 201, headers, dataJson: JSON.stringify(nda), requestId: rc.requestId } };
        } catch (err) {
          if (pgCode(err) === "23505" && constraintOf(err) === "ndas_open_key") throw conflict("You already have an open NDA request for this pitch.");
          if (pgCode(err) === "23503") throw notFound("No such pitch.");
          throw err;
        }
      },
    });
  },

  listNdas: async ({ query: q, user: me }, rc) => {
    const after = q.cursor ? (({ k, id }) => ({ key: k, id }))(decodeCursor(q.cursor, CreatedCursor)) : undefined;
    const rows = await ndas.listNdas(db(rc), me.sub, { direction: q.direction, status: q.status, limit: q.limit + 1, after });
    const page = paginate(
      rows,
      q.limit,
      (last) => ({ k: last.sortKey, id: last.id }),
      ({ sortKey: _s, ...nda }) => nda,
    );
    return listed(page.items, page.nextCursor);
  },

  getNda: async ({ params: { id }, user: me }, rc) => {
    const nda = await ndas.findNda(db(rc), id);
    // Only the two parties know the request exists.
    if (!nda || (nda.ownerId !== me.sub && nda.requesterId !== me.sub)) throw notFound("No such NDA request.");
    return ok(nda);
  },

  approveNda: decision("approve"),
  rejectNda: decision("reject"),
  revokeNda: decision("revoke"),
} satisfies Partial<NdaHandlers>;
