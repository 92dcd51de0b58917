// What a declared operation's handler returns: a typed reply the app turns into the Response — the
// envelope, `meta.nextCursor`/`hasMore` and `Link` on pages, an ETag on every enveloped answer, and
// 304 for a GET whose If-None-Match still matches. The handler's return type is checked against the
// statuses and schemas its declaration names (operation-app.ts).
//
// @example
//   return ok(pitch, { cacheControl: "public, max-age=30" });
//   return listed(items, nextCursor);
//   return created(nda, { headers: { location: `/api/ndas/${nda.id}` } });
import type { RequestContext } from "./context";
import { bytesToBase64url } from "./encoding";

export interface ReplyInit {
  headers?: Record<string, string>;
  /** Cache-Control for clients; personal data defaults to private, no-store. */
  cacheControl?: string;
}

export interface OneReply<S extends number, T> {
  readonly kind: "one";
  readonly status: S;
  readonly data: T;
  readonly init?: ReplyInit;
}
export interface PageReply<T> {
  readonly kind: "page";
  readonly status: 200;
  readonly data: readonly T[];
  readonly nextCursor: string | null;
  readonly init?: ReplyInit;
}
export interface BareReply<S extends number, T> {
  readonly kind: "bare";
  readonly status: S;
  readonly data: T;
  readonly init?: ReplyInit;
}
export interface HtmlReply<S extends number> {
  readonly kind: "html";
  readonly status: S;
  readonly text: string;
  readonly init?: ReplyInit;
}
export interface EmptyReply {
  readonly kind: "empty";
  readonly status: 204;
  readonly init?: ReplyInit;
}
/** An answer stored earlier (Idempotency-Key): `data` as JSON text and the request id it was first sent with. */
export interface StoredReply<S extends number> {
  readonly kind: "stored";
  readonly status: S;
  readonly dataJson: string;
  readonly requestId: string;
  readonly init?: ReplyInit;
}
export type AnyReply = OneReply<number, unknown> | PageReply<unknown> | BareReply<number, unknown> | HtmlReply<number> | EmptyReply | StoredReply<number>;

export const ok = <T>(data: T, init?: ReplyInit): OneReply<200, T> => ({ kind: "one", status: 200, data, init });
export const created = <T>(data: T, init?: ReplyInit): OneReply<201, T> => ({ kind: "one", status: 201, data, init });
export const accepted = <T>(data: T, init?: ReplyInit): OneReply<202, T> => ({ kind: "one", status: 202, data, init });
/** A list page: meta.nextCursor and meta.hasMore are always sent, and Link when there is a next page. */
export const listed = <T>(data: readonly T[], nextCursor: string | null, init?: ReplyInit): PageReply<T> => ({
  kind: "page",
  status: 200,
  data,
  nextCursor,
  init,
});
/** JSON without the envelope (health probes, the OpenAPI document). */
export const bareJson = <S extends number, T>(status: S, data: T, init?: ReplyInit): BareReply<S, T> => ({ kind: "bare", status, data, init });
export const htmlPage = <S extends number>(status: S, text: string, init?: ReplyInit): HtmlReply<S> => ({ kind: "html", status, text, init });
export const noContent = (init?: ReplyInit): EmptyReply => ({ kind: "empty", status: 204, init });
export const storedReply = <S extends number>(status: S, dataJson: string, requestId: string, init?: ReplyInit): StoredReply<S> => ({
  kind: "stored",
  status,
  dataJson,
  requestId,
  init,
});

const JSON_TYPE = "application/json; charset=utf-8";

/** The same answers are sent again and again (a popular pitch, a first page): their tags are
 *  remembered per isolate instead of hashed on every request — small texts only, a bounded number. */
const ETAG_MEMO_ENTRIES = 256;
const ETAG_MEMO_MAX_CHARS = 16 * 1024;
const etags = new Map<string, string>();

/** A strong entity tag of `text` (the answer's `data`, and a page's position): the first 128 bits of its sha-256. */
export async function etagOf(text: string): Promise<string> {
  const known = etags.get(text);
  if (known) return known;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const etag = `"${bytesToBase64url(digest.subarray(0, 16))}"`;
  if (text.length <= ETAG_MEMO_MAX_CHARS) {
    if (etags.size >= ETAG_MEMO_ENTRIES) etags.delete(etags.keys().next().value!);
    etags.set(text, etag);
  }
  return etag;
}

/** Whether an If-None-Match / If-Match header names `etag` (or is `*`); weak tags compare by their value. */
export function etagMatches(header: string | null, etag: string, weak = true): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  return header
    .split(",")
    .map((t) => t.trim())
    .some((t) => (weak ? t.replace(/^W\//, "") : t) === etag);
}

/** The URL of the next page: this request's, with `cursor` replaced. */
function nextLink(url: URL, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set("cursor", cursor);
  return `<${next.pathname}${next.search}>; rel="next"`;
}

/** The Response for a reply; 304 for a GET or HEAD whose If-None-Match names the answer's ETag. */
export async function toResponse(rc: RequestContext<any>, reply: AnyReply): Promise<Response> {
  const headers = new Headers({ "cache-control": reply.init?.cacheControl ?? "private, no-store", ...reply.init?.headers });
  let body: string | null;
  let tagged: string | null = null;
  switch (reply.kind) {
    case "one":
      tagged = JSON.stringify(reply.data) ?? "null";
      body = `{"data":${tagged},"meta":${JSON.stringify({ requestId: rc.requestId })}}`;
      break;
    case "stored":
      // Re-serialised, so a replay is byte for byte what `one` sent the first time.
      tagged = JSON.stringify(JSON.parse(reply.dataJson));
      body = `{"data":${tagged},"meta":${JSON.stringify({ requestId: reply.requestId })}}`;
      break;
    case "page": {
      const data = JSON.stringify(reply.data);
      tagged = `${data}\n${reply.nextCursor ?? ""}`;
      body = `{"data":${data},"meta":${JSON.stringify({ requestId: rc.requestId, nextCursor: reply.nextCursor, hasMore: reply.nextCursor !== null })}}`;
      if (reply.nextCursor !== null) headers.set("link", nextLink(rc.url, reply.nextCursor));
      break;
    }
    case "bare":
      body = JSON.stringify(reply.data);
      break;
    case "html":
      body = reply.text;
      headers.set("content-type", "text/html; charset=utf-8");
      break;
    case "empty":
      body = null;
  }
  if (body !== null && !headers.has("content-type")) headers.set("content-type", JSON_TYPE);
  if (tagged !== null) {
    const etag = await etagOf(tagged);
    headers.set("etag", etag);
    const method = rc.request.method;
    if ((method === "GET" || method === "HEAD") && reply.status === 200 && etagMatches(rc.request.headers.get("if-none-match"), etag)) {
      headers.delete("content-type");
      headers.delete("link");
      return new Response(null, { status: 304, headers });
    }
  }
  return new Response(body, { status: reply.status, headers });
}
