// The success envelope, { data, meta: { requestId, … } }, as a Response: for undeclared routes of
// packages' test Workers. Declared operations return typed replies instead (reply.ts).
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
