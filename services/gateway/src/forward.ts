// Calling a service through its binding: timeout, one retry for idempotent requests, circuit
// breaker, and a failing or slow service turned into 503/504 for that service's routes alone.
import { HttpError } from "@pitchey/http";
import { canCall, recordFailure, recordSuccess } from "./breaker";

const DEFAULT_TIMEOUT_MS = 10_000;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

export interface ForwardOptions {
  service: string;
  binding: Fetcher;
  timeoutMs?: number;
}

export async function forward(request: Request, opts: ForwardOptions): Promise<Response> {
  const { service, binding } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!canCall(service)) {
    throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${service} service is unavailable; try again shortly.`, { headers: { "retry-after": "10" } });
  }
  const attempts = IDEMPOTENT.has(request.method) ? 2 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await binding.fetch(attempt === attempts ? request : request.clone(), { signal: AbortSignal.timeout(timeoutMs) });
      recordSuccess(service);
      return res;
    } catch (err) {
      lastError = err;
      recordFailure(service);
      if ((err as Error)?.name === "TimeoutError") break; // the budget is spent; do not double it
    }
  }
  if ((lastError as Error)?.name === "TimeoutError") {
    throw new HttpError(504, "SERVICE_TIMEOUT", `The ${service} service did not answer in ${timeoutMs} ms.`);
  }
  throw new HttpError(503, "SERVICE_UNAVAILABLE", `The ${service} service is unavailable; try again shortly.`, { headers: { "retry-after": "5" } });
}
