// The served OpenAPI document is the one the declarations build, and the contract check that every
// test's answers go through (contract.ts) refuses what the document does not describe.
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "@pitchey/contracts/openapi";
import { call } from "./helpers";
import { checkAnswer, servedDocument } from "./contract";

const BASE = "http://127.0.0.1:8787";

describe("the API contract", () => {
  it("serves exactly the document the route declarations build, for the deployed version", async () => {
    const r = await call("GET", "/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.json.info.version).toBe("test");
    expect(r.json).toEqual(JSON.parse(JSON.stringify(buildOpenApi("test"))));
  });

  it("refuses an answer the document does not describe: an undocumented status, a missing header, a body off its schema", async () => {
    await servedDocument();
    const h = (more: Record<string, string> = {}) => new Headers({ "x-request-id": "req-00000001", "content-type": "application/json", ...more });
    const pitch = (await call("GET", "/api/pitches?limit=1")).json.data[0];
    const ok = JSON.stringify({ data: pitch, meta: { requestId: "r" } });
    await expect(checkAnswer("GET", `${BASE}/api/pitches/1`, 200, h({ etag: '"x"', "pitchey-version": "v" }), ok)).resolves.toBeUndefined();
    await expect(checkAnswer("GET", `${BASE}/api/pitches/1`, 418, h({ etag: '"x"', "pitchey-version": "v" }), ok)).rejects.toThrow(/does not document 418/);
    await expect(checkAnswer("GET", `${BASE}/api/pitches/1`, 200, h({ "pitchey-version": "v" }), ok)).rejects.toThrow(/ETag is missing/);
    const extra = JSON.stringify({ data: { ...pitch, secret: "x" }, meta: { requestId: "r" } });
    await expect(checkAnswer("GET", `${BASE}/api/pitches/1`, 200, h({ etag: '"x"', "pitchey-version": "v" }), extra)).rejects.toThrow(/does not match/);
    const wrongCode = JSON.stringify({ type: "t", title: "t", status: 404, detail: "d", instance: "/", code: "CONFLICT", requestId: "r" });
    await expect(
      checkAnswer("GET", `${BASE}/api/pitches/1`, 404, h({ "content-type": "application/problem+json", "pitchey-version": "v" }), wrongCode),
    ).rejects.toThrow(/does not match/);
  });
});
