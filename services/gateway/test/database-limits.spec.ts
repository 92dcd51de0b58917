// The database limits seen by a client, through the gateway: the pitch service connects as its own
// role, whose statement_timeout and lock_timeout (set by the migration runner, test values from
// db-roles.ts) cancel a write that runs too long, and the client gets a 503 problem with code
// DATABASE_TIMEOUT — nothing half-written. What makes the write slow is planted by the test as the
// database owner (a trigger that sleeps, a row lock held open); no route of the service sleeps.
import { env } from "cloudflare:test";
import { Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_LIMITS } from "@pitchey/local-backends/db-roles";
import { configureNeon, type DataEnv } from "@pitchey/data";
import { call, signUp, type TestUser } from "./helpers";
import { createPitch } from "./pitch.fixtures";
import { sql } from "./sql";
import { PGLITE_HAS_NO_ROLES, skipWhen } from "../../../packages/local-backends/src/skip-when";

const embedded = (env as { TEST_POSTGRES?: string }).TEST_POSTGRES === "embedded";

const limits = DB_LIMITS.test;
const SLOW_TITLE = "Slow title: the test trigger sleeps on it";

function expectTimeoutProblem(r: Awaited<ReturnType<typeof call>>) {
  expect(r.status, r.text).toBe(503);
  expect(r.headers.get("content-type")).toContain("application/problem+json");
  expect(r.json).toMatchObject({ status: 503, code: "DATABASE_TIMEOUT" });
  expect(r.headers.get("retry-after")).toBe("5");
  expect(r.headers.get("x-pitchey-service")).toBe("pitch@stable");
}

describe("a pitch write that runs past its role's limits", () => {
  let owner: TestUser;
  let pitch: { id: string; [k: string]: unknown };
  beforeAll(async () => {
    owner = await signUp("creator");
    pitch = await createPitch(owner.accessToken);
    const q = sql();
    await q.query(`create or replace function pitch.test_slow_update() returns trigger language plpgsql as $$
      begin
        if new.title = '${SLOW_TITLE}' then perform pg_sleep(${(limits.statementTimeoutMs + 1000) / 1000}); end if;
        return new;
      end $$`);
    await q.query("drop trigger if exists test_slow_update on pitch.pitches");
    await q.query("create trigger test_slow_update before update on pitch.pitches for each row execute function pitch.test_slow_update()");
  });
  afterAll(async () => {
    await sql().query("drop trigger if exists test_slow_update on pitch.pitches");
    await sql().query("drop function if exists pitch.test_slow_update()");
  });

  const titleNow = async () => ((await sql().query("select title from pitch.pitches where id = $1", [pitch.id])) as { title: string }[])[0]!.title;

  it("is cancelled by statement_timeout: 503 DATABASE_TIMEOUT, and the row is unchanged", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const r = await call("PATCH", `/api/pitches/${pitch.id}`, { token: owner.accessToken, body: { title: SLOW_TITLE } });
    expectTimeoutProblem(r);
    expect(await titleNow()).toBe(pitch.title);
    // The same route is fine for a statement inside the limit.
    const ok = await call("PATCH", `/api/pitches/${pitch.id}`, { token: owner.accessToken, body: { title: "A quick title" } });
    expect(ok.status, ok.text).toBe(200);
  });

  it("is cancelled by lock_timeout while another transaction holds the row: 503 DATABASE_TIMEOUT", async (ctx) => {
    skipWhen(ctx, embedded, PGLITE_HAS_NO_ROLES);
    const e = env as unknown as DataEnv & { TEST_OWNER_DATABASE_URL: string };
    configureNeon(e);
    const pool = new Pool({ connectionString: e.TEST_OWNER_DATABASE_URL, max: 1 });
    // The socket closing as the pool ends is reported as an error event: not this test's business.
    pool.on("error", () => {});
    const holder = await pool.connect();
    try {
      await holder.query("begin");
      await holder.query("select 1 from pitch.pitches where id = $1 for update", [pitch.id]);
      const r = await call("PATCH", `/api/pitches/${pitch.id}`, { token: owner.accessToken, body: { title: "Waits for the lock" } });
      expectTimeoutProblem(r);
    } finally {
      await holder.query("rollback");
      holder.release();
      await pool.end();
    }
    expect(await titleNow()).toBe("A quick title");
  });
});
