import { afterEach, describe, expect, it, vi } from "vitest";
import type { CallTrace } from "@pitchey/contracts";
import { callWorker, fetchWorker } from "./call";
import { createContext, rpcContext } from "./context";
import { HttpError } from "./problem";
import { serveRpc } from "./rpc";

const ctx = { waitUntil: () => {}, passThroughOnException: () => {} } as unknown as ExecutionContext;
const TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const rcFor = () =>
  createContext(
    "gateway",
    new Request("http://x/api/pitches", { headers: { "x-request-id": "req-abcdef12", traceparent: TRACE } }),
    { LOG_LEVEL: "error" },
    ctx,
  );

afterEach(() => vi.restoreAllMocks());

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("callWorker", () => {
  it("hands the callee this request's id and trace, and times the call into Server-Timing", async () => {
    const rc = rcFor();
    let seen: CallTrace | undefined;
    const out = await callWorker(rc, { service: "auth", label: "auth.getUsers", deadlineMs: 1_000 }, async (trace) => ((seen = trace), 7));
    expect(out).toBe(7);
    expect(seen).toEqual({ requestId: "req-abcdef12", traceparent: rc.traceparent });
    expect(seen!.traceparent.split("-")[1]).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(rc.timing.header()).toMatch(/^call;dur=[0-9.]+;desc="auth.getUsers"$/);
  });

  it("answers 504 SERVICE_TIMEOUT when the deadline passes, aborts the attempt and does not retry it", async () => {
    const rc = rcFor();
    let tries = 0;
    let aborted = false;
    const err = await failure(
      callWorker(rc, { service: "pitch", deadlineMs: 20, attempts: 2 }, (_t, signal) => {
        tries++;
        signal.addEventListener("abort", () => (aborted = true));
        return new Promise(() => {});
      }),
    );
    expect(err).toMatchObject({ status: 504, code: "SERVICE_TIMEOUT" });
    expect(err.extra.headers).toMatchObject({ "retry-after": "5" });
    expect(tries).toBe(1);
    expect(aborted).toBe(true);
  });

  it("answers 503 SERVICE_UNAVAILABLE when every attempt fails, and tells onAttempt each outcome", async () => {
    const outcomes: boolean[] = [];
    const err = await failure(
      callWorker(rcFor(), { service: "pitch", deadlineMs: 1_000, attempts: 2, onAttempt: (ok) => outcomes.push(ok) }, () =>
        Promise.reject(new Error("network lost")),
      ),
    );
    expect(err).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", message: "The pitch service is unavailable; try again shortly." });
    expect(outcomes).toEqual([false, false]);
  });

  it("retries a failed attempt when allowed, and returns the answer of the one that worked", async () => {
    let tries = 0;
    const outcomes: boolean[] = [];
    const out = await callWorker(rcFor(), { service: "pitch", deadlineMs: 1_000, attempts: 2, onAttempt: (ok) => outcomes.push(ok) }, async () => {
      if (++tries === 1) throw new Error("reset");
      return "second";
    });
    expect(out).toBe("second");
    expect(outcomes).toEqual([false, true]);
  });
});

describe("fetchWorker", () => {
  it("sets x-request-id and traceparent on every attempt's request", async () => {
    const rc = rcFor();
    const seen: Request[] = [];
    const binding = { fetch: async (req: Request) => (seen.push(req), new Response("ok")) } as unknown as Fetcher;
    const res = await fetchWorker(rc, binding, () => new Request("http://pitch/api/pitches", { headers: { "x-request-id": "forged-by-client" } }), {
      service: "pitch",
      label: "pitch@stable",
      deadlineMs: 1_000,
    });
    expect(await res.text()).toBe("ok");
    expect(seen[0]!.headers.get("x-request-id")).toBe("req-abcdef12");
    expect(seen[0]!.headers.get("traceparent")).toBe(rc.traceparent);
  });
});

describe("fetchWorker's deadline", () => {
  it("aborts a hanging binding fetch when the deadline passes: 504, not retried", async () => {
    const rc = rcFor();
    let tries = 0;
    // As workerd's service binding does: the fetch rejects when its signal aborts.
    const binding = {
      fetch: (_req: Request, init?: RequestInit) => {
        tries++;
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
      },
    } as unknown as Fetcher;
    const err = await failure(fetchWorker(rc, binding, () => new Request("http://pitch/x"), { service: "pitch", deadlineMs: 20, attempts: 2 }));
    expect(err).toMatchObject({ status: 504, code: "SERVICE_TIMEOUT" });
    expect(tries).toBe(1);
  });

  it("leaves an answer that started in time alone: its body is not aborted when the deadline passes later", async () => {
    const rc = rcFor();
    let signal: AbortSignal | undefined;
    const binding = {
      fetch: async (_req: Request, init?: RequestInit) => ((signal = init?.signal ?? undefined), new Response("a body read slowly")),
    } as unknown as Fetcher;
    const res = await fetchWorker(rc, binding, () => new Request("http://pitch/x"), { service: "pitch", deadlineMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    expect(signal?.aborted).toBe(false);
    expect(await res.text()).toBe("a body read slowly");
  });

  it("retries a binding that failed at once, and answers 503 when none answers", async () => {
    const rc = rcFor();
    let tries = 0;
    const binding = { fetch: async () => (tries++, Promise.reject(new Error("connection reset"))) } as unknown as Fetcher;
    const err = await failure(fetchWorker(rc, binding, () => new Request("http://pitch/x"), { service: "pitch", deadlineMs: 1_000, attempts: 2 }));
    expect(err).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    expect(tries).toBe(2);
  });
});

describe("the callee's side of RPC", () => {
  it("keeps the caller's request id and trace id, with a span of its own", async () => {
    const rc = await rpcContext("auth", "getUsers", { LOG_LEVEL: "error" }, ctx, { requestId: "req-abcdef12", traceparent: TRACE });
    expect(rc.requestId).toBe("req-abcdef12");
    expect(rc.traceparent.split("-")[1]).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(rc.traceparent.split("-")[2]).not.toBe("b7ad6b7169203331");
  });

  it("starts a new id when the caller sent none (a caller of the previous release) or sent garbage", async () => {
    for (const trace of [undefined, null, "x", { requestId: "no spaces allowed", traceparent: "00-zz" }]) {
      const rc = await rpcContext("auth", "getUsers", { LOG_LEVEL: "error" }, ctx, trace);
      expect(rc.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(rc.traceparent).not.toContain("0af7651916cd43dd8448eb211c80319c");
    }
  });

  it("writes one log line per call, with the caller's request id and trace id", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((l: string) => void lines.push(l));
    const out = await serveRpc("auth", "getUsers", { LOG_LEVEL: "info" }, ctx, { requestId: "req-abcdef12", traceparent: TRACE }, async () => [1, 2]);
    expect(out).toEqual([1, 2]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        msg: "rpc",
        rpc: "auth.getUsers",
        outcome: "ok",
        service: "auth",
        requestId: "req-abcdef12",
        traceId: "0af7651916cd43dd8448eb211c80319c",
      }),
    ]);
  });

  it("logs a failed call as an error and throws the error on to the caller", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((l: string) => void lines.push(l));
    await expect(serveRpc("auth", "getUsers", { LOG_LEVEL: "info" }, ctx, undefined, async () => Promise.reject(new TypeError("bad ids")))).rejects.toThrow(
      "bad ids",
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "rpc failed", rpc: "auth.getUsers", outcome: "error", err: { name: "TypeError", message: "bad ids" } });
  });
});
