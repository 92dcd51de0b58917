// HTTP routes for pitches: parse, authorise, call the repo (through the cache for reads), shape.
import * as z from "zod";
import { CreatePitch, Id, ListPitchesQuery, MinePitchesQuery, UpdatePitch, type ProtectedMaterial } from "@pitchey/contracts";
import { conflict, decodeCursor, forbidden, noContent, notFound, paginate, readJson, readQuery, reply, replyPage, requireUser, validate, HttpError, type App, type RequestContext } from "@pitchey/http";
import { cache, db, firstPageShared } from "@pitchey/data";
import type { Env } from "./pitch.context";
import * as repo from "./pitch.repo";
import { CREATING_ROLES, TARGET, TRANSITIONS, audienceOf, canSee, canSeeProtected, denyStatus, isOwner, visibilitiesFor, type Caller, type PitchAction } from "./pitch.policy";
import { PITCH_ACCESS, PITCH_DETAIL, PITCH_LIST, PITCH_MINE, browseKey, browseShared, normalizeSearch, pitchWriteTags, tags } from "./pitch.cache";
import { toPitch } from "./pitch.view";
import { creatorNames } from "./creators";
import { BrowseCursor, CreatedCursor } from "./pitch.cursor";

type Rc = RequestContext<Env>;
const PathId = z.strictObject({ id: Id });

export const callerOf = (rc: Rc): Caller => (rc.user ? { id: rc.user.sub, role: rc.user.role } : null);
export const pathId = (params: Record<string, string | undefined>) => validate(PathId, params, "path").id;

/** One pitch, through the cache (undefined: no such pitch). Without its NDA-only material. */
export function loadPitch(rc: Rc, id: string): Promise<repo.PitchRecord | undefined> {
  return cache(rc).read(`pitch:${id}`, () => repo.findById(db(rc), id), { policy: PITCH_DETAIL, tags: [tags.pitch(id)] });
}

/** The NDA-only material, cached apart from the pitch and never in the shared Cache API. */
async function loadProtected(rc: Rc, id: string): Promise<ProtectedMaterial | null> {
  return (await cache(rc).read(`pitch-protected:${id}`, async () => (await repo.findProtected(db(rc), id)) ?? null, { policy: PITCH_DETAIL, tags: [tags.pitch(id)], confidential: true })) ?? null;
}

async function approvedFor(rc: Rc, id: string): Promise<string[]> {
  return (await cache(rc).read(`pitch-access:${id}`, () => repo.approvedRequesters(db(rc), id), { policy: PITCH_ACCESS, tags: [tags.access(id)] })) ?? [];
}

/** Anonymous reads of public data may be cached by browsers and CDNs; anything else stays private. */
const cacheControlFor = (rc: Rc, shareable: boolean) => (shareable && !rc.user ? "public, max-age=30, stale-while-revalidate=60" : "private, no-store");

/** Public JSON for records, with creator names; `material` only for the owner's own answers. */
async function shape<R extends repo.PitchRecord>(rc: Rc, records: R[], material?: (r: R) => ProtectedMaterial | null | undefined) {
  const names = await creatorNames(rc, records.map((r) => r.creatorId));
  return records.map((r) => toPitch(r, names.get(r.creatorId) ?? "", material?.(r)));
}

/** The pitch for a write by its owner: 404/403 for everyone else, as policy says. */
async function ownedPitch(rc: Rc, id: string, caller: NonNullable<Caller>): Promise<repo.PitchRecord> {
  const record = await repo.findById(db(rc), id);
  if (!record) throw notFound("No such pitch.");
  if (!isOwner(record, caller)) {
    if (denyStatus(record, caller) === 404) throw notFound("No such pitch.");
    throw forbidden("Only the pitch's owner can change it.");
  }
  return record;
}

export function pitchRoutes(app: App<Env>): void {
  app.get("/api/pitches", async (_req, rc) => {
    const q = readQuery(rc.url, ListPitchesQuery);
    const audience = audienceOf(callerOf(rc));
    let after: { key: string; id: string } | undefined;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, BrowseCursor);
      if (c.s !== q.sort) throw new HttpError(400, "VALIDATION_FAILED", "Invalid query: cursor.", { errors: [{ path: "cursor", message: "belongs to another sort order" }] });
      after = { key: c.k, id: c.id };
    }
    const { cursor: _c, ...given } = q;
    const filters = given.q === undefined ? given : { ...given, q: normalizeSearch(given.q) };
    const page = (await cache(rc).read(browseKey(audience, filters, after), async () => {
      const rows = await repo.browse(db(rc), { ...filters, visibilities: visibilitiesFor(audience), limit: q.limit + 1, after });
      return paginate(rows, q.limit, (last) => ({ s: q.sort, k: last.sortKey, id: last.id }), ({ sortKey: _k, ...record }) => record);
    }, { policy: PITCH_LIST, tags: [tags.browse], shared: browseShared(filters, after) }))!;
    return replyPage(rc, await shape(rc, page.items), page.nextCursor, { cacheControl: cacheControlFor(rc, true), headers: { vary: "Authorization" } });
  });

  app.get("/api/pitches/mine", async (_req, rc) => {
    const me = requireUser(rc, CREATING_ROLES);
    const q = readQuery(rc.url, MinePitchesQuery);
    const after = q.cursor ? (({ k, id }) => ({ key: k, id }))(decodeCursor(q.cursor, CreatedCursor)) : undefined;
    const key = `mine:${q.status ?? "all"}:${q.limit}:${after ? `${after.key}/${after.id}` : ""}`;
    // Per-user entry (never shared), so the owner's NDA-only material may travel with it.
    const page = (await cache(rc).read(key, async () => {
      const rows = await repo.listMine(db(rc), me.sub, { status: q.status, limit: q.limit + 1, after });
      return paginate(rows, q.limit, (last) => ({ k: last.sortKey, id: last.id }), ({ sortKey: _k, ...row }) => row);
    }, { policy: PITCH_MINE, tags: [tags.creator(me.sub)], user: me.sub, shared: firstPageShared(q.limit, after) }))!;
    return replyPage(rc, await shape(rc, page.items, (r) => r.material), page.nextCursor);
  });

  app.get("/api/pitches/:id", async (req, rc) => {
    const id = pathId(req.params);
    const caller = callerOf(rc);
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    const withProtected = isOwner(record, caller) || (caller !== null && canSeeProtected(record, caller, await approvedFor(rc, id)));
    const material = withProtected ? await loadProtected(rc, id) : undefined;
    const [pitch] = await shape(rc, [record], () => material);
    const shareable = record.visibility === "public" && !withProtected;
    return reply(rc, pitch, { cacheControl: cacheControlFor(rc, shareable), headers: { vary: "Authorization" } });
  });

  app.post("/api/pitches", async (req, rc) => {
    const me = requireUser(rc, CREATING_ROLES);
    const body = await readJson(req, CreatePitch);
    const { record, material } = await repo.insert(db(rc), me.sub, body);
    // Ids are sequential, so anyone may have read this id before it existed: bumping the pitch's own
    // tag ends the "not found" cached under it, in every layer and isolate (pitch.cache.ts).
    await cache(rc).invalidate([tags.creator(me.sub), tags.pitch(record.id)]);
    const [pitch] = await shape(rc, [record], () => material);
    return reply(rc, pitch, { status: 201, headers: { location: `/api/pitches/${record.id}` } });
  });

  app.patch("/api/pitches/:id", async (req, rc) => {
    const me = requireUser(rc);
    const id = pathId(req.params);
    const body = await readJson(req, UpdatePitch);
    // One statement in the usual case; why it did not apply (404 or 403) is only looked up when it didn't.
    const done = await repo.update(db(rc), id, me.sub, body);
    if (!done) {
      await ownedPitch(rc, id, { id: me.sub, role: me.role });
      throw notFound("No such pitch.");
    }
    await cache(rc).invalidate(pitchWriteTags(id, me.sub));
    const [pitch] = await shape(rc, [done.record], () => done.material);
    return reply(rc, pitch);
  });

  app.delete("/api/pitches/:id", async (req, rc) => {
    const me = requireUser(rc);
    const id = pathId(req.params);
    if (!(await repo.remove(db(rc), id, me.sub))) {
      await ownedPitch(rc, id, { id: me.sub, role: me.role });
      throw notFound("No such pitch.");
    }
    await cache(rc).invalidate([...pitchWriteTags(id, me.sub), tags.access(id)]);
    return noContent();
  });

  for (const action of Object.keys(TRANSITIONS) as PitchAction[]) {
    app.post(`/api/pitches/:id/${action}`, async (req, rc) => {
      const me = requireUser(rc);
      const id = pathId(req.params);
      const done = await repo.transition(db(rc), id, me.sub, TRANSITIONS[action], TARGET[action]);
      if (!done) {
        const current = await ownedPitch(rc, id, { id: me.sub, role: me.role });
        throw conflict(`A ${current.status} pitch cannot be ${TARGET[action]} (allowed from: ${TRANSITIONS[action].join(", ")}).`);
      }
      await cache(rc).invalidate(pitchWriteTags(id, me.sub));
      const [pitch] = await shape(rc, [done.record], () => done.material);
      return reply(rc, pitch);
    });
  }

  app.post("/api/pitches/:id/views", async (req, rc) => {
    const id = pathId(req.params);
    const caller = callerOf(rc);
    const record = await loadPitch(rc, id);
    if (!record || !canSee(record, caller)) throw notFound("No such pitch.");
    // Anonymous clients are told apart by the address the gateway vouches for.
    const viewer = caller ? `u:${caller.id}` : `c:${rc.clientId}`;
    // The count is written after the response: a view must not wait on the database.
    rc.defer(repo.countView(db(rc), id, viewer));
    return reply(rc, { pitchId: id, accepted: true }, { status: 202 });
  });
}
