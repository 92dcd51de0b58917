// The pitch Worker's own connection (its DATABASE_URL, as the tests and `npm start` give it): its
// role, the limits the migration runner set on it, and what the limits do to a statement or a
// transaction that runs too long. pg_sleep stands in for a slow query; no route of the service sleeps.
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DB_LIMITS, roleOf } from "@pitchey/local-backends/db-roles";
import { db, DependencyError } from "@pitchey/data";
import { rpcContext } from "@pitchey/http";
import { PGLITE_HAS_NO_ROLES, skipWhen } from "../../../packages/local-backends/src/skip-when";
import type { Env } from "../src/env";

const limits = DB_LIMITS.test;
const own = async () => db(await rpcContext("pitch", "test", env as unknown as Env, createExecutionContext()));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const embedded = (env as { TEST_POSTGRES?: string }).TEST_POSTGRES === "embedded";

describe("the pitch service's database role", () => {
  it("connects as its own role, with the test environment's limits", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const [row] = await (await own()).query(
      `select current_user as "user", current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock,
              current_setting('idle_in_transaction_session_timeout') as idle`,
    );
    expect(row).toEqual({
      user: roleOf("pitch")!.role,
      statement: `${limits.statementTimeoutMs / 1000}s`,
      lock: `${limits.lockTimeoutMs / 1000}s`,
      idle: `${limits.idleInTransactionSessionTimeoutMs / 1000}s`,
    });
  });

  it("cannot read another service's schema", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const d = await own();
    for (const table of ["auth.users", "auth.sessions", "investor.investments", "investor.idempotency_keys"]) {
      expect(await failure(d.query(`select * from ${table} limit 1`)), table).toMatchObject({
        code: "42501",
        message: expect.stringMatching(/^permission denied for schema/),
      });
    }
    expect(await d.query("select id from pitch.pitches limit 1")).toHaveLength(1);
  });

  it("a statement running past statement_timeout is cancelled: 503 DATABASE_TIMEOUT, over HTTP and in a transaction", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const d = await own();
    const past = (limits.statementTimeoutMs + 500) / 1000;
    for (const run of [() => d.query("select pg_sleep($1)", [past]), () => d.transaction((tx) => tx.query("select pg_sleep($1)", [past]))]) {
      const err = await failure(run());
      expect(err).toBeInstanceOf(DependencyError);
      expect(err).toMatchObject({ status: 503, code: "DATABASE_TIMEOUT", extra: { headers: { "retry-after": "5" } } });
      expect((err as Error & { cause: { code: string } }).cause.code).toBe("57014");
    }
  });
});
