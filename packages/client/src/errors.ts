// Errors the API answered (problem+json): typed per operation and status, so `code` can be branched on.
import type { ErrorStatus, OperationId, Problem, ProblemOf } from "./types";

export class ApiError<K extends OperationId = OperationId> extends Error {
  readonly code: Problem["code"];
  readonly requestId: string;
  constructor(
    readonly operation: K,
    readonly status: number,
    readonly problem: Problem,
    readonly headers: Headers,
  ) {
    super(`${operation}: ${status} ${problem.code}: ${problem.detail}`);
    this.name = "ApiError";
    this.code = problem.code;
    this.requestId = problem.requestId;
  }

  /** Seconds the server asked to wait (429, 503, 409 IDEMPOTENCY_IN_PROGRESS), or null. */
  get retryAfter(): number | null {
    const v = Number(this.headers.get("retry-after"));
    return Number.isFinite(v) && this.headers.has("retry-after") ? v : null;
  }
}

/** An error of operation K: one member per status it documents, with that status's problem codes. */
export type OperationError<K extends OperationId> = {
  [S in ErrorStatus<K>]: ApiError<K> & {
    readonly status: S;
    readonly problem: ProblemOf<K, S>;
    readonly code: ProblemOf<K, S> extends { code: infer C } ? C : never;
  };
}[ErrorStatus<K>];

/**
 * Whether `err` is an answer of `operation` (or of any operation); narrows `status`, `problem` and
 * `code` to what that operation documents.
 *
 * @example
 *   catch (e) { if (isApiError(e, "createInvestment") && e.status === 404) … e.code is "NOT_FOUND" }
 */
export function isApiError<K extends OperationId>(err: unknown, operation?: K): err is OperationError<K> {
  return err instanceof ApiError && (operation === undefined || err.operation === operation);
}
