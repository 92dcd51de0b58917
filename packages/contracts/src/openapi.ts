// The OpenAPI 3.1 document, generated from the route declarations (routes.ts) and their specs
// (operations.*.ts): security per operation, named component schemas, tags, typed query parameters,
// every error status with its Problem codes, and the headers each answer carries.
import type * as z from "zod";
import { IdempotencyKey } from "./investor";
import { TAGS, type BodySpec, type OperationSpec } from "./operation";
import { OPERATIONS } from "./operations";
import { errorsOf } from "./openapi.errors";
import { SchemaSet, type JsonSchema } from "./openapi.schemas";
import { OVERVIEW } from "./openapi.overview";
import { PUBLIC_ROUTES, pathParamNames, type PublicRoute } from "./routes";
import { API_VERSIONS, CURRENT_VERSION, VERSION_SUPPORT_MONTHS } from "./versions";

const h = (name: string) => ({ $ref: `#/components/headers/${name}` });
const p = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const str = { type: "string" };

const HEADERS = {
  "X-Request-Id": { description: "This request's id (the client's own when it sent a well-formed one).", required: true, schema: str },
  "Pitchey-Version": { description: "The API version that answered.", required: true, schema: { ...str, example: CURRENT_VERSION } },
  ETag: {
    description: "The representation's entity tag: send it as `If-None-Match` (304 when unchanged) or `If-Match` (writes refused with 412 when stale).",
    required: true,
    schema: { ...str, example: '"3hA0kY7c2lQ1rT9xZb8e1w"' },
  },
  Location: { description: "The new resource's URL.", required: true, schema: { ...str, example: "/api/pitches/42" } },
  Link: { description: 'The next page, when there is one: `</api/pitches?cursor=…>; rel="next"`.', schema: str },
  "Idempotent-Replayed": {
    description: "`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`.",
    schema: { type: "string", enum: ["true"] },
  },
  RateLimit: { description: "The limit's state (IETF draft-ietf-httpapi-ratelimit-headers): `limit=10, remaining=9, reset=840`.", schema: str },
  "RateLimit-Policy": { description: "The limit: `10;w=900` (10 per 900 s).", schema: str },
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 0 } },
  Deprecation: { description: "This operation or version is deprecated (RFC 9745): `@<unix seconds>` of when.", schema: str },
  Sunset: { description: "When it stops answering (RFC 8594), an HTTP-date.", schema: str },
};

const PARAMETERS = {
  PitcheyVersion: {
    name: "Pitchey-Version",
    in: "header",
    description: `The API version to use (docs/api.md "Versioning"); the current one when absent. A replaced version keeps answering for ${VERSION_SUPPORT_MONTHS} months, with \`Deprecation\` and \`Sunset\`.`,
    schema: { type: "string", enum: API_VERSIONS.map((v) => v.version), default: CURRENT_VERSION },
  },
  PitcheyClient: {
    name: "Pitchey-Client",
    in: "header",
    description: "An opaque, stable id of the client installation (SDKs send one): keeps an anonymous caller in one canary cohort.",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" },
  },
  IdempotencyKey: {
    name: "Idempotency-Key",
    in: "header",
    description:
      "Makes retries safe: a repeat with the same key and body answers as the first request did (`Idempotent-Replayed: true`); the key is remembered at least 24 h, per caller.",
    schema: null as unknown as JsonSchema, // filled from the zod schema in buildOpenApi
  },
  IfMatch: {
    name: "If-Match",
    in: "header",
    description: "Apply the change only if the resource's ETag is one of these (or `*`): else 412.",
    schema: str,
  },
  IfNoneMatch: {
    name: "If-None-Match",
    in: "header",
    description: "Answer 304 without a body when the representation's ETag is one of these.",
    schema: str,
  },
};

function accessNote(route: PublicRoute): string {
  const a = route.access;
  if (a === "anyone") return route.credentials || route.service === "health" ? "Anyone." : "Anyone; a signed-in caller may see more.";
  if (a === "signed-in") return "Any signed-in user.";
  return `${a.map((r) => r[0]!.toUpperCase() + r.slice(1)).join(" and ")} accounts.`;
}

function security(route: PublicRoute): Record<string, string[]>[] {
  if (route.access !== "anyone") return [{ bearer: [] }];
  // A token is optional where it changes the answer; elsewhere the route is public.
  return route.credentials || route.service === "health" ? [] : [{}, { bearer: [] }];
}

function successHeaders(route: PublicRoute, spec: OperationSpec, status: number, body: BodySpec) {
  const out: Record<string, unknown> = { "X-Request-Id": h("X-Request-Id"), "Pitchey-Version": h("Pitchey-Version") };
  if (body.kind === "one" || body.kind === "page") out.ETag = h("ETag");
  if (body.kind === "page") out.Link = h("Link");
  if (status === 201 && spec.location) out.Location = h("Location");
  if (route.idempotent) out["Idempotent-Replayed"] = h("Idempotent-Replayed");
  if (spec.rateLimited) Object.assign(out, { RateLimit: h("RateLimit"), "RateLimit-Policy": h("RateLimit-Policy") });
  if (route.deprecated) Object.assign(out, { Deprecation: h("Deprecation"), Sunset: h("Sunset") });
  return out;
}

/** What building the document collects: the schema set and the envelopes (`PitchResponse`, `PitchPage`) used. */
interface Build {
  schemas: SchemaSet;
  envelopes: Map<string, { item: string; kind: "one" | "page" }>;
}

function operation(route: PublicRoute, spec: OperationSpec, b: Build): Record<string, unknown> {
  const { schemas } = b;
  const parameters: unknown[] = pathParamNames(route.path).map((name) => ({
    name,
    in: "path",
    required: true,
    description: "An id as this API returned it.",
    schema: { type: "string", example: "42" },
  }));
  if (spec.query) {
    const out = schemas.inline(spec.query, "output");
    const input = schemas.inline(spec.query, "input");
    const required = new Set((input.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((out.properties ?? {}) as Record<string, JsonSchema>)) {
      parameters.push({ name, in: "query", required: required.has(name), schema });
    }
  }
  parameters.push(p("PitcheyVersion"), p("PitcheyClient"));
  if (route.idempotent) parameters.push(p("IdempotencyKey"));
  if (route.conditional) parameters.push(p("IfMatch"));
  const etagged = Object.values(spec.responses).some((b) => b.kind === "one" || b.kind === "page");
  if (route.method === "GET" && etagged) parameters.push(p("IfNoneMatch"));

  const responses: Record<string, Record<string, unknown>> = {};
  for (const [status, body] of Object.entries(spec.responses)) {
    const content =
      body.kind === "empty"
        ? undefined
        : body.kind === "html"
          ? { "text/html": { schema: str } }
          : body.kind === "one" || body.kind === "page"
            ? { "application/json": { schema: envelope(body.kind, body.schema, b) } }
            : { "application/json": { schema: schemas.ref(body.schema, "output") } };
    responses[status] = {
      description: spec.responseNotes?.[Number(status)] ?? (Number(status) === 201 ? "Created." : Number(status) === 204 ? "Done; no body." : "Success."),
      headers: successHeaders(route, spec, Number(status), body),
      ...(content ? { content } : {}),
    };
  }
  if (route.method === "GET" && etagged) {
    responses["304"] = {
      description: "Not modified: the representation still has the ETag sent in `If-None-Match`.",
      headers: { "X-Request-Id": h("X-Request-Id"), "Pitchey-Version": h("Pitchey-Version"), ETag: h("ETag") },
    };
  }
  for (const [status, e] of errorsOf(route, spec)) {
    const headers: Record<string, unknown> = { "X-Request-Id": h("X-Request-Id"), "Pitchey-Version": h("Pitchey-Version") };
    if (status === 429 || status === 503 || status === 504 || e.codes.has("IDEMPOTENCY_IN_PROGRESS")) headers["Retry-After"] = h("Retry-After");
    if (route.deprecated) Object.assign(headers, { Deprecation: h("Deprecation"), Sunset: h("Sunset") });
    if (spec.rateLimited && (status === 429 || status === 401 || status === 409))
      Object.assign(headers, { RateLimit: h("RateLimit"), "RateLimit-Policy": h("RateLimit-Policy") });
    const problem = {
      schema: {
        allOf: [
          { $ref: "#/components/schemas/Problem" },
          { type: "object", properties: { code: { type: "string", enum: [...e.codes].sort() } }, required: ["code"] },
        ],
      },
    };
    const existing = responses[String(status)];
    if (existing) {
      // A status the handler answers itself (health's 503 report) may also be a problem from the gateway.
      existing.content = { ...(existing.content as object), "application/problem+json": problem };
      existing.description = `${existing.description as string} ${e.notes.join(" ")}`;
      continue;
    }
    responses[String(status)] = { description: e.notes.join(" "), headers, content: { "application/problem+json": problem } };
  }

  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: spec.summary,
    description: `${spec.description ? `${spec.description}\n\n` : ""}**Who:** ${accessNote(route)}`,
    tags: [spec.tag],
    security: security(route),
    parameters,
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
    "x-pitchey-access": route.access,
    "x-pitchey-service": route.service,
  };
  if (spec.body) op.requestBody = { required: true, content: { "application/json": { schema: schemas.ref(spec.body, "input") } } };
  if (route.deprecated) op.deprecated = true;
  return op;
}

/** `{ data, meta }` (or a page) around a named schema: a component of its own, `<Name>Response` / `<Name>Page`. */
function envelope(kind: "one" | "page", item: z.ZodType, b: Build): JsonSchema {
  const itemRef = b.schemas.ref(item, "output");
  const name = `${b.schemas.idOf(item)!}${kind === "one" ? "Response" : "Page"}`;
  b.envelopes.set(name, { item: itemRef.$ref as string, kind });
  return { $ref: `#/components/schemas/${name}` };
}

function envelopeSchemas(b: Build): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, { item, kind }] of b.envelopes) {
    const meta = b.schemas.refById(kind === "page" ? "PageMeta" : "Meta");
    out[name] = {
      type: "object",
      properties: { data: kind === "page" ? { type: "array", items: { $ref: item } } : { $ref: item }, meta },
      required: ["data", "meta"],
      additionalProperties: false,
    };
  }
  return out;
}

export function buildOpenApi(version: string): Record<string, unknown> {
  const b: Build = { schemas: new SchemaSet(), envelopes: new Map() };
  const { schemas } = b;
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const route of PUBLIC_ROUTES) {
    const spec = OPERATIONS[route.operationId]();
    (paths[route.path.replace(/:([a-zA-Z]+)/g, "{$1}")] ??= {})[route.method.toLowerCase()] = operation(route, spec, b);
  }
  schemas.refById("Problem");
  const parameters = { ...PARAMETERS, IdempotencyKey: { ...PARAMETERS.IdempotencyKey, schema: schemas.inline(IdempotencyKey, "input") } };
  const wrapped = envelopeSchemas(b);
  const draft = {
    openapi: "3.1.0",
    info: {
      title: "Pitchey API",
      version,
      description: OVERVIEW,
      contact: { name: "Pitchey API team", url: "https://pitchey.com/developers" },
    },
    servers: [{ url: "/", description: "The gateway that serves this document" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      parameters,
      headers: HEADERS,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "The `accessToken` of a sign-in, register or refresh answer (15 minutes).",
        },
      },
    },
  };
  const { doc, schemas: named } = schemas.finish(draft, wrapped);
  // Only the headers some answer carries (Deprecation and Sunset only while something is deprecated).
  const text = JSON.stringify(doc.paths);
  const headers = Object.fromEntries(Object.entries(HEADERS).filter(([name]) => text.includes(`"#/components/headers/${name}"`)));
  return { ...doc, components: { schemas: named, ...doc.components, headers } };
}
