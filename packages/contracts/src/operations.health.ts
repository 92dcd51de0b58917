// The health service's operations (routes.ts has their method and path: anyone may call them).
import * as z from "zod";
import { Liveness } from "./health";
import { HealthReport } from "./health-report";
import { bare, html, lazySpecs, type Specs } from "./operation";

/** An OpenAPI 3.1 document (its own metaschema describes it; not restated here). */
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) });

export const healthOperations = lazySpecs({
  getHealth: () => ({
    tag: "health",
    summary: "Readiness of every service and dependency",
    description:
      "Asks every service for a self-check (database and Redis round trips) and adds the cache, traffic and canary figures of the last minutes. Reads only.",
    responses: { 200: bare(HealthReport), 503: bare(HealthReport) },
    responseNotes: {
      200: "Everything needed to serve is up (`ok`), or some part is down but the rest serves (`degraded`).",
      503: "`down`: nothing can serve (the database is unreachable, or no service answers): the same report. A problem when the health service itself cannot be reached.",
    },
  }),
  getLiveness: () => ({
    tag: "health",
    summary: "Liveness",
    description: "No dependencies: answers while the Worker runs.",
    responses: { 200: bare(Liveness) },
  }),
  getStatusPage: () => ({
    tag: "health",
    summary: "Status page (HTML)",
    description: "The readiness report for people.",
    responses: { 200: html, 503: html },
    responseNotes: { 503: "`down`: the page says so." },
  }),
  getOpenApi: () => ({
    tag: "reference",
    summary: "This API's OpenAPI document",
    description: "OpenAPI 3.1, generated from the route declarations; `info.version` is the deployed version.",
    responses: { 200: bare(OpenApiDocument) },
  }),
  getDocsPage: () => ({
    tag: "reference",
    summary: "API reference page (HTML)",
    description: "This document rendered for people: operations by tag, schemas, errors, examples.",
    responses: { 200: html },
  }),
} satisfies Specs<"health">);
