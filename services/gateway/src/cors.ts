// CORS from an allow-list: the caller's origin is echoed only when listed; credentials never meet "*".
const ALLOW_HEADERS = "authorization, content-type, idempotency-key, x-request-id, traceparent";
const EXPOSE_HEADERS = "x-request-id, server-timing, x-pitchey-service, retry-after, ratelimit, ratelimit-policy";

export function allowedOrigin(origin: string | null, configured: string | undefined): string | null {
  if (!origin || !configured) return null;
  const list = configured.split(",").map((s) => s.trim()).filter(Boolean);
  return list.includes(origin) ? origin : null;
}

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSE_HEADERS,
    vary: "Origin",
  };
}

export function preflight(origin: string | null): Response {
  return new Response(null, {
    status: 204,
    headers: origin
      ? {
          ...corsHeaders(origin),
          "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS",
          "access-control-allow-headers": ALLOW_HEADERS,
          "access-control-max-age": "600",
        }
      : { vary: "Origin" },
  });
}
