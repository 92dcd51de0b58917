// Per-request counters (database queries and time, cache layer that answered), kept off the context
// object itself so that only this package writes them.
import { isRpcContext, type RequestContext } from "@pitchey/http";
import { count } from "./cache/metrics";

export interface RequestStats {
  dbQueries: number;
  dbMs: number;
  /** The layers that answered cache reads in this request, in order. */
  cacheLayers: string[];
  cacheMs: number;
  /** A read first caught up with the caller's own latest write (read-your-writes on another isolate). */
  caughtUp: boolean;
  /** The tags this request's cache reads depended on, at the versions they read (TAGS_HEADER). */
  tags: Map<string, number>;
  /** A read's versions could not be confirmed (Redis failing): no stamp is given then. */
  tagsUncertain: boolean;
  /** Tags this request's writes bumped, at their new versions (BUMPED_HEADER). */
  bumped: Map<string, number>;
}

/** A public answer's dependencies, `tag=version,…`, for the gateway's response cache (it is an
 *  internal header: the gateway drops it before the answer leaves). */
export const TAGS_HEADER = "x-pitchey-tags";
/** A write's bumped tags, `tag=version,…`: the gateway's isolate learns them at once (internal too). */
export const BUMPED_HEADER = "x-pitchey-bumped";

export const formatTags = (m: ReadonlyMap<string, number>) => [...m].map(([t, v]) => `${t}=${v}`).join(",");

/** `tag=version,…` → pairs; null when any part is not one. */
export function parseTags(header: string): [string, number][] | null {
  const out: [string, number][] = [];
  for (const p of header.split(",")) {
    const i = p.lastIndexOf("=");
    const v = Number(p.slice(i + 1));
    if (i <= 0 || !Number.isSafeInteger(v)) return null;
    out.push([p.slice(0, i), v]);
  }
  return out.length ? out : null;
}

const stats = new WeakMap<object, RequestStats>();

export function requestStats(rc: RequestContext<any>): RequestStats {
  let s = stats.get(rc);
  if (!s) {
    s = { dbQueries: 0, dbMs: 0, cacheLayers: [], cacheMs: 0, caughtUp: false, tags: new Map(), tagsUncertain: false, bumped: new Map() };
    stats.set(rc, s);
    // The app writes Server-Timing after the handler: these entries join it then.
    rc.timing.provide(() => dataTiming(rc));
    const own = s;
    rc.respondHooks.push((res) => {
      if (own.tags.size && !own.tagsUncertain && /\bpublic\b/.test(res.headers.get("cache-control") ?? "")) res.headers.set(TAGS_HEADER, formatTags(own.tags));
      if (own.bumped.size) res.headers.set(BUMPED_HEADER, formatTags(own.bumped));
    });
    // An RPC call serves a request another service counted: its queries count, it does not.
    if (!isRpcContext(rc)) count(rc, "requests");
  }
  return s;
}

/** Notes a read's tags and the versions it used. */
export function noteTags(rc: RequestContext<any>, tags: readonly string[], versions: readonly number[], certain: boolean): void {
  const s = requestStats(rc);
  if (!certain) s.tagsUncertain = true;
  tags.forEach((t, i) => s.tags.set(t, versions[i]!));
}

/** Server-Timing entries for what this request spent in the database and the cache. */
export function dataTiming(rc: RequestContext<any>): string[] {
  const s = stats.get(rc);
  if (!s) return [];
  const out: string[] = [];
  if (s.cacheLayers.length) out.push(`cache;dur=${s.cacheMs.toFixed(1)};desc="${s.cacheLayers.join(" ")}"`);
  if (s.caughtUp) out.push(`ryw;desc="caught up with your write"`);
  if (s.dbQueries) out.push(`db;dur=${s.dbMs.toFixed(1)};desc="${s.dbQueries} queries"`);
  return out;
}
