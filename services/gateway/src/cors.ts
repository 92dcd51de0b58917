// CORS from an allow-list: the caller's origin is echoed only when listed; credentials never meet "*".
// Vary is appended to, never replaced: a service's `Vary: Authorization` must survive.
import { writable, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

const ALLOW_HEADERS =
  "authorization, content-type, idempotency-key, if-match, if-none-match, x-request-id, traceparent, pitchey-client, pitchey-version, x-pitchey-arm";
const EXPOSE_HEADERS =
  "x-request-id, server-timing, x-pitchey-service, x-pitchey-version, pitchey-version, retry-after, ratelimit, ratelimit-policy, location, etag, link, deprecation, sunset, idempotent-replayed";

let parsed: { from: string; list: ReadonlySet<string> } | undefined;

export function allowedOrigin(origin: string | null, configured: string | undefined): string | null {
  if (!origin || !configured) return null;
  if (parsed?.from !== configured)
    parsed = {
      from: configured,
      list: new Set(
        configured
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    };
  return parsed.list.has(origin) ? origin : null;
}

/** Adds `token` to a Vary header unless it (or "*") is there already, in any case. */
export function appendVary(headers: Headers, token: string): void {
  const current = headers.get("vary");
  if (!current) {
    headers.set("vary", token);
    return;
  }
  const have = current.split(",").map((t) => t.trim().toLowerCase());
  if (!have.includes(token.toLowerCase()) && !have.includes("*")) headers.set("vary", `${current}, ${token}`);
}

export function preflight(origin: string | null): Response {
  const headers = new Headers({ vary: "Origin" });
  if (origin) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
    headers.set("access-control-allow-methods", "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS");
    headers.set("access-control-allow-headers", ALLOW_HEADERS);
    headers.set("access-control-max-age", "600");
  }
  return new Response(null, { status: 204, headers });
}

export const cors: Stage<Gw> = async (rc, next) => {
  const origin = allowedOrigin(rc.request.headers.get("origin"), rc.env.CORS_ORIGINS);
  if (rc.request.method === "OPTIONS") return preflight(origin);
  const res = writable(await next());
  // The answer depends on Origin whether or not this one is allowed (a cache must not mix them).
  appendVary(res.headers, "Origin");
  if (origin) {
    res.headers.set("access-control-allow-origin", origin);
    res.headers.set("access-control-allow-credentials", "true");
    res.headers.set("access-control-expose-headers", EXPOSE_HEADERS);
  }
  return res;
};
