import { afterEach, describe, expect, it } from "vitest";
import { call, outage } from "./helpers";

describe("gateway routing", () => {
  afterEach(() => outage({ postgres: "up", redis: "up" }));

  it("answers an unknown path with a 404 problem", async () => {
    const r = await call("GET", "/api/nope");
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json).toMatchObject({ status: 404, code: "NOT_FOUND", instance: "/api/nope" });
    expect(r.json.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const r = await call("DELETE", "/api/health");
    expect(r.status).toBe(405);
    expect(r.json.code).toBe("METHOD_NOT_ALLOWED");
    expect(r.headers.get("allow")).toBe("GET, HEAD");
  });

  it("keeps a well-formed client request id and replaces a malformed one", async () => {
    const good = await call("GET", "/api/health/live", { headers: { "x-request-id": "client-req-12345" } });
    expect(good.headers.get("x-request-id")).toBe("client-req-12345");
    const bad = await call("GET", "/api/health/live", { headers: { "x-request-id": "bad id\u0001" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adds Server-Timing and X-Pitchey-Service to every response", async () => {
    const r = await call("GET", "/api/health/live");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: "ok" });
    expect(r.headers.get("x-pitchey-service")).toBe("health@stable");
    expect(r.headers.get("server-timing")).toMatch(/gateway;dur=.*health;dur=/);
  });

  it("reports every service and dependency as ok with latencies", async () => {
    const r = await call("GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("ok");
    expect(r.json.dependencies.database).toMatchObject({ status: "ok" });
    expect(r.json.dependencies.redis).toMatchObject({ status: "ok" });
    for (const s of ["gateway", "health", "auth", "pitch", "investor"]) expect(r.json.services[s], s).toBeDefined();
    for (const s of ["health", "auth", "pitch", "investor"]) {
      expect(r.json.services[s].status, s).toBe("ok");
      expect(typeof r.json.services[s].latencyMs).toBe("number");
      expect(r.json.services[s].version).toBe("test");
    }
  });

  it("reports the gateway's per-service traffic in /api/health (counted across isolates in Redis)", async () => {
    for (let i = 0; i < 3; i++) await call("GET", "/api/health/live");
    await call("GET", "/api/nope");
    let traffic: any;
    for (let i = 0; i < 40; i++) {
      traffic = (await call("GET", "/api/health")).json.traffic;
      if (traffic.services.health?.requests && traffic.services.gateway?.requests) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(traffic.source).toBe("redis");
    expect(traffic.services.health.requests).toBeGreaterThan(0);
    expect(traffic.services.health.p50Ms).toEqual(expect.any(Number));
    expect(traffic.services.gateway.requests).toBeGreaterThan(0); // the 404 the gateway answered itself
  });

  it("says down with 503 when Postgres is unreachable, and recovers", async () => {
    await outage({ postgres: "down" });
    const down = await call("GET", "/api/health");
    expect(down.status).toBe(503);
    expect(down.json.status).toBe("down");
    expect(down.json.dependencies.database.status).toBe("down");
    // The public report names the failure without internals (hosts, ports, driver messages).
    expect(down.json.dependencies.database.error).toBe("unreachable");
    expect(down.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:\/\//);
    const live = await call("GET", "/api/health/live");
    expect(live.status).toBe(200);
    await outage({ postgres: "up" });
    const up = await call("GET", "/api/health");
    expect(up.status).toBe(200);
  });

  it("says degraded (still 200) when Redis is unreachable", async () => {
    await outage({ redis: "down" });
    const r = await call("GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("degraded");
    expect(r.json.dependencies.redis.status).toBe("down");
  });
});
