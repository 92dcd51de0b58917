import { describe, expect, it } from "vitest";
import { PUBLIC_ROUTES } from "./routes";
import { matchRoute, type RouteMatch } from "./route-match";

const ok = (m: RouteMatch) => (m.kind === "ok" ? `${m.route.method} ${m.route.path}` : m.kind === "method" ? `405 ${m.allow.join(",")}` : "404");

describe("matchRoute", () => {
  it("finds every route in the table by its own path (no route is shadowed by another)", () => {
    for (const r of PUBLIC_ROUTES) {
      const path = r.path.replace(/:[a-zA-Z]+/g, "12345");
      expect(ok(matchRoute(r.method, path)), `${r.method} ${r.path}`).toBe(`${r.method} ${r.path}`);
    }
  });

  it("prefers a literal segment over a parameter: /api/pitches/mine is not pitch 'mine'", () => {
    expect(ok(matchRoute("GET", "/api/pitches/mine"))).toBe("GET /api/pitches/mine");
    expect(ok(matchRoute("GET", "/api/pitches/mine/"))).toBe("GET /api/pitches/mine");
    expect(ok(matchRoute("GET", "/api/pitches/42"))).toBe("GET /api/pitches/:id");
    expect(ok(matchRoute("GET", "/api/pitches/minefield"))).toBe("GET /api/pitches/:id");
    expect(ok(matchRoute("GET", "/api/ndas/7"))).toBe("GET /api/ndas/:id");
    // The methods of /api/pitches/:id do not apply to /api/pitches/mine: it is its own resource.
    expect(ok(matchRoute("PATCH", "/api/pitches/mine"))).toBe("405 GET");
    expect(ok(matchRoute("DELETE", "/api/pitches/mine"))).toBe("405 GET");
    expect(ok(matchRoute("POST", "/api/pitches/mine"))).toBe("405 GET");
  });

  it("answers 405 with every method the path allows, once each", () => {
    expect(ok(matchRoute("PUT", "/api/pitches/42"))).toBe("405 GET,PATCH,DELETE");
    expect(ok(matchRoute("DELETE", "/api/pitches"))).toBe("405 GET,POST");
    expect(ok(matchRoute("GET", "/api/auth/login"))).toBe("405 POST");
    expect(ok(matchRoute("POST", "/api/auth/me"))).toBe("405 GET");
    expect(ok(matchRoute("GET", "/api/pitches/42/publish"))).toBe("405 POST");
    expect(ok(matchRoute("POST", "/api/investor/watchlist/7"))).toBe("405 DELETE");
    expect(ok(matchRoute("OPTIONS", "/api/health"))).toBe("405 GET");
  });

  it("serves HEAD as GET, and does not allow HEAD where there is no GET", () => {
    expect(ok(matchRoute("HEAD", "/api/pitches/mine"))).toBe("GET /api/pitches/mine");
    expect(ok(matchRoute("HEAD", "/api/pitches/42"))).toBe("GET /api/pitches/:id");
    expect(ok(matchRoute("HEAD", "/status"))).toBe("GET /status");
    expect(ok(matchRoute("HEAD", "/api/auth/login"))).toBe("405 POST");
  });

  it("accepts one trailing slash, nothing more", () => {
    expect(ok(matchRoute("GET", "/api/pitches/"))).toBe("GET /api/pitches");
    expect(ok(matchRoute("POST", "/api/pitches/42/publish/"))).toBe("POST /api/pitches/:id/publish");
    expect(ok(matchRoute("GET", "/api/pitches//"))).toBe("404");
    expect(ok(matchRoute("GET", "/api/pitches/42//"))).toBe("404");
  });

  it("answers none for unknown paths, empty or extra segments, other case and prefixes", () => {
    for (const path of [
      "/",
      "/api",
      "/api/pitchesx",
      "/api/pitches/42/extra",
      "/api/pitches//publish",
      "/API/pitches",
      "/api/pitches/42/publish/now",
      "/statusx",
      "/api/ndas/1/x",
    ]) {
      expect(ok(matchRoute("GET", path)), path).toBe("404");
    }
  });

  it("takes method names as given (methods are case-sensitive)", () => {
    expect(ok(matchRoute("get", "/api/pitches"))).toBe("405 GET,POST");
  });
});
