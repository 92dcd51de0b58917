// The generated document describes the API as a client needs it: who may call what, named schemas,
// typed parameters, every error with its codes, and the headers answers carry.
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";
import { PUBLIC_ROUTES } from "./routes";

type Schema = Record<string, any>;
type Op = {
  operationId: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: Schema[];
  requestBody?: Schema;
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
};
const doc = buildOpenApi("2026.12.01-test") as Schema;
const op = (path: string, method: string): Op => doc.paths[path]![method]!;
const ops = (): [string, string, Op][] =>
  Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([p, m]) => Object.entries(m).map(([k, o]) => [p, k, o] as [string, string, Op]));
const codes = (o: Op, status: string) => o.responses[status]!.content!["application/problem+json"]!.schema.allOf[1].properties.code.enum as string[];
const param = (o: Op, name: string) => o.parameters.find((x) => x.name === name || x.$ref?.endsWith(`/${name.replace(/-/g, "")}`));

describe("OpenAPI document", () => {
  it("names the deployed version and declares every tag an operation uses", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("2026.12.01-test");
    const declared = new Set((doc.tags as { name: string; description: string }[]).map((t) => t.name));
    for (const [, , o] of ops()) for (const t of o.tags) expect(declared, o.operationId).toContain(t);
  });

  it("has one operation per declared route, under its human operationId", () => {
    expect(
      ops()
        .map(([, , o]) => o.operationId)
        .sort(),
    ).toEqual(PUBLIC_ROUTES.map((r) => r.operationId).sort());
    expect(op("/api/investor/investments/{id}/withdraw", "post").operationId).toBe("withdrawInvestment");
  });

  it("says on every operation who may call it: bearer where a token is needed, optional where it changes the answer, none on public ones", () => {
    for (const [, , o] of ops()) expect(o.security, o.operationId).toBeDefined();
    expect(op("/api/pitches", "post").security).toEqual([{ bearer: [] }]);
    expect(op("/api/auth/me", "get").security).toEqual([{ bearer: [] }]);
    expect(op("/api/pitches/{id}", "get").security).toEqual([{}, { bearer: [] }]);
    expect(op("/api/auth/login", "post").security).toEqual([]);
    expect(op("/api/health", "get").security).toEqual([]);
  });

  it("references named schemas instead of inlining them, and no schema carries its own $schema", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$schema"');
    expect(doc.components.schemas.Pitch.properties.title).toEqual({ type: "string" });
    expect(op("/api/pitches/{id}", "get").responses["200"]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/PitchResponse" });
    expect(op("/api/pitches", "get").responses["200"]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/PitchPage" });
    expect(op("/api/pitches", "post").requestBody!.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CreatePitchRequest" });
    // Every $ref resolves.
    for (const m of text.matchAll(/"#\/components\/(schemas|parameters|headers)\/([^"]+)"/g)) expect(doc.components[m[1]!][m[2]!], m[0]).toBeDefined();
  });

  it("types query parameters: integers with bounds and defaults", () => {
    const list = op("/api/pitches", "get");
    expect(param(list, "limit")).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } });
    expect(param(list, "minBudget")!.schema).toMatchObject({ type: "integer", minimum: 0 });
    expect(param(list, "sort")!.schema).toMatchObject({ enum: ["new", "trending", "popular"], default: "new" });
  });

  it("always has nextCursor and hasMore in a page's meta, and date-time formats on instants", () => {
    expect(doc.components.schemas.PageMeta.required.sort()).toEqual(["hasMore", "nextCursor", "requestId"]);
    expect(doc.components.schemas.Pitch.properties.createdAt).toEqual({ type: "string", format: "date-time" });
    expect(doc.components.schemas.Pitch.properties.publishedAt.anyOf).toEqual([{ type: "string", format: "date-time" }, { type: "null" }]);
  });

  it("types the health report's cache, traffic and canary figures", () => {
    const report = doc.components.schemas.HealthReport.properties;
    expect(report.cache).toEqual({ $ref: "#/components/schemas/CacheFigures" });
    expect(report.traffic).toEqual({ $ref: "#/components/schemas/TrafficReport" });
    expect(report.canary).toEqual({ $ref: "#/components/schemas/CanaryReport" });
  });

  it("lists every error an operation can answer with its Problem codes, and no catch-all default", () => {
    for (const [, , o] of ops()) {
      expect(o.responses.default, o.operationId).toBeUndefined();
      expect(Object.keys(o.responses), o.operationId).toEqual(expect.arrayContaining(["400", "503", "504"]));
    }
    const create = op("/api/pitches", "post");
    expect(Object.keys(create.responses)).toEqual(["201", "400", "401", "403", "409", "413", "415", "422", "500", "503", "504"]);
    expect(codes(create, "400")).toEqual(["MALFORMED_JSON", "UNSUPPORTED_VERSION", "VALIDATION_FAILED"]);
    expect(codes(create, "409")).toEqual(["IDEMPOTENCY_IN_PROGRESS"]);
    expect(codes(create, "422")).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(codes(op("/api/pitches/{id}", "get"), "404")).toEqual(["NOT_FOUND"]);
    expect(codes(op("/api/pitches/{id}", "patch"), "412")).toEqual(["PRECONDITION_FAILED"]);
    expect(codes(op("/api/pitches/{id}/nda", "post"), "409")).toEqual(["CONFLICT", "IDEMPOTENCY_IN_PROGRESS"]);
    expect(codes(op("/api/auth/login", "post"), "429")).toEqual(["RATE_LIMITED"]);
    // Credentials routes ignore Authorization: no token 401, only wrong credentials.
    expect(op("/api/auth/register", "post").responses["401"]).toBeUndefined();
  });

  it("documents the headers answers carry", () => {
    const get = op("/api/pitches/{id}", "get");
    expect(Object.keys(get.responses["200"]!.headers!)).toEqual(["X-Request-Id", "Pitchey-Version", "ETag"]);
    expect(get.responses["304"]!.content).toBeUndefined();
    expect(param(get, "If-None-Match")).toBeDefined();
    expect(Object.keys(op("/api/pitches", "get").responses["200"]!.headers!)).toContain("Link");
    expect(Object.keys(op("/api/pitches/{id}/nda", "post").responses["201"]!.headers!)).toEqual(expect.arrayContaining(["Location", "Idempotent-Replayed"]));
    expect(Object.keys(op("/api/auth/login", "post").responses["429"]!.headers!)).toEqual(
      expect.arrayContaining(["Retry-After", "RateLimit", "RateLimit-Policy"]),
    );
    expect(param(op("/api/pitches/{id}", "patch"), "If-Match")).toBeDefined();
    expect(param(op("/api/investor/watchlist", "post"), "Idempotency-Key")).toBeDefined();
    expect(doc.components.parameters.IdempotencyKey.schema).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
  });

  it("says POST /api/investor/watchlist answers 201 for a new entry and 200, same body, when it is already there", () => {
    const { responses } = op("/api/investor/watchlist", "post");
    expect(responses["200"]!.content).toEqual(responses["201"]!.content);
    expect(responses["200"]!.description).toMatch(/already/i);
  });

  it("documents health's 503 as the report itself, or a problem when the gateway cannot reach it", () => {
    const r = op("/api/health", "get").responses["503"]!;
    expect(Object.keys(r.content!).sort()).toEqual(["application/json", "application/problem+json"]);
  });

  it("leaves nothing untyped in a request or response body (but the OpenAPI document's own)", () => {
    const untyped: string[] = [];
    const walk = (s: unknown, where: string): void => {
      if (!s || typeof s !== "object") return;
      const o = s as Schema;
      if (Array.isArray(o)) {
        o.forEach((x, i) => walk(x, `${where}[${i}]`));
        return;
      }
      const keys = Object.keys(o).filter((k) => k !== "description" && k !== "default");
      if (!keys.length) untyped.push(where);
      for (const [k, v] of Object.entries(o)) if (k !== "enum" && k !== "default" && k !== "required") walk(v, `${where}.${k}`);
    };
    for (const [name, s] of Object.entries(doc.components.schemas as Record<string, Schema>)) if (name !== "OpenApiDocument") walk(s, name);
    expect(untyped).toEqual([]);
  });
});
