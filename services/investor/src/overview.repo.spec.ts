// Sums of cents stay exact past 2^53 (a float8 sum would round them), against the real database.
import { beforeEach, describe, expect, it } from "vitest";
import { createExecutionContext, env } from "cloudflare:test";
import { rpcContext } from "@pitchey/http";
import { db, type Db } from "@pitchey/data";
import type { Env } from "./env";
import { dashboard, portfolio } from "./overview.repo";
import { ACTIVE_STATUSES } from "./investor.policy";

const MAX = 1_000_000_000_000; // the largest single investment the table allows
let database: Db;
let investor: string;
beforeEach(async () => {
  database = db(await rpcContext("investor", "test", env as unknown as Env, createExecutionContext()));
  investor = String(2_000_000 + Math.floor(Math.random() * 1_000_000));
});

/** `count` investments of MAX cents plus one of `rest` cents, straight into the table. */
async function seed(currency: string, count: number, rest: number) {
  await database.query(
    `insert into investor.investments (investor_id, pitch_id, pitch_title, pitch_genre, amount_cents, currency)
     select $1::bigint, 1, 'Big', 'drama', $2::bigint, $3::text from generate_series(1, $4::int)
     union all select $1::bigint, 1, 'Big', 'drama', $5::bigint, $3::text`,
    [investor, MAX, currency, count, rest],
  );
}

describe("portfolio and dashboard sums", () => {
  it("are exact numbers up to 2^53 − 1 and exact digits beyond, never a rounded float", async () => {
    await seed("USD", 9_007, 199_254_740_991); // 9007199254740991 = Number.MAX_SAFE_INTEGER
    await seed("EUR", 9_007, 199_254_740_993); // 9007199254740993: a float8 sum says ...992
    const p = await portfolio(database, investor, ACTIVE_STATUSES);
    expect(p.byStatus).toEqual([
      { status: "pending", currency: "EUR", count: 9_008, amountCents: "9007199254740993" },
      { status: "pending", currency: "USD", count: 9_008, amountCents: Number.MAX_SAFE_INTEGER },
    ]);
    expect(p.byGenre.map((g) => g.amountCents)).toEqual(["9007199254740993", Number.MAX_SAFE_INTEGER]);

    const d = await dashboard(database, investor, ACTIVE_STATUSES, 5);
    expect(d.investedByCurrency).toEqual([
      { currency: "EUR", amountCents: "9007199254740993" },
      { currency: "USD", amountCents: Number.MAX_SAFE_INTEGER },
    ]);
  });
});
