// A declared operation's input is checked before its handler runs: who (401/403 from the route's
// access), which (a malformed id is not found), how (Idempotency-Key) and what (query, body).
import { describe, expect, it } from "vitest";
import * as z from "zod";
import type { OperationSpec } from "@pitchey/contracts";
import { createContext } from "./context";
import type { Caller } from "./identity";
import { inputOf } from "./operation-app";
import type { HttpError } from "./problem";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
const investor: Caller = { user: { sub: "5", role: "investor", sid: "s" }, client: "c" };
const creator: Caller = { user: { sub: "6", role: "creator", sid: "s" }, client: "c" };

async function input(
  id: Parameters<typeof inputOf>[0],
  spec: Partial<OperationSpec>,
  url: string,
  o: { caller?: Caller; params?: Record<string, string>; init?: RequestInit } = {},
) {
  const request = Object.assign(new Request(url, o.init), { params: o.params ?? {} });
  const rc = createContext("test", request, { LOG_LEVEL: "error" }, ctx, o.caller ?? null);
  return inputOf(id, { tag: "pitches", summary: "", responses: {}, ...spec } as OperationSpec, request, rc);
}
const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: HttpError) => `${e.status} ${e.code}`,
  );

describe("inputOf", () => {
  it("refuses callers the route's access does not allow: 401 anonymous, 403 another role", async () => {
    expect(await status(input("getInvestment", {}, "https://x.test/api/investor/investments/1", { params: { id: "1" } }))).toBe("401 UNAUTHENTICATED");
    expect(await status(input("getInvestment", {}, "https://x.test/api/investor/investments/1", { caller: creator, params: { id: "1" } }))).toBe(
      "403 FORBIDDEN",
    );
    expect(await status(input("getInvestment", {}, "https://x.test/api/investor/investments/1", { caller: investor, params: { id: "1" } }))).toBe(200);
    expect(await status(input("getPitch", {}, "https://x.test/api/pitches/1", { params: { id: "1" } }))).toBe(200);
  });

  it("answers a malformed id as not found, before reading anything else", async () => {
    for (const id of ["abc", "0", "-1", "1.5", "1".repeat(19)]) {
      expect(await status(input("getPitch", { query: z.strictObject({}) }, "https://x.test/api/pitches/x?bad=1", { params: { id } })), id).toBe(
        "404 NOT_FOUND",
      );
    }
  });

  it("checks the query and the body against the spec's schemas", async () => {
    const query = z.strictObject({ limit: z.string().regex(/^\d+$/).optional() });
    expect(await status(input("listPitches", { query }, "https://x.test/api/pitches?limit=x"))).toBe("400 VALIDATION_FAILED");
    expect((await input("listPitches", { query }, "https://x.test/api/pitches?limit=5")).query).toEqual({ limit: "5" });
    const body = z.strictObject({ title: z.string() });
    const post = (text: string) => ({ caller: creator, init: { method: "POST", body: text, headers: { "content-type": "application/json" } } });
    expect(await status(input("createPitch", { body }, "https://x.test/api/pitches", post("{")))).toBe("400 MALFORMED_JSON");
    expect((await input("createPitch", { body }, "https://x.test/api/pitches", post('{"title":"t"}'))).body).toEqual({ title: "t" });
  });

  it("reads Idempotency-Key where the route creates, refusing a malformed one with 400 naming it", async () => {
    const post = (key?: string) => ({
      caller: creator,
      init: { method: "POST", headers: key === undefined ? new Headers() : new Headers({ "idempotency-key": key }) },
    });
    expect((await input("createPitch", {}, "https://x.test/api/pitches", post("k-1"))).idempotencyKey).toBe("k-1");
    expect((await input("createPitch", {}, "https://x.test/api/pitches", post())).idempotencyKey).toBeNull();
    const bad = await input("createPitch", {}, "https://x.test/api/pitches", post("has space")).catch((e: HttpError) => e);
    expect(bad).toMatchObject({ status: 400, code: "VALIDATION_FAILED", extra: { errors: [{ path: "Idempotency-Key" }] } });
    // Elsewhere the header means nothing.
    expect((await input("publishPitch", {}, "https://x.test/api/pitches/1/publish", { ...post("k"), params: { id: "1" } })).idempotencyKey).toBeNull();
  });

  it("passes If-Match through on conditional routes only", async () => {
    const init = { method: "PATCH", headers: { "if-match": '"abc"' } };
    expect((await input("updatePitch", {}, "https://x.test/api/pitches/1", { caller: creator, params: { id: "1" }, init })).ifMatch).toBe('"abc"');
    expect((await input("publishPitch", {}, "https://x.test/api/pitches/1/publish", { caller: creator, params: { id: "1" }, init })).ifMatch).toBeNull();
  });
});
