// Which declared route a request is for (zod-free, like routes.ts): the gateway answers 404/405 from
// it and forwards the rest; the services' apps bind handlers to the same paths.
import { PUBLIC_ROUTES, type HttpMethod, type PublicRoute } from "./routes";

/** Compiled matchers: ":name" matches one path segment. */
const MATCHERS = PUBLIC_ROUTES.map((route) => ({
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
  const hits = MATCHERS.filter((m) => m.regex.test(pathname));
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
