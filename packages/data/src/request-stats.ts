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
}

const stats = new WeakMap<object, RequestStats>();

export function requestStats(rc: RequestContext<any>): RequestStats {
  let s = stats.get(rc);
  if (!s) {
    s = { dbQueries: 0, dbMs: 0, cacheLayers: [], cacheMs: 0, caughtUp: false };
    stats.set(rc, s);
    // The app writes Server-Timing after the handler: these entries join it then.
    rc.timing.provide(() => dataTiming(rc));
    // An RPC call serves a request another service counted: its queries count, it does not.
    if (!isRpcContext(rc)) count(rc, "requests");
  }
  return s;
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
