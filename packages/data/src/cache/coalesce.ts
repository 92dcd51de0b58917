// Request coalescing per isolate: the first caller of a key runs the work; callers that arrive while
// it runs wait for its result instead of repeating it.
// Nothing of the leader's request crosses over — not its promise, Response, stream, socket or Error:
// the leader writes a plain outcome (frozen data, or a plain error record) into a plain slot, and
// followers poll that slot from their own request with short timers until a deadline of their own.
// A leader whose request was cancelled therefore cannot hang a follower: past the deadline the
// follower does the work itself.
import { HttpError } from "@pitchey/http";
import { DependencyError } from "../errors";

interface PlainError {
  message: string;
  status?: number;
  code?: string;
  dependency?: "database" | "redis";
  timedOut?: boolean;
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: PlainError };

interface Slot {
  outcome: Outcome | null;
}
const inflight = new Map<string, Slot>();

export const FOLLOWER_WAIT_MS = 5_000;

function plain(err: unknown): PlainError {
  if (err instanceof DependencyError) return { message: err.message, dependency: err.dependency, timedOut: err.timedOut };
  if (err instanceof HttpError) return { message: err.message, status: err.status, code: err.code };
  return { message: String((err as Error)?.message ?? err) };
}

/** A fresh error, made in the follower's own request, equivalent to the leader's. */
function revive(e: PlainError): Error {
  if (e.dependency) return new DependencyError(e.dependency, new Error(e.message), e.timedOut);
  if (e.status && e.code) return new HttpError(e.status, e.code as HttpError["code"], e.message);
  return new Error(e.message);
}

export interface Shared<T> {
  value: T;
  /** True when another request did the work. */
  shared: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits in the caller's own request for the leader's plain outcome; null past the deadline. */
async function follow(slot: Slot, waitMs: number): Promise<Outcome | null> {
  const until = Date.now() + waitMs;
  let pause = 1;
  while (!slot.outcome) {
    if (Date.now() >= until) return null;
    await sleep(pause);
    pause = Math.min(pause * 2, 16);
  }
  return slot.outcome;
}

export async function coalesce<T>(key: string, work: () => Promise<T>, waitMs = FOLLOWER_WAIT_MS): Promise<Shared<T>> {
  const running = inflight.get(key);
  if (running) {
    const outcome = await follow(running, waitMs);
    if (outcome?.ok) return { value: outcome.value as T, shared: true };
    if (outcome) throw revive(outcome.error);
    return { value: await work(), shared: false };
  }
  const slot: Slot = { outcome: null };
  inflight.set(key, slot);
  try {
    const value = await work();
    slot.outcome = { ok: true, value };
    return { value, shared: false };
  } catch (err) {
    slot.outcome = { ok: false, error: plain(err) };
    throw err;
  } finally {
    if (inflight.get(key) === slot) inflight.delete(key);
  }
}
