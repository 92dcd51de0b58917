// Turning a back-end failure into the one problem a client should see: 503 for that service alone.
import { HttpError } from "@pitchey/http";

/** Postgres SQLSTATE classes and socket errors that mean "the database is not there", not "your query is wrong". */
const UNAVAILABLE = /^(08|53|57P0[1-3]|58)|^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/;

export class DependencyError extends HttpError {
  constructor(readonly dependency: "database" | "redis", cause: unknown) {
    super(503, "SERVICE_UNAVAILABLE", `The ${dependency} is unavailable; try again shortly.`, { headers: { "retry-after": "5" } });
    this.cause = cause;
  }
}

export function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

/** True for errors that say the database could not be reached (as opposed to a failing statement). */
export function isUnavailable(err: unknown): boolean {
  const code = pgCode(err);
  if (code) return UNAVAILABLE.test(code);
  // fetch() to the SQL endpoint failed outright, or the driver saw no JSON reply.
  const msg = String((err as Error)?.message ?? err);
  // Neon answers an outage on its side with an HTTP 5xx and no SQLSTATE.
  return /fetch failed|network|connect|ECONNREFUSED|socket|timed? ?out|Error connecting|server responded|Server error \(HTTP status 5\d\d/i.test(msg);
}

export const constraintOf = (err: unknown): string | undefined => {
  const c = (err as { constraint?: unknown })?.constraint;
  return typeof c === "string" ? c : undefined;
};
