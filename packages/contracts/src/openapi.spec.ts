// The generated document describes what the routes really answer, beyond the main status.
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";

type Op = {
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
};
const doc = buildOpenApi("test") as { paths: Record<string, Record<string, Op>> };
const op = (path: string, method: string) => doc.paths[path]![method]!;
const problemRef = { $ref: "#/components/schemas/Problem" };

describe("OpenAPI document", () => {
  it("says POST /api/investor/watchlist answers 201 for a new entry and 200, same body, when it is already there", () => {
    const { responses } = op("/api/investor/watchlist", "post");
    expect(Object.keys(responses).sort()).toEqual(["200", "201", "default"]);
    expect(responses["200"]!.content).toEqual(responses["201"]!.content);
    expect(responses["200"]!.content!["application/json"]).toBeDefined();
    expect(responses["200"]!.description).toMatch(/already/i);
  });

  it("documents the optional Idempotency-Key of POST /api/investor/investments, its conflicts and the replay header", () => {
    const { parameters, responses } = op("/api/investor/investments", "post");
    const key = parameters.find((p) => p.name === "Idempotency-Key");
    expect(key).toMatchObject({ in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 255 } });
    expect(responses["201"]!.headers).toHaveProperty("Idempotent-Replayed");
    expect(responses["201"]!.headers).toHaveProperty("Location");
    for (const status of ["409", "422"]) expect(responses[status]!.content!["application/problem+json"]!.schema).toEqual(problemRef);
    expect(responses["409"]!.description).toContain("IDEMPOTENCY_IN_PROGRESS");
    expect(responses["422"]!.description).toContain("IDEMPOTENCY_KEY_REUSED");
  });

  it("says POST /api/pitches/:id/views answers 202 with {data:{pitchId, accepted}}", () => {
    const { responses } = op("/api/pitches/{id}/views", "post");
    const schema = responses["202"]!.content!["application/json"]!.schema as { properties: { data: { properties: Record<string, unknown>; required: string[] } } };
    expect(Object.keys(schema.properties.data.properties).sort()).toEqual(["accepted", "pitchId"]);
    expect(schema.properties.data.required.sort()).toEqual(["accepted", "pitchId"]);
  });

  it("adds nothing to routes that describe no extras", () => {
    const { parameters, responses } = op("/api/investor/investments/{id}", "get");
    expect(Object.keys(responses).sort()).toEqual(["200", "default"]);
    expect(parameters.map((p) => p.in)).toEqual(["path"]);
  });
});
