// A test that needs what only a real server has skips on the embedded back-ends, saying why: vitest
// shows the reason, and `npm test` lists it under its closing line (scripts/test.mjs reads it from the
// JSON results, where this puts it).
import type { TestContext } from "vitest";

export function skipWhen(ctx: TestContext, when: boolean, reason: string): void {
  if (!when) return;
  (ctx.task.meta as { skipReason?: string }).skipReason = reason;
  ctx.skip(reason);
}
