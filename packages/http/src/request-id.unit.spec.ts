import { describe, expect, it } from "vitest";
import { requestIdFrom, traceparentFrom } from "./request-id";

const headers = (h: Record<string, string>) => new Headers(h);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it("keeps a well-formed X-Request-Id", () => {
    for (const id of ["abcdefgh", "req_0123.4567:89-ab", "x".repeat(128), "0f8fad5b-d9cb-469f-a165-70867728950e"]) {
      expect(requestIdFrom(headers({ "x-request-id": id }))).toBe(id);
    }
  });

  it("replaces a missing, short, long or unsafe one with a fresh UUID", () => {
    const seen = new Set<string>();
    for (const id of [undefined, "", "short", "x".repeat(129), "has space in it", "new\\nline-header", "<script>alert</script>", "ünïcødé-id"]) {
      const got = requestIdFrom(headers(id === undefined ? {} : { "x-request-id": id }));
      expect(got, String(id)).toMatch(UUID);
      seen.add(got);
    }
    expect(seen.size).toBe(8);
  });
});

describe("traceparentFrom", () => {
  const TP = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

  it("keeps the caller's trace id and flags, and starts a new span", () => {
    const given = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const got = traceparentFrom(headers({ traceparent: given }));
    const m = TP.exec(got)!;
    expect(m[1]).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(m[2]).not.toBe("00f067aa0ba902b7");
    expect(m[3]).toBe("01");
  });

  it("starts a new trace for a missing, malformed or all-zero trace id", () => {
    for (const tp of [undefined, "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`]) {
      const got = traceparentFrom(headers(tp === undefined ? {} : { traceparent: tp }));
      const m = TP.exec(got);
      expect(m, String(tp)).not.toBeNull();
      expect(m![1]).not.toBe("0".repeat(32));
      expect(tp ?? "").not.toContain(m![1]);
    }
  });

  it("never repeats a trace or span id, across the random pool's refills", () => {
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const m = TP.exec(traceparentFrom(headers({})))!;
      traces.add(m[1]!);
      spans.add(m[2]!);
    }
    expect(traces.size).toBe(1000);
    expect(spans.size).toBe(1000);
  });
});
