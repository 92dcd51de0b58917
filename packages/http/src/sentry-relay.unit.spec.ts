// What leaves a Worker for the health Worker's Sentry SDK (sentry-relay.ts, sentry.ts reportOf): no
// secret header, no query, no value of a thrown non-Error, and never a throw in the request's path.
import { afterEach, describe, expect, it } from "vitest";
import type { ErrorReport } from "@pitchey/contracts";
import { plainError, relaySentry } from "./sentry-relay";
import { reportError, useSentry, type SentrySender } from "./sentry";
import { scrubEvent } from "./sentry-scrub";

afterEach(() => useSentry(() => null));

describe("the Sentry relay", () => {
  it("sends a report with the path and harmless headers only: no token, cookie, identity or query", async () => {
    const sent: ErrorReport[] = [];
    const deferred: Promise<unknown>[] = [];
    useSentry(() => ({ error: async (r) => void sent.push(r), transaction: async () => {} }) satisfies SentrySender);
    const request = new Request("https://api.example/api/pitches/7?q=alex@example.com&token=abc", {
      headers: {
        authorization: "Bearer eyJhbGciOi.eyJzdWIi.sig",
        cookie: "session=s3cret",
        "x-pitchey-identity": "signed",
        "x-request-id": "rid-1",
        "user-agent": "test",
      },
    });
    const rc = {
      env: { SENTRY_DSN: "https://k@sentry.example/1" },
      traceparent: `00-${"a".repeat(32)}-${"b".repeat(16)}-01`,
      request,
      version: "v1",
      service: "pitch",
      requestId: "rid-1",
      user: { sub: "42" },
      defer: (p: Promise<unknown>) => deferred.push(p),
    };
    reportError(rc as never, new Error("boom"));
    await Promise.all(deferred);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request).toEqual({ method: "GET", url: "https://api.example/api/pitches/7", headers: { "user-agent": "test", "x-request-id": "rid-1" } });
    expect(JSON.stringify(sent[0])).not.toMatch(/Bearer|s3cret|signed|alex@|token=abc/);
  });

  it("sends no value of a thrown object that is not an Error: its key names only", () => {
    const thrown = plainError({ refreshToken: "rt-secret", sessionId: "sid-1", detail: "mail bob@example.com" });
    expect(thrown.message).not.toMatch(/rt-secret|sid-1|bob@/);
    expect(thrown.message).toMatch(/keys: refreshToken, sessionId, detail/);
    // An Error's message and stack go as they are: health's beforeSend scrubs them (sentry-scrub.unit.spec.ts).
    expect(plainError(new Error("boom")).message).toBe("boom");
  });

  it("never throws, whatever was thrown or however health fails", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(plainError(circular).message).toMatch(/keys: self/);
    expect(plainError({ n: 1n }).message).toMatch(/keys: n/);
    expect(plainError(null).message).toMatch(/null/);
    const broken = relaySentry({
      relayError: () => {
        throw new Error("health is down");
      },
      relayTransaction: () => {
        throw new Error("health is down");
      },
    });
    await expect(broken.error({} as ErrorReport, new Error("x"))).rejects.toThrow("health is down");
  });

  it("scrubs a transaction's name and its spans (a 404's path is the client's text)", () => {
    const e = scrubEvent({ transaction: "GET /api/x/alex@example.com", spans: [{ description: "Bearer abc" }, { op: "db" }] });
    expect(e.transaction).toMatch(/^GET .*\[email\]$/);
    expect(e.transaction).not.toContain("alex@");
    expect(e.spans).toEqual([{ description: "Bearer [token]" }, { op: "db" }]);
  });
});
