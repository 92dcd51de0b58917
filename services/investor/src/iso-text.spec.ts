// The two forms of isoText (data package sql.ts) against the real database: "ms", which this
// service's API objects use, is exactly what toIso (Date#toISOString) gives for the same instant;
// the default keeps the microseconds a cursor needs.
import { describe, expect, it } from "vitest";
import { createExecutionContext, env } from "cloudflare:test";
import { rpcContext } from "@pitchey/http";
import { db, isoText, toIso } from "@pitchey/data";
import type { Env } from "./env";

describe("isoText", () => {
  it("ms: Date#toISOString's form (milliseconds, truncated); default: exact microseconds", async () => {
    const database = db(await rpcContext("investor", "test", env as unknown as Env, createExecutionContext()));
    const rows = await database.query<{ t: unknown; ms: string; us: string }>(
      `select t, ${isoText("t", "ms")} as ms, ${isoText("t")} as us from (select '2026-01-02 03:04:05.678912+00'::timestamptz as t) x`,
    );
    const row = rows[0]!;
    expect(row.ms).toBe("2026-01-02T03:04:05.678Z");
    expect(row.ms).toBe(toIso(row.t));
    expect(row.us).toBe("2026-01-02T03:04:05.678912Z");
  });
});
