// Handlers of the health operations (declared in @pitchey/contracts routes.ts + operations.health.ts):
// readiness, liveness, status page, the OpenAPI document and its reference page.
import { healthOperations } from "@pitchey/contracts/operations/health";
import { buildOpenApi } from "@pitchey/contracts/openapi";
import { readCacheMetrics, readTraffic } from "@pitchey/data";
import { bareJson, createApp, htmlPage, type Handlers, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import { buildReport } from "./health.report";
import { canaryReport } from "./canary.report";
import { renderStatusPage, statusPolicy } from "./status.page";
import { docsCsp, renderDocsPage } from "./docs.page";

/** Minutes of cache figures the report covers (the cache-and-DB package flushes them per minute). */
const CACHE_WINDOW_MINUTES = 5;
const NO_STORE = { cacheControl: "no-store" };

/** The readiness report plus the cache, traffic and canary figures, read in parallel; all of it only reads. */
async function readiness(rc: RequestContext<Env>) {
  const canaryP = canaryReport(rc);
  const weights = canaryP.then((c) => Object.fromEntries(Object.entries(c.services).map(([s, v]) => [s, v.weight])));
  const [base, cache, traffic, canary] = await Promise.all([
    weights.then((w) => buildReport(rc, w)),
    readCacheMetrics(rc.env, CACHE_WINDOW_MINUTES),
    readTraffic(rc.env, CACHE_WINDOW_MINUTES),
    canaryP,
  ]);
  return { ...base, cache, traffic, canary };
}

/** The document and its page are built once per deployed version and isolate (they only change with it). */
let built: { version: string; doc: ReturnType<typeof buildOpenApi>; json: string; page?: string } | undefined;
function document(version: string) {
  if (built?.version !== version) {
    const doc = buildOpenApi(version);
    built = { version, doc, json: JSON.stringify(doc) };
  }
  return built;
}

const handlers: Handlers<typeof healthOperations, Env> = {
  getHealth: async (_input, rc) => {
    const report = await readiness(rc);
    return report.status === "down" ? bareJson(503, report, NO_STORE) : bareJson(200, report, NO_STORE);
  },
  // Bare JSON (no envelope), like /api/health: probes and load balancers read these.
  getLiveness: async () => bareJson(200, { status: "ok" as const }, NO_STORE),
  getStatusPage: async (_input, rc) => {
    const report = await readiness(rc);
    return htmlPage(report.status === "down" ? 503 : 200, renderStatusPage(report), {
      ...NO_STORE,
      headers: { "content-security-policy": await statusPolicy() },
    });
  },
  getOpenApi: async (_input, rc) =>
    bareJson(200, document(rc.version).doc as { openapi: string; info: { title: string; version: string } }, { cacheControl: "public, max-age=300" }),
  getDocsPage: async (_input, rc) => {
    const d = document(rc.version);
    d.page ??= renderDocsPage(d.doc as never);
    return htmlPage(200, d.page, { cacheControl: "public, max-age=300", headers: { "content-security-policy": await docsCsp() } });
  },
};

export const app = createApp<Env>("health").operations(healthOperations, handlers);
