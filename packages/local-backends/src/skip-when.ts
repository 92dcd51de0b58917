// A test that needs what only a real server has skips on the embedded back-ends, saying why: vitest
// shows the reason, and `npm test` lists it under its closing line (scripts/test.mjs reads it from the
// JSON results, where this puts it).
import type { TestContext } from "vitest";

export function skipWhen(ctx: TestContext, when: boolean, reason: string): void {
  if (!when) return;
  (ctx.task.meta as { skipReason?: string }).skipReason = reason;
  ctx.skip(reason);
}

/** Why tests of database roles and per-role limits skip on the embedded Postgres. */
export const PGLITE_HAS_NO_ROLES =
  "needs a Postgres server: PGlite has one user, so there are no roles to keep a service to its schema or to carry its limits, and it cancels no statement on statement_timeout or lock_timeout (the embedded pair is for local development only)";
