// A circuit breaker per service binding, per isolate. Holds plain numbers only.
const FAILURES_TO_OPEN = 5;
const OPEN_FOR_MS = 10_000;

interface State {
  failures: number;
  openUntil: number;
}
const states = new Map<string, State>();

function state(name: string): State {
  let s = states.get(name);
  if (!s) {
    s = { failures: 0, openUntil: 0 };
    states.set(name, s);
  }
  return s;
}

/** False while the breaker is open; after OPEN_FOR_MS one trial call is let through (half-open). */
export function canCall(name: string, now = Date.now()): boolean {
  const s = state(name);
  if (s.openUntil > now) return false;
  if (s.openUntil) s.openUntil = now + OPEN_FOR_MS; // half-open: one trial, others wait
  return true;
}

export function recordSuccess(name: string): void {
  const s = state(name);
  s.failures = 0;
  s.openUntil = 0;
}

export function recordFailure(name: string, now = Date.now()): void {
  const s = state(name);
  s.failures++;
  if (s.failures >= FAILURES_TO_OPEN) s.openUntil = now + OPEN_FOR_MS;
}

export function breakerState(name: string, now = Date.now()): "closed" | "open" {
  return state(name).openUntil > now ? "open" : "closed";
}
