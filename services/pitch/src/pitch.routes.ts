// HTTP routes for pitches: parse, authorise, call the repo (through the cache for reads), shape.
import * as z from "zod";
import { CreatePitch, Id, ListPitchesQuery, MinePitchesQuery, PitchSort, UpdatePitch } from "@pitchey/contracts";
import { conflict, decodeCursor, encodeCursor, forbidden, noContent, notFound, readJson, readQuery, reply, replyPage, requireUser, validate, HttpError, type App, type RequestContext } from "@pitchey/http";
import { cache, db } from "@pitchey/data";
import type { Env } from "./pitch.context";
import * as repo from "./pitch.repo";
import { CREATING_ROLES, TARGET, TRANSITIONS, audienceOf, canSee, canSeeProtected, denyStatus, isOwner, visibilitiesFor, type Caller, type PitchAction } from "./pitch.policy";
import { PITCH_ACCESS, PITCH_DETAIL, PITCH_LIST, PITCH_MINE, pitchWriteTags, tags } from "./pitch.cache";
import { toPitch, type CachedPitch } from "./pitch.view";
import { creatorNames } from "./creators";

type Rc = RequestContext<Env>;
const PathId = z.strictObject({ id: Id });
const BrowseCursor = z.strictObject({ s: PitchSort, k: z.string().max(64), id: Id });
const MineCursor = z.strictObject({ k: z.string().max(64), id: Id });

export const callerOf = (rc: Rc): Caller => (rc.user ? { id: rc.user.sub, role: rc.user.role } : null);
export const pathId = (params: Record<string, string | undefined>) => validate(PathId, params, "path").id;

/** One pitch with its creator's name, through the cache (undefined: no such pitch). */
export function loadPitch(rc: Rc, id: string): Promise<CachedPitch | undefined> {
  return cache(rc).read(`pitch:${id}`, async () => {
    const record = await repo.findById(db(rc), id);
    if (!record) return undefined;
    const names = await creatorNames(rc, [record.creatorId]);
    return { record, creatorName: names.get(record.creatorId) ?? "" };
  }, { policy: PITCH_DETAIL, tags: [tags.pitch(id)] });
}

async function approvedFor(rc: Rc, id: string): Promise<string[]> {
  return (await cache(rc).read(`pitch-access:${id}`, () => repo.approvedRequesters(db(rc), id), { policy: PITCH_ACCESS, tags: [tags.access(id)] })) ?? [];
}

/** Anonymous reads of public data may be cached by browsers and CDNs; anything else stays private. */
const cacheControlFor = (rc: Rc, shareable: boolean) => (shareable && !rc.user ? "public, max-age=30, stale-while-revalidate=60" : "private, no-store");

async function withNames(rc: Rc, records: repo.PitchRecord[]): Promise<CachedPitch[]> {
  const names = await creatorNames(rc, records.map((r) => r.creatorId));
  return records.map((record) => ({ record, creatorName: names.get(record.creatorId) ?? "" }));
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
    const { cursor: _c, ...filters } = q;
    const key = `browse:${audience}:${JSON.stringify(Object.entries(filters).sort())}:${after ? `${after.key}/${after.id}` : ""}`;
    const page = (await cache(rc).read(key, async () => {
      const rows = await repo.browse(db(rc), { ...filters, visibilities: visibilitiesFor(audience), limit: q.limit + 1, after });
      const more = rows.length > q.limit;
      const shown = rows.slice(0, q.limit);
      const last = shown[shown.length - 1];
      return {
        items: (await withNames(rc, shown)).map((p) => toPitch(p, false)),
        nextCursor: more && last ? encodeCursor({ s: q.sort, k: last.sortKey, id: last.id }) : null,
      };
    }, { policy: PITCH_LIST, tags: [tags.browse] }))!;
    return replyPage(rc, page.items, page.nextCursor, { cacheControl: cacheControlFor(rc, true), headers: { vary: "Authorization" } });
  });

  app.get("/api/pitches/mine", async (_req, rc) => {
    const me = requireUser(rc, CREATING_ROLES);
    const q = readQuery(rc.url, MinePitchesQuery);
    const after = q.cursor ? (({ k, id }) => ({ key: k, id }))(decodeCursor(q.cursor, MineCursor)) : undefined;
    const key = `mine:${q.status ?? "all"}:${q.limit}:${after ? `${after.key}/${after.id}` : ""}`;
    const page = (await cache(rc).read(key, async () => {
      const rows = await repo.listMine(db(rc), me.sub, { status: q.status, limit: q.limit + 1, after });
      const shown = rows.slice(0, q.limit);
      const last = shown[shown.length - 1];
      return {
        items: (await withNames(rc, shown)).map((p) => toPitch(p, true)),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.sortKey, id: last.id }) : null,
      };
    }, { policy: PITCH_MINE, tags: [tags.creator(me.sub)], user: me.sub }))!;
    return replyPage(rc, page.items, page.nextCursor);
  });

  app.get("/api/pitches/:id", async (req, rc) => {
    const id = pathId(req.params);
    const caller = callerOf(rc);
    const entry = await loadPitch(rc, id);
    if (!entry || !canSee(entry.record, caller)) throw notFound("No such pitch.");
    const owner = isOwner(entry.record, caller);
    const withProtected = owner || (caller !== null && canSeeProtected(entry.record, caller, await approvedFor(rc, id)));
    const shareable = entry.record.visibility === "public" && !withProtected;
    return reply(rc, toPitch(entry, withProtected), { cacheControl: cacheControlFor(rc, shareable), headers: { vary: "Authorization" } });
  });

  app.post("/api/pitches", async (req, rc) => {
    const me = requireUser(rc, CREATING_ROLES);
    const body = await readJson(req, CreatePitch);
    const record = await repo.insert(db(rc), me.sub, body);
    await cache(rc).invalidate([tags.creator(me.sub)]);
    const [named] = await withNames(rc, [record]);
    return reply(rc, toPitch(named!, true), { status: 201, headers: { location: `/api/pitches/${record.id}` } });
  });

  app.patch("/api/pitches/:id", async (req, rc) => {
    const me = requireUser(rc);
    const id = pathId(req.params);
    const body = await readJson(req, UpdatePitch);
    await ownedPitch(rc, id, { id: me.sub, role: me.role });
    const record = await repo.update(db(rc), id, me.sub, body);
    if (!record) throw notFound("No such pitch.");
    await cache(rc).invalidate(pitchWriteTags(id, me.sub));
    const [named] = await withNames(rc, [record]);
    return reply(rc, toPitch(named!, true));
  });

  app.delete("/api/pitches/:id", async (req, rc) => {
    const me = requireUser(rc);
    const id = pathId(req.params);
    await ownedPitch(rc, id, { id: me.sub, role: me.role });
    if (!(await repo.remove(db(rc), id, me.sub))) throw notFound("No such pitch.");
    await cache(rc).invalidate([...pitchWriteTags(id, me.sub), tags.access(id)]);
    return noContent();
  });

  for (const action of Object.keys(TRANSITIONS) as PitchAction[]) {
    app.post(`/api/pitches/:id/${action}`, async (req, rc) => {
      const me = requireUser(rc);
      const id = pathId(req.params);
      const current = await ownedPitch(rc, id, { id: me.sub, role: me.role });
      const record = await repo.transition(db(rc), id, me.sub, TRANSITIONS[action], TARGET[action]);
      if (!record) throw conflict(`A ${current.status} pitch cannot be ${TARGET[action]} (allowed from: ${TRANSITIONS[action].join(", ")}).`);
      await cache(rc).invalidate(pitchWriteTags(id, me.sub));
      const [named] = await withNames(rc, [record]);
      return reply(rc, toPitch(named!, true));
    });
  }

  app.post("/api/pitches/:id/views", async (req, rc) => {
    const id = pathId(req.params);
    const caller = callerOf(rc);
    const entry = await loadPitch(rc, id);
    if (!entry || !canSee(entry.record, caller)) throw notFound("No such pitch.");
    // Anonymous clients are told apart by the address the gateway vouches for.
    const viewer = caller ? `u:${caller.id}` : `c:${rc.clientId}`;
    // The count is written after the response: a view must not wait on the database.
    rc.defer(repo.countView(db(rc), id, viewer));
    return reply(rc, { pitchId: id, accepted: true }, { status: 202 });
  });
}
