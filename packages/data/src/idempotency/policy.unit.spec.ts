import { describe, expect, it } from "vitest";
import { canonicalJson, decide, fingerprint, type KeyRecord } from "./policy";

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it("keeps strings exact", () => {
    expect(canonicalJson({ note: 'a "quoted" \u00e9' })).toBe(JSON.stringify({ note: 'a "quoted" \u00e9' }));
  });
});

describe("fingerprint", () => {
  const body = { pitchId: "12", amountCents: 5000, currency: "USD", note: null };

  it("is a sha-256 hex digest, independent of key order", async () => {
    const a = await fingerprint("POST", "/api/investor/investments", body);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprint("post", "/api/investor/investments", { note: null, currency: "USD", amountCents: 5000, pitchId: "12" })).toBe(a);
  });

  it("changes with any field, the method or the path", async () => {
    const a = await fingerprint("POST", "/api/investor/investments", body);
    const others = await Promise.all([
      fingerprint("POST", "/api/investor/investments", { ...body, amountCents: 5001 }),
      fingerprint("POST", "/api/investor/investments", { ...body, currency: "EUR" }),
      fingerprint("POST", "/api/investor/investments", { ...body, pitchId: "13" }),
      fingerprint("POST", "/api/investor/investments", { ...body, note: "x" }),
      fingerprint("PUT", "/api/investor/investments", body),
      fingerprint("POST", "/api/investor/watchlist", body),
    ]);
    expect(new Set([a, ...others]).size).toBe(others.length + 1);
  });
});

describe("decide", () => {
  const rec = (over: Partial<KeyRecord> = {}): KeyRecord => ({
    fingerprint: "f1",
    responseStatus: null,
    responseBody: null,
    requestId: null,
    expired: false,
    ...over,
  });

  it("replays a finished request with the same body", () => {
    expect(decide(rec({ responseStatus: 201, responseBody: "{}", requestId: "r1" }), "f1")).toBe("replay");
  });

  it("says in progress while the first request has no response yet", () => {
    expect(decide(rec(), "f1")).toBe("in_progress");
  });

  it("refuses another body, finished or not", () => {
    expect(decide(rec(), "f2")).toBe("reused");
    expect(decide(rec({ responseStatus: 201, responseBody: "{}", requestId: "r1" }), "f2")).toBe("reused");
  });

  it("treats an expired record as absent, whatever its body", () => {
    expect(decide(rec({ expired: true }), "f2")).toBe("expired");
    expect(decide(rec({ expired: true, responseStatus: 201, responseBody: "{}" }), "f1")).toBe("expired");
  });
});
