// API versions through the gateway (docs/api.md "Versioning"): every answer names the version that
// made it; a client selects one with Pitchey-Version; one the API does not serve is a 400.
import { describe, expect, it } from "vitest";
import { API_VERSIONS, CURRENT_VERSION } from "@pitchey/contracts/routes";
import { call } from "./helpers";

describe("Pitchey-Version", () => {
  it("names the current version on every answer, errors and unknown paths included", async () => {
    for (const [method, path] of [
      ["GET", "/api/pitches?limit=1"],
      ["GET", "/api/nope"],
      ["DELETE", "/api/health"],
      ["GET", "/api/auth/me"],
    ] as const) {
      expect((await call(method, path)).headers.get("pitchey-version"), path).toBe(CURRENT_VERSION);
    }
  });

  it("serves every version it lists when asked by name, and refuses another with 400 UNSUPPORTED_VERSION", async () => {
    for (const v of API_VERSIONS)
      expect((await call("GET", "/api/health/live", { headers: { "pitchey-version": v.version } })).headers.get("pitchey-version")).toBe(v.version);
    const r = await call("GET", "/api/pitches?limit=1", { headers: { "pitchey-version": "2019-01-01" } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe("UNSUPPORTED_VERSION");
    expect(r.json.detail).toContain(CURRENT_VERSION);
  });

  it("lets browsers send it and read it (CORS)", async () => {
    const pre = await call("OPTIONS", "/api/pitches", { headers: { origin: "http://localhost:3000", "access-control-request-method": "GET" } });
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(pre.headers.get("access-control-allow-headers")).toContain("pitchey-version");
    expect(pre.headers.get("access-control-allow-headers")).toContain("if-match");
    const get = await call("GET", "/api/health/live", { headers: { origin: "http://localhost:3000" } });
    expect(get.headers.get("access-control-expose-headers")).toContain("pitchey-version");
  });
});
