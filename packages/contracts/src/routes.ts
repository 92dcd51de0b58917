// Every public route, and the service that owns it. The gateway answers 404/405 from this table and
// forwards the rest; the OpenAPI document lists the same routes.
export type ServiceName = "auth" | "pitch" | "investor" | "health";
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface PublicRoute {
  method: HttpMethod;
  /** itty-router style path (":id" segments). */
  path: string;
  service: ServiceName;
  summary: string;
}

const r = (method: HttpMethod, path: string, service: ServiceName, summary: string): PublicRoute => ({ method, path, service, summary });

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  r("POST", "/api/auth/register", "auth", "Create an account"),
  r("POST", "/api/auth/login", "auth", "Sign in"),
  r("POST", "/api/auth/creator/login", "auth", "Sign in to the creator portal"),
  r("POST", "/api/auth/investor/login", "auth", "Sign in to the investor portal"),
  r("POST", "/api/auth/production/login", "auth", "Sign in to the production portal"),
  r("POST", "/api/auth/refresh", "auth", "Exchange a refresh token for a new pair"),
  r("POST", "/api/auth/logout", "auth", "End the session"),
  r("GET", "/api/auth/me", "auth", "The signed-in user"),

  r("GET", "/api/pitches", "pitch", "Browse published pitches"),
  r("POST", "/api/pitches", "pitch", "Create a pitch (draft)"),
  r("GET", "/api/pitches/mine", "pitch", "The caller's own pitches"),
  r("GET", "/api/pitches/:id", "pitch", "One pitch"),
  r("PATCH", "/api/pitches/:id", "pitch", "Update a pitch"),
  r("DELETE", "/api/pitches/:id", "pitch", "Delete a pitch"),
  r("POST", "/api/pitches/:id/publish", "pitch", "Publish a pitch"),
  r("POST", "/api/pitches/:id/archive", "pitch", "Archive a pitch"),
  r("POST", "/api/pitches/:id/views", "pitch", "Count a view"),
  r("POST", "/api/pitches/:id/nda", "pitch", "Request an NDA"),
  r("GET", "/api/ndas", "pitch", "NDA requests, incoming or outgoing"),
  r("POST", "/api/ndas/:id/approve", "pitch", "Approve an NDA request"),
  r("POST", "/api/ndas/:id/reject", "pitch", "Reject an NDA request"),
  r("POST", "/api/ndas/:id/revoke", "pitch", "Revoke an approved NDA"),

  r("GET", "/api/investor/dashboard", "investor", "Investor dashboard"),
  r("GET", "/api/investor/watchlist", "investor", "Watchlist"),
  r("POST", "/api/investor/watchlist", "investor", "Add to the watchlist"),
  r("DELETE", "/api/investor/watchlist/:pitchId", "investor", "Remove from the watchlist"),
  r("GET", "/api/investor/investments", "investor", "The caller's investments"),
  r("POST", "/api/investor/investments", "investor", "Invest in a pitch"),
  r("GET", "/api/investor/investments/:id", "investor", "One investment"),
  r("POST", "/api/investor/investments/:id/withdraw", "investor", "Withdraw an investment"),
  r("GET", "/api/investor/portfolio", "investor", "Portfolio totals"),

  r("GET", "/api/health", "health", "Readiness of every service and dependency"),
  r("GET", "/api/health/live", "health", "Liveness"),
  r("GET", "/status", "health", "Status page (HTML)"),
  r("GET", "/api/openapi.json", "health", "This API's OpenAPI document"),
  r("GET", "/docs", "health", "API reference page"),
];

/** Compiled matchers: ":name" matches one path segment. */
export const ROUTE_MATCHERS = PUBLIC_ROUTES.map((route) => ({
  route,
  regex: new RegExp(`^${route.path.replace(/:[a-zA-Z]+/g, "[^/]+")}/?$`),
}));

export type RouteMatch = { kind: "ok"; route: PublicRoute } | { kind: "method"; allow: HttpMethod[] } | { kind: "none" };

/** Orders patterns that match one path: at the first segment where they differ, a literal beats ":param". */
function bySpecificity(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]!.startsWith(":");
    const pb = sb[i]!.startsWith(":");
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

export function matchRoute(method: string, pathname: string): RouteMatch {
  const hits = ROUTE_MATCHERS.filter((m) => m.regex.test(pathname));
  if (!hits.length) return { kind: "none" };
  // The most specific pattern names the resource ("/api/pitches/mine", not pitch "mine"); only its
  // methods apply, so PATCH /api/pitches/mine is a 405, not an update of a pitch called "mine".
  const best = hits.map((h) => h.route.path).sort(bySpecificity)[0]!;
  const resource = hits.filter((h) => h.route.path === best);
  const m = method === "HEAD" ? "GET" : method;
  const hit = resource.find((h) => h.route.method === m);
  if (hit) return { kind: "ok", route: hit.route };
  return { kind: "method", allow: [...new Set(resource.map((h) => h.route.method))] };
}
