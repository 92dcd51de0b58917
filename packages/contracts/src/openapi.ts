// The OpenAPI 3.1 document, generated from the route table and the zod schemas.
import * as z from "zod";
import { Problem } from "./common";
import { PUBLIC_ROUTES } from "./routes";
import { ROUTE_SCHEMAS } from "./route-schemas";

const problem = { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "input" });

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of PUBLIC_ROUTES) {
    const path = route.path.replace(/:([a-zA-Z]+)/g, "{$1}");
    const params = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const key = `${route.method} ${route.path}`;
    const schemas = ROUTE_SCHEMAS[key];
    const success = schemas?.response ? { content: { "application/json": { schema: jsonSchema(schemas.response) } } } : {};
    const op: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.service],
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      parameters: [
        ...params,
        ...(schemas?.query ? Object.entries((jsonSchema(schemas.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: false, schema })) : []),
        ...(schemas?.headers ?? []).map((h) => ({ name: h.name, in: "header", required: h.required, description: h.description, schema: h.schema ? jsonSchema(h.schema) : { type: "string" } })),
      ],
      responses: {
        [schemas?.status ?? (route.method === "POST" ? 201 : 200)]: {
          description: schemas?.description ?? "Success",
          ...(schemas?.responseHeaders ? { headers: Object.fromEntries(Object.entries(schemas.responseHeaders).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
          ...success,
        },
        ...Object.fromEntries(Object.entries(schemas?.extraResponses ?? {}).map(([status, description]) => [status, { description, ...(Number(status) < 300 ? success : problem) }])),
        default: { description: "Error", ...problem },
      },
    };
    if (schemas?.body) op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(schemas.body) } } };
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Pitchey API", version, description: "Public API of Pitchey, served by the gateway. Errors are RFC 9457 problem+json." },
    servers: [{ url: "/" }],
    components: {
      schemas: { Problem: jsonSchema(Problem) },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths,
  };
}
