import { describe, expect, it } from "vitest";
import { scrubEvent, scrubString } from "./sentry-scrub";
import { routeName, shareOf, shouldReport, shouldTrace } from "./sentry";

const JWT = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiI3In0.c2lnbmF0dXJl";

describe("scrubEvent (Sentry beforeSend)", () => {
  const event = {
    event_id: "e1",
    message: `login failed for ana@example.com with password=hunter2 and Bearer ${JWT}`,
    request: {
      method: "POST",
      url: "https://api.pitchey.com/api/pitches?q=ana%40example.com&cursor=abc",
      query_string: "q=ana%40example.com",
      data: { email: "ana@example.com", password: "hunter2" },
      cookies: { session: "cookie-value" },
      headers: {
        authorization: `Bearer ${JWT}`,
        cookie: "session=cookie-value",
        "x-pitchey-identity": "v1.signed.mac",
        "content-type": "application/json",
        "user-agent": "test-agent",
        "x-request-id": "req-12345678",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      },
    },
    user: { id: "42", email: "ana@example.com", ip_address: "203.0.113.9", username: "ana" },
    exception: {
      values: [
        {
          type: "Error",
          value: `token ${JWT} rejected for ana@example.com`,
          stacktrace: { frames: [{ filename: "index.js", vars: { password: "hunter2" } }] },
        },
      ],
    },
    breadcrumbs: [{ message: "sent to ana@example.com", data: { authorization: "Bearer x", path: "/api" } }],
    extra: { body: { password: "hunter2", note: "call me: bob@example.org" }, apiKey: "k-123", count: 3 },
    contexts: { trace: { trace_id: "0af7651916cd43dd8448eb211c80319c", span_id: "b7ad6b7169203331" }, session: { token: "abc" } },
    tags: { request_id: "req-12345678", user_id: "42", user_email: "ana@example.com" },
  };

  it("leaves no body, token, password, email, cookie or Authorization anywhere", () => {
    const out = JSON.stringify(scrubEvent(event));
    for (const secret of ["hunter2", JWT, "ana@example.com", "bob@example.org", "cookie-value", "v1.signed.mac", "203.0.113.9", "k-123", "Bearer x"]) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out.toLowerCase()).not.toContain("authorization");
    expect(out.toLowerCase()).not.toContain("cookie");
  });

  it("keeps what debugging needs: ids, the path, harmless headers, the stack", () => {
    const out = scrubEvent(event);
    expect(out.user).toEqual({ id: "42" });
    expect(out.request).toEqual({
      method: "POST",
      url: "https://api.pitchey.com/api/pitches",
      headers: {
        "content-type": "application/json",
        "user-agent": "test-agent",
        "x-request-id": "req-12345678",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      },
    });
    expect(out.tags).toEqual({ request_id: "req-12345678", user_id: "42" });
    expect(out.contexts).toEqual({ trace: event.contexts.trace });
    expect(out.exception.values[0]!.stacktrace!.frames).toEqual([{ filename: "index.js" }]);
    expect(out.extra).toEqual({ body: { note: "call me: [email]" }, count: 3 });
    expect(out.message).toBe("login failed for [email] with password=[redacted] and Bearer [token]");
    expect(out.exception.values[0]!.value).toBe("token [token] rejected for [email]");
  });

  it("scrubs strings without touching ordinary text", () => {
    expect(scrubString("pitch@stable answered 503 for req-1")).toBe("pitch@stable answered 503 for req-1");
    expect(scrubString('{"password":"x1","name":"A"}')).toBe('{"password":"[redacted]","name":"A"}');
  });
});

describe("sampling", () => {
  it("reports nothing without a DSN, and SENTRY_SAMPLE_RATE's share with one", () => {
    expect(shouldReport({}, 0)).toBe(false);
    const dsn = "https://k@o1.ingest.sentry.io/1";
    expect(shouldReport({ SENTRY_DSN: dsn }, 0.999)).toBe(true);
    expect(shouldReport({ SENTRY_DSN: dsn, SENTRY_SAMPLE_RATE: "0.25" }, 0.2)).toBe(true);
    expect(shouldReport({ SENTRY_DSN: dsn, SENTRY_SAMPLE_RATE: "0.25" }, 0.3)).toBe(false);
    expect(shouldReport({ SENTRY_DSN: dsn, SENTRY_SAMPLE_RATE: "0" }, 0)).toBe(false);
  });

  it("traces no request unless SENTRY_TRACES_SAMPLE_RATE says so", () => {
    const dsn = "https://k@o1.ingest.sentry.io/1";
    expect(shouldTrace({ SENTRY_DSN: dsn }, 0)).toBe(false);
    expect(shouldTrace({ SENTRY_TRACES_SAMPLE_RATE: "1" }, 0)).toBe(false);
    expect(shouldTrace({ SENTRY_DSN: dsn, SENTRY_TRACES_SAMPLE_RATE: "0.1" }, 0.05)).toBe(true);
    expect(shouldTrace({ SENTRY_DSN: dsn, SENTRY_TRACES_SAMPLE_RATE: "0.1" }, 0.5)).toBe(false);
  });

  it("names a transaction by its route: ids become :id", () => {
    expect(routeName("/api/pitches/123/nda")).toBe("/api/pitches/:id/nda");
    expect(routeName("/api/ndas/9/approve")).toBe("/api/ndas/:id/approve");
    expect(routeName("/api/auth/sessions/0f8fad5b-d9cb-469f-a165-70867728950e")).toBe("/api/auth/sessions/:id");
    expect(routeName("/api/pitches/mine")).toBe("/api/pitches/mine");
  });

  it("reads a share as 0–1 and falls back on anything else", () => {
    expect(shareOf("0.5", 1)).toBe(0.5);
    expect(shareOf("7", 1)).toBe(1);
    expect(shareOf("-1", 1)).toBe(0);
    expect(shareOf("", 0.3)).toBe(0.3);
    expect(shareOf("half", 0.3)).toBe(0.3);
    expect(shareOf(undefined, 1)).toBe(1);
  });
});
