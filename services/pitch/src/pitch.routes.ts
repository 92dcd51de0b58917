// Handlers of the pitch operations (declared in @pitchey/contracts routes.ts + operations.pitch.ts):
// authorise by policy, call the repo (through the cache for reads), shape the reply.
import type { ProtectedMaterial } from "@pitchey/contracts";
import type { pitchOperations } from "@pitchey/contracts/operations/pitch";
import {
  HttpError,
  accepted,
  conflict,
  created,
  decodeCursor,
  etagMatches,
  etagOf,
  forbidden,
  listed,
  noContent,
  notFound,
  ok,
  paginate,
  type Handlers,
  type RequestContext,
} from "@pitchey/http";
import { cache, db, fingerprint, firstPageShared, idempotently, type TagSnapshot } from "@pitchey/data";
import type { Env } from "./env";
import * as repo from "./pitch.repo";
import { TARGET, TRANSITIONS, audienceOf, canSee, canSeeProtected, denyStatus, isOwner, visibilitiesFor, type Caller, type PitchAction } from "./pitch.policy";
import { PITCH_ACCESS, PITCH_DETAIL, PITCH_LIST, PITCH_MINE, browseKey, browseShared, normalizeSearch, pitchWriteTags, tags } from "./pitch.cache";
import { toPitch } from "./pitch.view";
import { PITCH_KEYS } from "./pitch.keys";
import { creatorNames } from "./creators";
import { BrowseCursor, CreatedCursor } from "./pitch.cursor";

type Rc = RequestContext<Env>;
type PitchHandlers = Handlers<typeof pitchOperations, Env>;

export const callerOf = (rc: Rc): Caller => (rc.user ? { id: rc.user.sub, role: rc.user.role } : null);

/** One pitch, through the cache (undefined: no such pitch). Without its NDA-only material. */
export function loadPitch(rc: Rc, id: string): Promise<repo.PitchRecord | undefined> {
  return cache(rc).read(`pitch:${id}`, () => repo.findById(db(rc), id), { policy: PITCH_DETAIL, tags: [tags.pitch(id)] });
}

/** After a write that returned the row: the next read of the pitch and of its NDA-only material, on
 *  any isolate, needs no query (the same keys and options as loadPitch and loadProtected). */
function refillPitch(rc: Rc, { record, material }: repo.Written, before: TagSnapshot): void {
  const opts = { policy: PITCH_DETAIL, tags: [tags.pitch(record.id)] };
  cache(rc).fill(`pitch:${record.id}`, record, opts, before);
  cache(rc).fill(`pitch-protected:${record.id}`, material, { ...opts, confidential: true }, before);
}

/** The pitch's tag version as this isolate trusts it, taken before a write (see Cache.fill). */
const beforeWrite = (rc: Rc, id: string) => cache(rc).versionsOf([tags.pitch(id)]);

/** The NDA-only material, cached apart from the pitch and never in the shared Cache API. */
async function loadProtected(rc: Rc, id: string): Promise<ProtectedMaterial | null> {
  return (
    (await cache(rc).read(`pitch-protected:${id}`, async () => (await repo.findProtected(db(rc), id)) ?? null, {
      policy: PITCH_DETAIL,
      tags: [tags.pitch(id)],
      confidential: true,
    })) ?? null
  );
}

async function approvedFor(rc: Rc, id: string): Promise<string[]> {
  return (await cache(rc).read(`pitch-access:${id}`, () => repo.approvedRequesters(db(rc), id), { policy: PITCH_ACCESS, tags: [tags.access(id)] })) ?? [];
}

/** Anonymous reads of public data may be cached by browsers and CDNs; anything else stays private. */
const cacheControlFor = (rc: Rc, shareable: boolean) => (shareable && !rc.user ? "public, max-age=30, stale-while-revalidate=60" : "private, no-store");

/** Public JSON for records, with creator names; `material` only for the owner's own answers. */
async function shape<R extends repo.PitchRecord>(rc: Rc, records: R[], material?: (r: R) => ProtectedMaterial | null | undefined) {
  const names = await creatorNames(
    rc,
    records.map((r) => r.creatorId),
  );
  return records.map((r) => toPitch(r, names.get(r.creatorId) ?? "", material?.(r)));
}

/** 404/403 for anyone but the owner of `record`, as policy says. */
function requireOwner(record: repo.PitchRecord | undefined, caller: NonNullable<Caller>): asserts record is repo.PitchRecord {
  if (!record) throw notFound("No such pitch.");
  if (!isOwner(record, caller)) {
    if (denyStatus(record, caller) === 404) throw notFound("No such pitch.");
    throw forbidden("Only the pitch's owner can change it.");
  }
}

/** The pitch for a write by its owner: 404/403 for everyone else, as policy says. */
async function ownedPitch(rc: Rc, id: string, caller: NonNullable<Caller>): Promise<repo.PitchRecord> {
  const record = await repo.findById(db(rc), id);
  requireOwner(record, caller);
  return record;
}

const stale = () => new HttpError(412, "PRECONDITION_FAILED", "The pitch changed since you read it (If-Match); read it again and retry.");

/**
 * The version a conditional write must find (If-Match): the owner's view of the pitch now, whose
 * ETag is what the owner's GET sends, must be one the client names. null without If-Match.
 */
async function versionFor(rc: Rc, id: string, caller: NonNullable<Caller>, ifMatch: string | null): Promise<string | null> {
  if (ifMatch === null) return null;
  const current = await repo.findForWrite(db(rc), id);
  requireOwner(current?.record, caller);
  const [shown] = await shape(rc, [current!.record], () => current!.material);
  // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches.
  if (!etagMatches(ifMatch, await etagOf(JSON.stringify(shown)), false)) throw stale();
  return current!.version;
}

export const pitchHandlers = {
  listPitches: async ({ query: q }, rc) => {
    const audience = audienceOf(callerOf(rc));
    let after: { key: string; id: string } | undefined;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, BrowseCursor);
      if (c.s !== q.sort)
        throw new HttpError(400, "VALIDATION_FAILED", "Invalid query: cursor.", { errors: [{ path: "cursor", message: "belongs to another sort order" }] });
      after = { key: c.k, id: c.id };
    }
    const { cursor: _c, ...given } = q;
    const filters = given.q === undefined ? given : { ...given, q: normalizeSearch(given.q) };
    const page = (await cache(rc).read(
      browseKey(audience, filters, after),
      async () => {
        const rows = await repo.browse(db(rc), { ...filters, visibilities: visibilitiesFor(audience), limit: q.limit + 1, after });
        return paginate(
          rows,
          q.limit,
          (last) => ({ s: q.sort, k: last.sortKey, id: last.id }),
          ({ sortKey: _k, ...record }) => record,
        );
      },
      { policy: PITCH_LIST, tags: [tags.browse], shared: browseShared(filters, after) },
    ))!;
    return listed(await shape(rc, page.items), page.nextCursor, { cacheControl: cacheControlFor(rc, true), headers: { vary: "Authorization" } });
  },

  listMyPitches: async ({ query: q, user: me }, rc) => {
    const after = q.cursor ? (({ k, id }) => ({ key: k, id }))(decodeCursor(q.cursor, CreatedCursor)) : undefined;
    const key = `mine:${q.status ?? "all"}:${q.limit}:${after ? `${after.key}/${after.id}` : ""}`;
    // Per-user entry (never shared), so the owner's NDA-only material may travel with it.
    const page = (await cache(rc).read(
      key,
      async () => {
        const rows = await repo.listMine(db(rc), me.sub, { status: q.status, limit: q.limit + 1, after });
        return paginate(
          rows,
          q.limit,
          (last) => ({ k: last.sortKey, id: last.id }),
          ({ sortKey: _k, ...row }) => row,
        );
      },
      { policy: PITCH_MINE, tags: [tags.creator(me.sub)], user: me.sub, shared: firstPageShared(q.limit, after) },
    ))!;
    return listed(await shape(rc, page.items, (r) => r.material), page.nextCursor);
  },

  getPitch: async ({ params: { id } }, rc) => {
    const caller = callerOf(rc);
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    const withProtected = isOwner(record, caller) || (caller !== null && canSeeProtected(record, caller, await approvedFor(rc, id)));
    const material = withProtected ? await loadProtected(rc, id) : undefined;
    const [pitch] = await shape(rc, [record], () => material);
    const shareable = record.visibility === "public" && !withProtected;
    return ok(pitch!, { cacheControl: cacheControlFor(rc, shareable), headers: { vary: "Authorization" } });
  },

  createPitch: async ({ body, user: me, idempotencyKey }, rc) => {
    return idempotently(
      rc,
      PITCH_KEYS,
      { scope: me.sub, key: idempotencyKey, fingerprint: await fingerprint("POST", "/api/pitches", body) },
      {
        run: async (claim) => {
          // A holder that died after creating it left the pitch's id: answer with that pitch.
          const made = claim?.resourceId
            ? await repo.findForWrite(db(rc), claim.resourceId)
            : await repo.insert(db(rc), me.sub, body, claim ? { table: PITCH_KEYS, claim } : undefined);
          if (!made) throw notFound("The pitch this Idempotency-Key created is gone.");
          // Ids are sequential, so anyone may have read this id before it existed: bumping the pitch's own
          // tag ends the "not found" cached under it, in every layer and isolate (pitch.cache.ts).
          await cache(rc).invalidate([tags.creator(me.sub), tags.pitch(made.record.id)]);
          const [pitch] = await shape(rc, [made.record], () => made.material);
          const headers = { location: `/api/pitches/${made.record.id}` };
          return { reply: created(pitch!, { headers }), remember: { status: 201, headers, dataJson: JSON.stringify(pitch), requestId: rc.requestId } };
        },
      },
    );
  },

  updatePitch: async ({ params: { id }, body, user: me, ifMatch }, rc) => {
    const caller = { id: me.sub, role: me.role };
    const version = await versionFor(rc, id, caller, ifMatch);
    const before = await beforeWrite(rc, id);
    // One statement in the usual case; why it did not apply (404, 403, 412) is only looked up when it didn't.
    const done = await repo.update(db(rc), id, me.sub, body, version);
    if (!done) {
      await ownedPitch(rc, id, caller);
      throw version ? stale() : notFound("No such pitch.");
    }
    await cache(rc).invalidate(pitchWriteTags(id, me.sub));
    refillPitch(rc, done, before);
    const [pitch] = await shape(rc, [done.record], () => done.material);
    return ok(pitch!);
  },

  deletePitch: async ({ params: { id }, user: me, ifMatch }, rc) => {
    const caller = { id: me.sub, role: me.role };
    const version = await versionFor(rc, id, caller, ifMatch);
    if (!(await repo.remove(db(rc), id, me.sub, version))) {
      await ownedPitch(rc, id, caller);
      throw version ? stale() : notFound("No such pitch.");
    }
    await cache(rc).invalidate([...pitchWriteTags(id, me.sub), tags.access(id)]);
    return noContent();
  },

  publishPitch: (input, rc) => transition("publish", input.params.id, input.user, rc),
  archivePitch: (input, rc) => transition("archive", input.params.id, input.user, rc),

  recordPitchView: async ({ params: { id } }, rc) => {
    const caller = callerOf(rc);
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    // Anonymous clients are told apart by the address the gateway vouches for.
    const viewer = caller ? `u:${caller.id}` : `c:${rc.clientId}`;
    // The count is written after the response: a view must not wait on the database.
    rc.defer(repo.countView(db(rc), id, viewer));
    return accepted({ pitchId: id, accepted: true });
  },
} satisfies Partial<PitchHandlers>;

async function transition(action: PitchAction, id: string, me: { sub: string; role: NonNullable<Caller>["role"] }, rc: Rc) {
  const before = await beforeWrite(rc, id);
  const done = await repo.transition(db(rc), id, me.sub, TRANSITIONS[action], TARGET[action]);
  if (!done) {
    const current = await ownedPitch(rc, id, { id: me.sub, role: me.role });
    throw conflict(`A ${current.status} pitch cannot be ${TARGET[action]} (allowed from: ${TRANSITIONS[action].join(", ")}).`);
  }
  await cache(rc).invalidate(pitchWriteTags(id, me.sub));
  refillPitch(rc, done, before);
  const [pitch] = await shape(rc, [done.record], () => done.material);
  return ok(pitch!);
}
