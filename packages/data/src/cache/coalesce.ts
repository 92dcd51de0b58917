// Request coalescing per isolate: the first caller of a key runs the work; callers that arrive while
// it runs wait for its result instead of repeating it.
// What is shared is a promise that settles to a plain value (frozen data, or a plain error record)
// and never rejects: no Response, stream, socket or Error object of the leader's request reaches a
// follower. Followers wait with a deadline of their own, so a leader whose request was cancelled
// cannot hang them: they then do the work themselves.
import { HttpError, withDeadline } from "@pitchey/http";
import { DependencyError } from "../errors";

interface PlainError {
  message: string;
  status?: number;
  code?: string;
  dependency?: "database" | "redis";
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: PlainError };

const inflight = new Map<string, Promise<Outcome>>();

export const FOLLOWER_WAIT_MS = 5_000;

function plain(err: unknown): PlainError {
  if (err instanceof DependencyError) return { message: err.message, dependency: err.dependency };
  if (err instanceof HttpError) return { message: err.message, status: err.status, code: err.code };
  return { message: String((err as Error)?.message ?? err) };
}

/** A fresh error, made in the follower's own request, equivalent to the leader's. */
function revive(e: PlainError): Error {
  if (e.dependency) return new DependencyError(e.dependency, new Error(e.message));
  if (e.status && e.code) return new HttpError(e.status, e.code as HttpError["code"], e.message);
  return new Error(e.message);
}

export interface Shared<T> {
  value: T;
  /** True when another request did the work. */
  shared: boolean;
}

export async function coalesce<T>(key: string, work: () => Promise<T>, waitMs = FOLLOWER_WAIT_MS): Promise<Shared<T>> {
  const running = inflight.get(key);
  if (running) {
    const outcome = await withDeadline(running, waitMs, "coalesced load").catch(() => null);
    if (outcome?.ok) return { value: outcome.value as T, shared: true };
    if (outcome) throw revive(outcome.error);
    return { value: await work(), shared: false };
  }
  let own: unknown;
  const p: Promise<Outcome> = work().then(
    (value) => ({ ok: true, value }),
    (err) => {
      own = err;
      return { ok: false, error: plain(err) };
    },
  );
  inflight.set(key, p);
  try {
    const outcome = await p;
    if (!outcome.ok) throw own;
    return { value: outcome.value as T, shared: false };
  } finally {
    if (inflight.get(key) === p) inflight.delete(key);
  }
}
