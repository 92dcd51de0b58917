// HTTP routes of the health service: readiness, liveness, status page, OpenAPI document.
import { buildOpenApi } from "@pitchey/contracts";
import { readCacheMetrics, readTraffic } from "@pitchey/data";
import { createApp, type RequestContext } from "@pitchey/http";
import type { Env } from "./health.context";
import { buildReport } from "./health.report";
import { canaryReport } from "./canary.report";
import { renderStatusPage, statusPolicy } from "./status.page";
import { DOCS_PAGE } from "./docs.page";

export const app = createApp<Env>("health");

/** Minutes of cache figures the report covers (the cache-and-DB package flushes them per minute). */
const CACHE_WINDOW_MINUTES = 5;

/** The readiness report plus the cache, traffic and canary figures, read in parallel; all of it only reads. */
async function readiness(rc: RequestContext<Env>) {
  const canaryP = canaryReport(rc);
  const weights = canaryP.then((c) => Object.fromEntries(Object.entries(c.services).map(([s, v]) => [s, v.weight])));
  const [base, cache, traffic, canary] = await Promise.all([
    weights.then((w) => buildReport(rc, { cache: null, traffic: null, canary: null }, w)),
    readCacheMetrics(rc.env, CACHE_WINDOW_MINUTES),
    readTraffic(rc.env, CACHE_WINDOW_MINUTES),
    canaryP,
  ]);
  return { ...base, cache, traffic, canary };
}

app.get("/api/health", async (_req, rc) => {
  const report = await readiness(rc);
  return new Response(JSON.stringify(report), {
    status: report.status === "down" ? 503 : 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
});

// Bare JSON (no envelope), like /api/health: probes and load balancers read these.
app.get("/api/health/live", () => new Response(JSON.stringify({ status: "ok" }), { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } }));

app.get("/status", async (_req, rc) => {
  const report = await readiness(rc);
  return new Response(renderStatusPage(report), {
    status: report.status === "down" ? 503 : 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": await statusPolicy() },
  });
});

app.get("/api/openapi.json", (_req, rc) =>
  new Response(JSON.stringify(buildOpenApi(rc.version)), { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" } }));

app.get("/docs", () => new Response(DOCS_PAGE, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" } }));
