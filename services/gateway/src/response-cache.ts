// The gateway's response cache: anonymous GETs of answers a service marked `public, max-age=N` are
// answered from this isolate's memory, without calling the service (docs/architecture.md).
// - Only anonymous, plain requests: no Authorization or Cookie, no `Cache-Control: no-cache|no-store`
//   (that asks for a fresh answer, which then refreshes the entry). A signed-in caller is never
//   answered from here.
// - Keyed by the arm chosen for the caller (a canary's answers are its own) and the path with its
//   query parameters in a stable order.
// - Kept for the answer's max-age (at most GATEWAY_CACHE_MAX_S, 30 s), only for 200s with no
//   Set-Cookie, at most 256 KiB, and only when the service stamped the data it used (`x-pitchey-tags`:
//   the cache tags of its reads and their versions, packages/data request-stats.ts). Every hit checks
//   those tags: a write anywhere bumps them, and this isolate learns of it within TAG_SYNC_MS (1 s),
//   so a publish, edit or archive is seen within about a second. While tag versions cannot be
//   confirmed (Redis failing), nothing is served from here.
// - If-None-Match is answered as the service answers it: 304 when the stored ETag matches.
import { Lru, TAGS_HEADER, tagsCurrent } from "@pitchey/data";
import { etagMatches, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

const MAX_S = 30;
const MAX_BODY = 256 * 1024;
/** Per isolate: bounded by count and by bytes. */
const store = new Lru<Entry>(2_000, 32 * 1024 * 1024);

interface Entry {
  status: number;
  headers: [string, string][];
  /** The body around its `meta.requestId` value (every answer names its own request id). */
  before: string;
  after: string;
  stamp: string;
  storedAt: number;
}

const utf8 = new TextDecoder();

/** Splits an envelope at the value of its `"requestId":"<id>"` (the last one: meta follows data). */
function split(text: string, requestId: string): { before: string; after: string } {
  const mark = `"requestId":"${requestId}"`;
  const at = text.lastIndexOf(mark);
  if (at < 0) return { before: text, after: "" };
  const start = at + mark.length - requestId.length - 1;
  return { before: text.slice(0, start), after: text.slice(start + requestId.length) };
}

/** Per-request headers: never stored, set afresh on every answer. */
const PER_REQUEST = new Set(["x-request-id", "server-timing", "date", "age", TAGS_HEADER]);

function keyOf(rc: Gw): string | null {
  const h = rc.request.headers;
  if (h.has("authorization") || h.has("cookie")) return null;
  const cc = h.get("cache-control") ?? h.get("pragma") ?? "";
  if (/no-cache|no-store/i.test(cc)) return null;
  const url = rc.url;
  const params = [...url.searchParams].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const q = params.length ? `?${new URLSearchParams(params)}` : "";
  const key = `${rc.target!.service}@${rc.target!.arm}|${url.pathname}${q}`;
  return key.length <= 2_048 ? key : null;
}

/** Seconds an answer may be kept, or 0 when it must not be. */
function keepFor(res: Response): number {
  if (res.status !== 200 || res.headers.has("set-cookie")) return 0;
  const cc = res.headers.get("cache-control") ?? "";
  if (!/\bpublic\b/.test(cc) || /\b(private|no-store|no-cache)\b/.test(cc)) return 0;
  const vary = (res.headers.get("vary") ?? "").toLowerCase();
  if (vary.split(",").some((v) => !["", "authorization", "origin", "accept-encoding"].includes(v.trim()))) return 0;
  const age = Number(/\bmax-age=(\d+)/.exec(cc)?.[1] ?? 0);
  return Math.min(age, MAX_S);
}

export const responseCache: Stage<Gw> = async (rc, next) => {
  const method = rc.request.method;
  if ((method !== "GET" && method !== "HEAD") || rc.auth) return next();
  const key = keyOf(rc);
  if (!key) return next();
  const now = Date.now();
  const hit = store.get(key, now);
  if (hit && (await tagsCurrent(rc, hit.stamp))) {
    rc.cacheHit = true;
    const headers = new Headers(hit.headers);
    headers.set("age", String(Math.floor((now - hit.storedAt) / 1000)));
    rc.timing.add("gwcache", 0, "hit");
    // A client that holds this answer gets a 304, as the service would have sent it (reply.ts).
    const etag = headers.get("etag");
    if (etag && etagMatches(rc.request.headers.get("if-none-match"), etag)) {
      for (const h of ["content-type", "content-length", "link"]) headers.delete(h);
      return new Response(null, { status: 304, headers });
    }
    // Request ids are [A-Za-z0-9._:-] or a UUID (request-id.ts): nothing to escape in JSON.
    return new Response(method === "HEAD" ? null : hit.after ? hit.before + rc.requestId + hit.after : hit.before, { status: hit.status, headers });
  }
  const res = await next();
  const seconds = keepFor(res);
  const stamp = res.headers.get(TAGS_HEADER);
  if (!seconds || !stamp || method !== "GET") return res;
  const body = new Uint8Array(await res.arrayBuffer());
  const out = new Response(body, res);
  if (body.byteLength <= MAX_BODY) {
    const headers = [...out.headers].filter(([k]) => !PER_REQUEST.has(k));
    store.set(
      key,
      { status: res.status, headers, ...split(utf8.decode(body), rc.requestId), stamp, storedAt: now },
      now + seconds * 1000,
      body.byteLength + 512,
    );
  }
  return out;
};

/** Tests only: empty this isolate's response cache. */
export const clearResponseCache = () => store.clear();
