// A Worker that uses the cache-and-DB package exactly as a service does (db(rc) + cache(rc), policies
// and tags defined next to the data), over a test table `cachetest.items`. The package's workerd tests
// and the cache benchmark (tools/bench-cache.ts) both drive it. Test-only extras: /__setup creates
// and seeds the table, /__metrics* and /__cache/drop expose the package's own functions,
// /__tags/remote-bump plays another isolate's invalidation, /__tags/forget a new isolate's ignorance of
// tags, `?shared=0` reads an item with `shared: false`, the `x-test-redis-url` header swaps
// Redis's URL (to point it at a closed port, or "none": not configured) for one request, and `x-test-cache-mode` sets CACHE_MODE
// for one request. CACHE_MODE=off (the package's switch) is also the benchmark's uncached arm;
// /__noop answers the same envelope with no cache and no database (the benchmark's framework floor).
//
// Table cachetest.items (id bigint, grp text, name text, version int). Cache key families:
//   item:<id>                   policy item / item-short / item-swr / item-mem, tag item:<id>
//   page:<grp>:<n>              policy item-page, tag items:<grp>
//   viewer-item:<id> (per user) policy item-view, tag item:<id>
import { INCR_AND_LOG } from "../src/redis-scripts";
import { versionStart } from "../src/cache/tags";
import {
  cache,
  db,
  flushCacheMetrics,
  forgetTags,
  readCacheMetrics,
  redis,
  selfCheck,
  type CachePolicy,
  type DataEnv,
  type Db,
  type Layer,
  type ReadOptions,
} from "@pitchey/data";
import { badRequest, conflict, createApp, notFound, reply, rpcContext, type BaseEnv, type RequestContext } from "@pitchey/http";

export interface Env extends BaseEnv, DataEnv {}
type Rc = RequestContext<Env>;

export const ITEM: CachePolicy = { name: "item", ttl: 300, grace: 600, negativeTtl: 1 };
export const ITEM_SHORT: CachePolicy = { name: "item-short", ttl: 1, grace: 0, negativeTtl: 1 };
export const ITEM_SWR: CachePolicy = { name: "item-swr", ttl: 1, grace: 120 };
export const ITEM_PAGE: CachePolicy = { name: "item-page", ttl: 300, grace: 600 };
export const ITEM_VIEW: CachePolicy = { name: "item-view", ttl: 300, grace: 0 };
/** Like the services' policies: memory answers for a second, longer grace below it. */
export const ITEM_MEM: CachePolicy = { name: "item-mem", ttl: 300, grace: 600, memoryTtl: 1 };
const POLICIES: Record<string, CachePolicy> = { default: ITEM, short: ITEM_SHORT, swr: ITEM_SWR, mem: ITEM_MEM };

const tags = { item: (id: string) => `item:${id}`, group: (grp: string) => `items:${grp}` };
const PAGE_SIZE = 5;

interface Item {
  id: string;
  grp: string;
  name: string;
  version: number;
}

const repo = {
  async byId(d: Db, id: string, sleepMs = 0): Promise<Item | undefined> {
    const rows = sleepMs
      ? await d.query<Item & Record<string, unknown>>(
          "with pause as (select pg_sleep($2::float8 / 1000)) select i.id, i.grp, i.name, i.version from cachetest.items i, pause where i.id = $1",
          [id, sleepMs],
        )
      : await d.query<Item & Record<string, unknown>>("select id, grp, name, version from cachetest.items where id = $1", [id]);
    return rows[0];
  },
  page: (d: Db, grp: string, page: number) =>
    d.query<Item & Record<string, unknown>>("select id, grp, name, version from cachetest.items where grp = $1 order by id limit $2 offset $3", [
      grp,
      PAGE_SIZE,
      (page - 1) * PAGE_SIZE,
    ]),
};

/** One item read: the key, options and loader a route and /__cache/drop share. */
function itemRead(rc: Rc, id: string, policyName = "default", sleepMs = 0, confidential = false, shared = true) {
  const policy = POLICIES[policyName];
  if (!policy) throw badRequest(`unknown policy ${policyName}`, [{ path: "policy", message: "unknown" }]);
  const opts: ReadOptions = { policy, tags: [tags.item(id)], confidential, shared };
  return { key: `item:${id}`, opts, load: () => repo.byId(db(rc), id, sleepMs) };
}

function viewerRead(rc: Rc, id: string, user: string) {
  const opts: ReadOptions = { policy: ITEM_VIEW, tags: [tags.item(id)], user };
  const load = async () => {
    const item = await repo.byId(db(rc), id);
    return item && { ...item, viewer: user };
  };
  return { key: `viewer-item:${id}`, opts, load };
}

const idOf = (v: unknown) => {
  const s = String(v ?? "");
  if (!/^[1-9][0-9]{0,17}$/.test(s)) throw badRequest("id must be a positive integer", [{ path: "id", message: "positive integer" }]);
  return s;
};

export const app = createApp<Env>("cachetest");

app.route("POST", "/__setup", async (req, rc) => {
  const { rows = 0 } = (await req.json().catch(() => ({}))) as { rows?: number };
  const d = db(rc);
  await d.batch([
    { text: "create schema if not exists cachetest" },
    { text: "create table if not exists cachetest.items (id bigint primary key, grp text not null, name text not null, version int not null default 1)" },
    { text: "create index if not exists items_grp_id on cachetest.items (grp, id)" },
  ]);
  if (rows > 0) {
    await d.batch([
      { text: "truncate cachetest.items" },
      { text: "insert into cachetest.items (id, grp, name) select g, 'g' || (g % 100), 'item ' || g from generate_series(1, $1::int) g", params: [rows] },
    ]);
  }
  return new Response(null, { status: 204 });
});

app.route("GET", "/items/:id", async (req, rc) => {
  const q = rc.url.searchParams;
  const r = itemRead(rc, idOf(req.params.id), q.get("policy") ?? "default", Number(q.get("slow") ?? 0), q.get("confidential") === "1", q.get("shared") !== "0");
  const item = await cache(rc).read(r.key, r.load, r.opts);
  if (!item) throw notFound(`No item ${req.params.id}.`);
  const also = q.get("also");
  if (!also) return reply(rc, item);
  // A second, independent read after the first: I/O of this request's own after a coalesced wait.
  const a = itemRead(rc, idOf(also));
  return reply(rc, { item, also: (await cache(rc).read(a.key, a.load, a.opts)) ?? null });
});

/** Reads one item itself and another through an RPC context, as a service does when it calls
 *  another service's RPC (pitch → auth getUsers) while serving this request. */
app.route("GET", "/items/:id/and-rpc/:other", async (req, rc) => {
  const own = itemRead(rc, idOf(req.params.id));
  const item = await cache(rc).read(own.key, own.load, own.opts);
  const inner = await rpcContext("cachetest", "read", rc.env, rc.ctx);
  const viaRpc = itemRead(inner, idOf(req.params.other));
  const other = await cache(inner).read(viaRpc.key, viaRpc.load, viaRpc.opts);
  return reply(rc, { item: item ?? null, other: other ?? null });
});

app.route("GET", "/groups/:grp/items", async (req, rc) => {
  const grp = String(req.params.grp);
  const page = Number(rc.url.searchParams.get("page") ?? 1);
  if (!Number.isInteger(page) || page < 1) throw badRequest("page must be a positive integer", [{ path: "page", message: "positive integer" }]);
  const items = await cache(rc).read(`page:${grp}:${page}`, () => repo.page(db(rc), grp, page), { policy: ITEM_PAGE, tags: [tags.group(grp)] });
  return reply(rc, items ?? []);
});

app.route("GET", "/me/items/:id", async (req, rc) => {
  const user = rc.url.searchParams.get("as");
  if (!user) throw badRequest("as is required", [{ path: "as", message: "required" }]);
  const r = viewerRead(rc, idOf(req.params.id), user);
  const view = await cache(rc).read(r.key, r.load, r.opts);
  if (!view) throw notFound(`No item ${req.params.id}.`);
  return reply(rc, view);
});

app.route("POST", "/items", async (req, rc) => {
  const body = (await req.json()) as { id?: unknown; grp?: string; name?: string };
  const id = idOf(body.id);
  const grp = String(body.grp ?? "g0");
  const rows = await db(rc).query<Item & Record<string, unknown>>(
    "insert into cachetest.items (id, grp, name) values ($1, $2, $3) on conflict (id) do nothing returning id, grp, name, version",
    [id, grp, String(body.name ?? `item ${id}`)],
  );
  if (!rows[0]) throw conflict(`Item ${id} exists.`);
  if (rc.url.searchParams.get("invalidate") !== "0") await cache(rc).invalidate([tags.item(id), tags.group(grp)]);
  return reply(rc, rows[0], { status: 201 });
});

app.route("PUT", "/items/:id", async (req, rc) => {
  const id = idOf(req.params.id);
  const { name } = (await req.json()) as { name?: string };
  if (typeof name !== "string") throw badRequest("name is required", [{ path: "name", message: "required" }]);
  const fill = rc.url.searchParams.get("fill") === "1";
  const before = fill ? await cache(rc).versionsOf([tags.item(id)]) : null;
  // ?race=1: another isolate's write bumps the item's tag between the snapshot and this write's bump.
  if (rc.url.searchParams.get("race") === "1") await remoteBump(rc, [tags.item(id)]);
  const rows = await db(rc).query<Item & Record<string, unknown>>(
    "update cachetest.items set name = $2, version = version + 1 where id = $1 returning id, grp, name, version",
    [id, name],
  );
  const item = rows[0];
  if (!item) throw notFound(`No item ${id}.`);
  if (rc.url.searchParams.get("invalidate") !== "0") await cache(rc).invalidate([tags.item(id), tags.group(item.grp)]);
  // ?fill=1: write-through of the new row, as a service does after an update.
  if (before) {
    const read = itemRead(rc, id);
    cache(rc).fill(read.key, item, read.opts, before);
  }
  return reply(rc, item);
});

/** Read, decide, write on one connection: an interactive transaction that holds its row a while. */
app.route("POST", "/items/:id/bump", async (req, rc) => {
  const id = idOf(req.params.id);
  const holdMs = Number(rc.url.searchParams.get("hold") ?? 0);
  const item = await db(rc).transaction(async (tx) => {
    const [row] = await tx.query<Item & Record<string, unknown>>("select id, grp, name, version from cachetest.items where id = $1 for update", [id]);
    if (!row) return undefined;
    if (holdMs) await tx.query("select pg_sleep($1::float8 / 1000)", [holdMs]);
    const [updated] = await tx.query<Item & Record<string, unknown>>("update cachetest.items set version = $2 where id = $1 returning id, grp, name, version", [
      id,
      row.version + 1,
    ]);
    return updated;
  });
  if (!item) throw notFound(`No item ${id}.`);
  await cache(rc).invalidate([tags.item(id), tags.group(item.grp)]);
  return reply(rc, item);
});

const NOOP_ITEM: Item = Object.freeze({ id: "1", grp: "g1", name: "item 1", version: 1 });
app.route("GET", "/__noop", (_req, rc) => reply(rc, NOOP_ITEM));

app.route("GET", "/health", async (_req, rc) => reply(rc, await selfCheck("cachetest", rc.version, rc.env)));

app.route("POST", "/__metrics/flush", async (_req, rc) => {
  await flushCacheMetrics(rc.env);
  return new Response(null, { status: 204 });
});

app.route("GET", "/__metrics", async (_req, rc) => reply(rc, await readCacheMetrics(rc.env, Number(rc.url.searchParams.get("minutes") ?? 5))));

app.route("POST", "/__cache/drop", async (req, rc) => {
  const body = (await req.json()) as { id: string; policy?: string; as?: string; layers?: Layer[]; confidential?: boolean; shared?: boolean };
  const id = idOf(body.id);
  const r = body.as ? viewerRead(rc, id, body.as) : itemRead(rc, id, body.policy, 0, body.confidential, body.shared);
  await cache(rc).drop(r.key, r.opts, body.layers);
  return new Response(null, { status: 204 });
});

/** Another isolate's invalidation, as it reaches Redis (storage.md): the write script run by an
 *  isolate that knows none of these tags, leaving this isolate's remembered versions alone — the test
 *  then watches this isolate notice it. */
/** Bumps tags in Redis as another isolate's write does (this isolate does not learn the versions). */
async function remoteBump(rc: Rc, bumped: string[]): Promise<string> {
  const r = redis(rc.env);
  if (!r) throw badRequest("Redis is not configured", [{ path: "tags", message: "needs Redis" }]);
  const args = [String(bumped.length), bumped.join("\n"), "10000", "5000", versionStart(), ...bumped.map(() => "0")];
  const replies = await r.eval<string[], unknown[]>(INCR_AND_LOG, [...bumped.map((t) => `tagv:${t}`), "tagv:@log"], args);
  return String(replies[bumped.length]);
}

app.route("POST", "/__tags/remote-bump", async (req, rc) => {
  const { tags: bumped } = (await req.json()) as { tags: string[] };
  return reply(rc, { entry: await remoteBump(rc, bumped) });
});

/** This isolate forgets what it knew of these tags, as a new isolate (or one that evicted them) would. */
app.route("POST", "/__tags/forget", async (req) => {
  const { tags: forgotten } = (await req.json()) as { tags: string[] };
  forgetTags(forgotten);
  return new Response(null, { status: 204 });
});

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const redisUrl = request.headers.get("x-test-redis-url");
    const cacheMode = request.headers.get("x-test-cache-mode");
    if (!redisUrl && !cacheMode) return app.fetch(request, env, ctx);
    // "none" runs the request as if Redis were not configured at all.
    const redisEnv = redisUrl === "none" ? { UPSTASH_REDIS_REST_URL: undefined } : redisUrl ? { UPSTASH_REDIS_REST_URL: redisUrl } : {};
    return app.fetch(request, { ...env, ...redisEnv, ...(cacheMode ? { CACHE_MODE: cacheMode } : {}) }, ctx);
  },
};
