// Calling another Worker — over an HTTP service binding or RPC — the one way every service does it:
// the request's id and trace go along (headers over HTTP, contracts' CallTrace as the last RPC
// argument), each attempt has a deadline, the call is timed into Server-Timing (`call;desc=<label>`),
// and a failure becomes the caller's problem+json: 504 SERVICE_TIMEOUT when the deadline passed, 503
// SERVICE_UNAVAILABLE otherwise. A caller that can do without the answer catches that HttpError.
//
// @example
//   const users = await callWorker(rc, { service: "auth", label: "auth.getUsers", deadlineMs: 2_000 },
//     (trace) => rc.env.AUTH.getUsers(ids, trace));
//   const res = await fetchWorker(rc, env.PITCH, () => new Request(url, init), { service: "pitch", deadlineMs: 10_000, attempts: 2 });
import type { CallTrace } from "@pitchey/contracts";
import type { RequestContext } from "./context";
import { HttpError } from "./problem";

export interface CallOptions {
  /** The service called ("pitch"): named in the 503/504 detail. */
  service: string;
  /** What is called, for Server-Timing's desc and the log: "auth.getUsers", "pitch@canary". Default: service. */
  label?: string;
  /** How long one attempt may take before it is abandoned (an HTTP call is aborted). */
  deadlineMs: number;
  /** Attempts, for calls that are safe to repeat (default 1). A timed-out attempt is never repeated:
   *  the budget is spent. */
  attempts?: number;
  /** Told whether each attempt answered (the gateway's circuit breaker). */
  onAttempt?: (ok: boolean) => void;
}

/** The trace a call carries: this request's id, and its traceparent (this hop's span as the parent). */
export const traceOf = (rc: RequestContext<any>): CallTrace => ({ requestId: rc.requestId, traceparent: rc.traceparent });

class Timeout extends Error {}

/** The attempts, their timing into Server-Timing, and the caller's 503/504: what every call shares.
 *  `once` makes one attempt and throws Timeout when its deadline passed. */
async function attempts<T>(rc: RequestContext<any>, o: CallOptions, once: (trace: CallTrace) => Promise<T>): Promise<T> {
  const label = o.label ?? o.service;
  const n = Math.max(1, o.attempts ?? 1);
  const trace = traceOf(rc);
  const t0 = performance.now();
  let last: unknown;
  let timedOut = false;
  try {
    for (let i = 0; i < n && !timedOut; i++) {
      try {
        const out = await once(trace);
        o.onAttempt?.(true);
        return out;
      } catch (err) {
        last = err;
        timedOut = err instanceof Timeout;
        o.onAttempt?.(false);
      }
    }
  } finally {
    rc.timing.add("call", performance.now() - t0, label);
  }
  rc.log.warn("call failed", { callee: label, timedOut, attempts: n, err: last });
  if (timedOut) {
    throw new HttpError(504, "SERVICE_TIMEOUT", `The ${o.service} service did not answer in ${o.deadlineMs} ms.`, { headers: { "retry-after": "5" } });
  }
  throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${o.service} service is unavailable; try again shortly.`, { headers: { "retry-after": "5" } });
}

export function callWorker<T>(rc: RequestContext<any>, o: CallOptions, attempt: (trace: CallTrace, signal: AbortSignal) => Promise<T>): Promise<T> {
  const label = o.label ?? o.service;
  return attempts(rc, o, async (trace) => {
    // The deadline races the attempt (an RPC call takes no signal); the signal aborts an HTTP call and
    // tells the callee's work, where it listens, that nobody waits any more.
    const abort = new AbortController();
    let fired = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        fired = true;
        abort.abort();
        reject(new Timeout(`${label}: no answer in ${o.deadlineMs} ms`));
      }, o.deadlineMs);
    });
    try {
      return await Promise.race([attempt(trace, abort.signal), deadline]);
    } catch (err) {
      // An aborted fetch may reject before the deadline's own rejection: it is still the deadline.
      throw fired ? new Timeout(`${label}: no answer in ${o.deadlineMs} ms`) : err;
    } finally {
      // Cleared as soon as the answer starts: no timer outlives the call, and a body is never cut off.
      if (timer !== undefined) clearTimeout(timer);
    }
  });
}

/** An HTTP call through a service binding: `make` builds a fresh Request for each attempt (a body
 *  can be sent once), to which the request id and traceparent are added. The deadline is the same
 *  timer as an RPC call's, cleared once the answer starts: a body the client reads slowly is never
 *  cut off by it (a runtime timeout signal would stay attached to the body). */
export function fetchWorker(rc: RequestContext<any>, binding: Fetcher, make: () => Request, o: CallOptions): Promise<Response> {
  return callWorker(rc, o, (trace, signal) => {
    const req = make();
    req.headers.set("x-request-id", trace.requestId);
    req.headers.set("traceparent", trace.traceparent);
    return binding.fetch(req, { signal });
  });
}
