// Turning a back-end failure into the one problem a client should see: 503 for that service alone.
import { HttpError } from "@pitchey/http";

/** Postgres SQLSTATE classes and socket errors that mean "the database is not there", not "your query is wrong". */
const UNAVAILABLE = /^(08|53|57P0[1-3]|58)|^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/;

/** The role's limits (ALTER ROLE … SET; docs/operations.md) cut a statement or transaction short:
 *  57014 statement_timeout (query_canceled), 55P03 lock_timeout (lock_not_available),
 *  25P03 idle_in_transaction_session_timeout. Nothing was committed; the same request may succeed later. */
const TIMED_OUT = /^(57014|55P03|25P03)$/;

/** The database or Redis failed the request: 503 for this service alone, with Retry-After. */
export class DependencyError extends HttpError {
  constructor(
    readonly dependency: "database" | "redis",
    cause: unknown,
    /** The database answered, but a limit cancelled the work (DATABASE_TIMEOUT), rather than not answering. */
    readonly timedOut = false,
  ) {
    super(
      503,
      timedOut ? "DATABASE_TIMEOUT" : "SERVICE_UNAVAILABLE",
      timedOut ? `The ${dependency} did not finish in time; try again shortly.` : `The ${dependency} is unavailable; try again shortly.`,
      { headers: { "retry-after": "5" } },
    );
    this.cause = cause;
  }
}

export function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

/** True for errors that say a database limit (statement, lock or idle-transaction timeout) cancelled the work. */
export function isTimeout(err: unknown): boolean {
  const code = pgCode(err);
  return code !== undefined && TIMED_OUT.test(code);
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
