// Handlers of /api/investor/investments (declared in @pitchey/contracts operations.investor.ts):
// list, get, create (Idempotency-Key), withdraw.
import * as z from "zod";
import type { CreateInvestment, Identity } from "@pitchey/contracts";
import { Id } from "@pitchey/contracts/common";
import type { investorOperations } from "@pitchey/contracts/operations/investor";
import { conflict, decodeCursor, listed, notFound, ok, paginate, storedReply, type Handlers, type RequestContext } from "@pitchey/http";
import { cache, db, fingerprint, firstPageShared, idempotently, replayOf, type Claim } from "@pitchey/data";
import type { Env } from "./env";
import * as repo from "./investments.repo";
import { TRANSITIONS, isOpenToInvestor } from "./investor.policy";
import { INVESTMENTS, keys, tags } from "./investor.cache";
import { INVESTOR_KEYS } from "./investor.keys";
import { pitchSummaries } from "./pitches.client";

type Rc = RequestContext<Env>;
const Cursor = z.strictObject({ k: z.literal("inv"), id: Id });
const CREATE_PATH = "/api/investor/investments";
const locationOf = (dataJson: string) => `${CREATE_PATH}/${(JSON.parse(dataJson) as { id: string }).id}`;

/**
 * Checks the pitch, then writes investment + ledger entry (+ with a key, the key's answer) in one
 * transaction. Returns the investment document as JSON text, as Postgres built it.
 */
async function createInvestment(rc: Rc, me: Identity, body: CreateInvestment, claim: Claim | null): Promise<string> {
  const database = db(rc);
  const [summaries, id] = await Promise.all([pitchSummaries(rc, [body.pitchId], { id: me.sub, role: me.role }), repo.reserveId(database)]);
  const pitch = summaries.get(body.pitchId);
  // Unknown, draft, archived, private or otherwise hidden: the same 404 the pitch API gives.
  if (!isOpenToInvestor(pitch)) throw notFound("No published pitch with this id that you can invest in.");
  const doc = await repo.create(
    database,
    {
      id,
      investorId: me.sub,
      pitchId: pitch.id,
      pitchTitle: pitch.title,
      pitchGenre: pitch.genre,
      amountCents: body.amountCents,
      currency: body.currency,
      note: body.note ?? null,
    },
    claim ? { keyId: claim.keyId, requestId: rc.requestId, location: `${CREATE_PATH}/${id}` } : null,
  );
  await cache(rc).invalidate([tags.investments(me.sub)]);
  return doc;
}

export const investmentHandlers = {
  listInvestments: async ({ query: q, user: me }, rc) => {
    const before = q.cursor ? decodeCursor(q.cursor, Cursor).id : null;
    const page = (await cache(rc).read(
      keys.investments(q.limit, before),
      async () => paginate(await repo.list(db(rc), me.sub, q.limit + 1, before), q.limit, (last) => ({ k: "inv", id: last.id })),
      { policy: INVESTMENTS, tags: [tags.investments(me.sub)], user: me.sub, shared: firstPageShared(q.limit, q.cursor) },
    ))!;
    return listed(page.items, page.nextCursor);
  },

  getInvestment: async ({ params: { id }, user: me }, rc) => {
    const investment = await cache(rc).read(keys.investment(id), () => repo.get(db(rc), me.sub, id), {
      policy: INVESTMENTS,
      tags: [tags.investments(me.sub)],
      user: me.sub,
    });
    if (!investment) throw notFound("No such investment.");
    return ok(investment);
  },

  // The investment, its ledger entry and the key's answer commit in one transaction (repo.create), so
  // a replay is exactly what was written, byte for byte.
  createInvestment: async ({ body, user: me, idempotencyKey }, rc) =>
    idempotently(
      rc,
      INVESTOR_KEYS,
      { scope: me.sub, key: idempotencyKey, fingerprint: await fingerprint("POST", CREATE_PATH, body) },
      {
        run: async (claim) => {
          const dataJson = await createInvestment(rc, me, body, claim);
          const headers = { location: locationOf(dataJson) };
          return {
            reply: storedReply(201, dataJson, rc.requestId, { headers }),
            remember: { status: 201, headers, dataJson, requestId: rc.requestId },
            recorded: true,
          };
        },
        // Keys remembered before migration 0020 have no headers: Location comes from the document.
        replay: async (r) =>
          replayOf({ ...r, status: 201, headers: r.headers.location ? r.headers : { location: locationOf(r.dataJson) } }) as ReturnType<
            typeof storedReply<201>
          >,
      },
    ),

  withdrawInvestment: async ({ params: { id }, user: me }, rc) => {
    const r = await repo.withdraw(db(rc), me.sub, id, TRANSITIONS.withdraw);
    if (r.kind === "missing") throw notFound("No such investment.");
    if (r.kind === "refused") throw conflict(`This investment is ${r.investment.status}; only pending or committed investments can be withdrawn.`);
    await cache(rc).invalidate([tags.investments(me.sub)]);
    return ok(r.investment);
  },
} satisfies Partial<Handlers<typeof investorOperations, Env>>;
