// Sentry end to end: an unhandled error in a pitch route (the fault switch's `crash`: a plain Error
// thrown before routing, as a bug would) reaches the stand-ins' Sentry sink through the real SDK,
// with the release, environment, request id, trace id and user id, and without any secret or
// personal field the request carried (bearer token, cookie, body, password, email).
import { afterAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { fault } from "./canary.helpers";
import { eventually, newTraceparent, sentryEnvelopes } from "./sinks";

/** The pitch Worker re-reads the fault switch at most this often (data package canary/faults.ts). */
const settle = () => new Promise((r) => setTimeout(r, 700));

afterAll(async () => {
  await fault("pitch", "stable", null);
  await fault("gateway", "stable", null);
  await settle();
});

describe("Sentry", () => {
  it("gets an unhandled error of a pitch route with release, trace and request id, and nothing secret", async () => {
    const creator = await signUp("creator");
    await fault("pitch", "stable", { crash: 1 });
    await settle();
    const { traceparent, traceId } = newTraceparent();
    const requestId = `sentry-test-${crypto.randomUUID()}`;
    const cookie = `session=${crypto.randomUUID()}`;
    const body = { title: "Will not be stored", contactEmail: creator.email, password: creator.password };
    const r = await call("POST", "/api/pitches", { token: creator.accessToken, body, headers: { "x-request-id": requestId, traceparent, cookie } });
    // The client sees the gateway's clean 503 (a service's failure is not its bug); Sentry gets the bug.
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId });

    const envelope = await eventually("the Sentry envelope", async () =>
      (await sentryEnvelopes()).find((e) => e.items.some((i) => (i.payload as { tags?: Record<string, string> }).tags?.request_id === requestId)),
    );
    const event = envelope.items.find((i) => i.header.type === "event")!.payload as any;
    expect(event.release).toBe("test");
    expect(event.environment).toBe("test");
    expect(event.tags).toMatchObject({ service: "pitch", arm: "stable", request_id: requestId, trace_id: traceId, user_id: creator.user.id });
    expect(event.contexts.trace.trace_id).toBe(traceId);
    expect(envelope.header.trace).toMatchObject({ trace_id: traceId });
    expect(event.user).toEqual({ id: creator.user.id });
    expect(event.exception.values[0]).toMatchObject({ type: "Error", value: expect.stringContaining("Injected crash in pitch") });
    expect(event.exception.values[0].stacktrace.frames.length).toBeGreaterThan(0);
    expect(event.request).toMatchObject({ method: "POST", url: expect.stringMatching(/\/api\/pitches$/) });
    expect(event.request.headers).toMatchObject({ "x-request-id": requestId });

    // Nothing the request carried that is secret or personal, anywhere in what was sent.
    for (const secret of [creator.accessToken, creator.password, creator.email, cookie, "Will not be stored", "x-pitchey-identity"]) {
      expect(envelope.raw, secret).not.toContain(secret);
    }
    expect(envelope.raw.toLowerCase()).not.toMatch(/authorization|"cookie"|bearer/);
  });

  it("gets an unhandled error of the gateway itself, relayed by the health Worker (the gateway bundles no SDK)", async () => {
    const investor = await signUp("investor");
    await fault("gateway", "stable", { crash: 1 });
    await settle();
    const { traceparent, traceId } = newTraceparent();
    const requestId = `sentry-gw-${crypto.randomUUID()}`;
    const cookie = `session=${crypto.randomUUID()}`;
    try {
      const r = await call("GET", "/api/auth/me", { token: investor.accessToken, headers: { "x-request-id": requestId, traceparent, cookie } });
      expect(r.status).toBe(500);
      expect(r.json).toMatchObject({ code: "INTERNAL", requestId });
    } finally {
      await fault("gateway", "stable", null);
    }
    const envelope = await eventually("the gateway's Sentry envelope", async () =>
      (await sentryEnvelopes()).find((e) => e.items.some((i) => (i.payload as { tags?: Record<string, string> }).tags?.request_id === requestId)),
    );
    const event = envelope.items.find((i) => i.header.type === "event")!.payload as any;
    expect(event.release).toBe("test");
    // The gateway knows no user here: the crash comes before the token is read.
    expect(event.tags).toMatchObject({ service: "gateway", arm: "stable", request_id: requestId, trace_id: traceId });
    expect(event.contexts.trace.trace_id).toBe(traceId);
    expect(event.exception.values[0]).toMatchObject({ type: "Error", value: expect.stringContaining("Injected crash in gateway") });
    // The stack crossed RPC and was parsed by the health Worker's SDK.
    expect(event.exception.values[0].stacktrace.frames.length).toBeGreaterThan(0);
    expect(event.request).toMatchObject({ method: "GET", url: expect.stringMatching(/\/api\/auth\/me$/) });
    for (const secret of [investor.accessToken, cookie, "x-pitchey-identity"]) expect(envelope.raw, secret).not.toContain(secret);
    expect(envelope.raw.toLowerCase()).not.toMatch(/authorization|"cookie"|bearer/);
  });

  it("sends nothing for a handled failure (an HttpError answer: here the fault switch's 500)", async () => {
    // Handled failures first, then one crash: once the crash's report is in, the handled ones' would
    // be too, had they been sent.
    await fault("pitch", "stable", { error: 1 });
    await settle();
    const handled = [1, 2, 3].map((i) => `sentry-handled-${i}-${crypto.randomUUID()}`);
    for (const id of handled) expect((await call("GET", "/api/pitches", { headers: { "x-request-id": id } })).status).toBe(503);
    await fault("pitch", "stable", { crash: 1 });
    await settle();
    const crashed = `sentry-crashed-${crypto.randomUUID()}`;
    expect((await call("GET", "/api/pitches", { headers: { "x-request-id": crashed } })).status).toBe(503);
    const sent = await eventually("the crash's report", async () => {
      const raw = JSON.stringify(await sentryEnvelopes());
      return raw.includes(crashed) ? raw : undefined;
    });
    for (const id of handled) expect(sent).not.toContain(id);
  });
});
