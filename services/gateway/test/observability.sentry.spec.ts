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
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: "INTERNAL", requestId });

    const envelope = await eventually("the Sentry envelope", async () =>
      (await sentryEnvelopes()).find((e) => e.items.some((i) => (i.payload as { tags?: Record<string, string> }).tags?.request_id === requestId)));
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

  it("sends nothing for a handled failure (an HttpError answer: here the fault switch's 500)", async () => {
    // Every request fails: every other one handled (error, checked first), the rest unhandled (crash).
    await fault("pitch", "stable", { error: 0.5, crash: 1 });
    await settle();
    const ids = [1, 2, 3, 4].map((i) => `sentry-mixed-${i}-${crypto.randomUUID()}`);
    const answers: Awaited<ReturnType<typeof call>>[] = [];
    for (const id of ids) answers.push(await call("GET", "/api/pitches", { headers: { "x-request-id": id } }));
    expect(answers.map((a) => a.status)).toEqual([500, 500, 500, 500]);
    const crashed = ids.filter((_, i) => answers[i]!.json.detail.startsWith("Something went wrong"));
    const handled = ids.filter((id) => !crashed.includes(id));
    expect(crashed).toHaveLength(2);
    // Once the crashes' reports are in, the handled failures' would be too, had they been sent.
    const sent = await eventually("both crash reports", async () => {
      const raw = JSON.stringify(await sentryEnvelopes());
      return crashed.every((id) => raw.includes(id)) ? raw : undefined;
    });
    for (const id of handled) expect(sent).not.toContain(id);
  });
});
