// The success envelope: { data, meta: { requestId, … } }.
import type { RequestContext } from "./context";

export interface ReplyOptions {
  status?: number;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Cache-Control for clients; personal data defaults to private, no-store. */
  cacheControl?: string;
}

export function reply(rc: RequestContext, data: unknown, opts: ReplyOptions = {}): Response {
  return new Response(JSON.stringify({ data, meta: { requestId: rc.requestId, ...opts.meta } }), {
    status: opts.status ?? 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": opts.cacheControl ?? "private, no-store",
      ...opts.headers,
    },
  });
}

/** A list page: meta.nextCursor and meta.hasMore are always present. */
export function replyPage(rc: RequestContext, items: unknown[], nextCursor: string | null, opts: ReplyOptions = {}): Response {
  return reply(rc, items, { ...opts, meta: { nextCursor, hasMore: nextCursor !== null, ...opts.meta } });
}

export const noContent = (headers: Record<string, string> = {}) => new Response(null, { status: 204, headers });
