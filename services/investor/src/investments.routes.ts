// /api/investor/investments: list, get, create (Idempotency-Key), withdraw.
import * as z from "zod";
import { CreateInvestment, IdempotencyKey, Id, InvestmentPath, InvestorListQuery, type Identity } from "@pitchey/contracts";
import {
  HttpError, badRequest, conflict, decodeCursor, notFound, paginate, readJson, readQuery, reply, replyPage, requireUser, validate,
  type App, type RequestContext,
} from "@pitchey/http";
import { cache, db, firstPageShared } from "@pitchey/data";
import type { Env } from "./investor.context";
import * as repo from "./investments.repo";
import * as keysRepo from "./idempotency.repo";
import { CLAIM_LEASE_SECONDS, decide, envelopeText, fingerprint } from "./idempotency";
import { INVESTOR_ROLES, TRANSITIONS, isOpenToInvestor } from "./investor.policy";
import { INVESTMENTS, keys, tags } from "./investor.cache";
import { pitchSummaries } from "./pitches.client";
import { isUniqueViolation } from "./sql";

type Rc = RequestContext<Env>;
const Cursor = z.strictObject({ k: z.literal("inv"), id: Id });
const CREATE_PATH = "/api/investor/investments";

/** The 201 for a new investment; a replay sends the very same bytes, marked as a replay. */
function created(dataJson: string, requestId: string, replayed: boolean): Response {
  const id = (JSON.parse(dataJson) as { id: string }).id;
  return new Response(envelopeText(dataJson, requestId), {
    status: 201,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "private, no-store",
      location: `${CREATE_PATH}/${id}`,
      ...(replayed ? { "idempotent-replayed": "true" } : {}),
    },
  });
}

function idempotencyKeyOf(req: Request): string | null {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return null;
  const r = IdempotencyKey.safeParse(raw);
  if (!r.success) throw badRequest("Invalid header: Idempotency-Key.", [{ path: "Idempotency-Key", message: r.error.issues[0]?.message ?? "invalid" }]);
  return r.data;
}

/** Checks the pitch, then writes investment + ledger entry (+ the key's stored response) in one transaction. */
async function createInvestment(rc: Rc, me: Identity, body: CreateInvestment, keyId: string | null): Promise<string> {
  const database = db(rc);
  const [summaries, id] = await Promise.all([
    pitchSummaries(rc, [body.pitchId], { id: me.sub, role: me.role }),
    repo.reserveId(database),
  ]);
  const pitch = summaries.get(body.pitchId);
  // Unknown, draft, archived, private or otherwise hidden: the same 404 the pitch API gives.
  if (!isOpenToInvestor(pitch)) throw notFound("No published pitch with this id that you can invest in.");
  const doc = await repo.create(database, {
    id,
    investorId: me.sub,
    pitchId: pitch.id,
    pitchTitle: pitch.title,
    pitchGenre: pitch.genre,
    amountCents: body.amountCents,
    currency: body.currency,
    note: body.note ?? null,
  }, keyId ? { keyId, requestId: rc.requestId } : null);
  await cache(rc).invalidate([tags.investments(me.sub)]);
  return doc;
}

/** The answer for a key that already has a record; "expired" when the record should be dropped and the key claimed afresh. */
function answerExisting(record: keysRepo.KeyRow, fp: string): Response | "expired" {
  const d = decide(record, fp);
  if (d === "expired") return d;
  if (d === "reused") throw new HttpError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request body.");
  if (d === "in_progress") {
    throw new HttpError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still being processed; retry shortly.", { headers: { "retry-after": "1" } });
  }
  return created(record.responseBody!, record.requestId!, true);
}

async function createIdempotently(rc: Rc, me: Identity, body: CreateInvestment, key: string): Promise<Response> {
  const database = db(rc);
  const fp = await fingerprint("POST", CREATE_PATH, body);
  const token = crypto.randomUUID();
  // Claim the key before any work; a concurrent twin finds the claim and gets 409 (or the replay).
  for (let attempt = 0; attempt < 3; attempt++) {
    const keyId = await keysRepo.claim(database, me.sub, key, fp, token, CLAIM_LEASE_SECONDS);
    if (keyId) {
      try {
        return created(await createInvestment(rc, me, body, keyId), rc.requestId, false);
      } catch (err) {
        // A twin that took over a stale claim won the race: its investment is the one.
        if (isUniqueViolation(err, "investments_idempotency_key_id_key")) {
          const record = await keysRepo.find(database, me.sub, key);
          const answer = record && answerExisting(record, fp);
          if (answer instanceof Response) return answer;
        }
        await keysRepo.release(database, keyId, token).catch((e: unknown) => rc.log.error("idempotency key release failed", { err: e }));
        throw err;
      }
    }
    const record = await keysRepo.find(database, me.sub, key);
    if (!record) continue; // released between the two statements: claim again
    const answer = answerExisting(record, fp);
    if (answer instanceof Response) return answer;
    await keysRepo.dropExpired(database, record.id);
  }
  throw new HttpError(409, "IDEMPOTENCY_IN_PROGRESS", "This Idempotency-Key is busy; retry shortly.", { headers: { "retry-after": "1" } });
}

export function investmentRoutes(app: App<Env>): void {
  app.get("/api/investor/investments", async (_req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const q = readQuery(rc.url, InvestorListQuery);
    const before = q.cursor ? decodeCursor(q.cursor, Cursor).id : null;
    const page = (await cache(rc).read(
      keys.investments(q.limit, before),
      async () => paginate(await repo.list(db(rc), me.sub, q.limit + 1, before), q.limit, (last) => ({ k: "inv", id: last.id })),
      { policy: INVESTMENTS, tags: [tags.investments(me.sub)], user: me.sub, shared: firstPageShared(q.limit, q.cursor) },
    ))!;
    return replyPage(rc, page.items, page.nextCursor);
  });

  app.get("/api/investor/investments/:id", async (req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const { id } = validate(InvestmentPath, req.params, "path");
    const investment = await cache(rc).read(keys.investment(id), () => repo.get(db(rc), me.sub, id), {
      policy: INVESTMENTS,
      tags: [tags.investments(me.sub)],
      user: me.sub,
    });
    if (!investment) throw notFound("No such investment.");
    return reply(rc, investment);
  });

  app.post(CREATE_PATH, async (req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    // Bad input is refused before the key is claimed, so it is never remembered.
    const key = idempotencyKeyOf(req);
    const body = await readJson(req, CreateInvestment);
    if (key === null) return created(await createInvestment(rc, me, body, null), rc.requestId, false);
    return createIdempotently(rc, me, body, key);
  });

  app.post("/api/investor/investments/:id/withdraw", async (req, rc: Rc) => {
    const me = requireUser(rc, INVESTOR_ROLES);
    const { id } = validate(InvestmentPath, req.params, "path");
    const r = await repo.withdraw(db(rc), me.sub, id, TRANSITIONS.withdraw);
    if (r.kind === "missing") throw notFound("No such investment.");
    if (r.kind === "refused") throw conflict(`This investment is ${r.investment.status}; only pending or committed investments can be withdrawn.`);
    await cache(rc).invalidate([tags.investments(me.sub)]);
    return reply(rc, r.investment);
  });
}
