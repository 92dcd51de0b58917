// What every answer of the gateway carries for browsers and caches, and what it takes from the
// platform: the client address (CF-Connecting-IP, set by Cloudflare — locally by the dev edge).
import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { sql } from "./sql";

const ORIGIN = "http://localhost:3000"; // in the local CORS_ORIGINS

describe("gateway response headers", () => {
  it("appends Origin to a service's Vary instead of replacing it", async () => {
    const r = await call("GET", "/api/pitches?limit=1", { headers: { origin: ORIGIN } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const vary = (r.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());
    expect(vary).toContain("authorization");
    expect(vary).toContain("origin");
    // Without an allowed origin the answer still varies by Origin, and keeps Authorization.
    const plain = await call("GET", "/api/pitches?limit=1", { headers: { origin: "https://evil.example" } });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    expect((plain.headers.get("vary") ?? "").toLowerCase()).toMatch(/authorization.*origin/);
  });

  it("sends nosniff and HSTS on API answers, successes and problems alike, and forbids framing them", async () => {
    for (const path of ["/api/pitches?limit=1", "/api/nope", "/api/health/live"]) {
      const r = await call("GET", path);
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(r.headers.get("content-security-policy"), path).toMatch(/frame-ancestors 'none'/);
    }
  });

  it("answers an unknown method on a known path with 405 problem+json and Allow", async () => {
    const r = await call("PURGE", "/api/pitches");
    expect(r.status).toBe(405);
    expect(r.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(r.json).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
    expect(r.headers.get("allow")).toBe("GET, POST, HEAD");
  });

  it("takes the client address only when it is a well-formed IP address, and stores nothing else of it", async () => {
    const good = await signUp("investor", {}, { "cf-connecting-ip": "2001:DB8::7" });
    const bad = await signUp("investor", {}, { "cf-connecting-ip": "1.2.3.4, <script>alert(1)</script>" });
    const rows =
      await sql()`select u.email, s.client from auth.sessions s join auth.users u on u.id = s.user_id where u.email in (${good.email}, ${bad.email})`;
    const client = Object.fromEntries(rows.map((r) => [r.email, r.client]));
    expect(client[good.email]).toBe("2001:db8::7");
    expect(client[bad.email]).toBe("unknown");
  });
});
