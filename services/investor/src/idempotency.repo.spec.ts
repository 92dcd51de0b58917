// The key-claim SQL against the real database: atomic claim, lease takeover, release by the holder
// only, expiry purge.
import { beforeEach, describe, expect, it } from "vitest";
import { createExecutionContext, env } from "cloudflare:test";
import { rpcContext } from "@pitchey/http";
import { db, type Db } from "@pitchey/data";
import type { Env } from "./investor.context";
import { claim, dropExpired, find, purgeExpired, release } from "./idempotency.repo";

let database: Db;
let investor: string;
beforeEach(async () => {
  database = db(await rpcContext("investor", "test", env as unknown as Env, createExecutionContext()));
  investor = String(1_000_000 + Math.floor(Math.random() * 1_000_000));
});

const lease = 60;
const age = (id: string, seconds: number) => database.query(`update investor.idempotency_keys set locked_at = now() - make_interval(secs => $2) where id = $1`, [id, seconds]);

describe("idempotency key claims", () => {
  it("lets exactly one of many concurrent claims win", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(database, investor, "k", "fp", `t${i}`, lease)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("keeps keys apart per investor", async () => {
    expect(await claim(database, investor, "k", "fp", "t1", lease)).not.toBeNull();
    expect(await claim(database, `${investor}1`, "k", "fp", "t2", lease)).not.toBeNull();
  });

  it("takes over an abandoned claim (lease run out, same request, no response) — and only then", async () => {
    const id = (await claim(database, investor, "k", "fp", "t1", lease))!;
    expect(await claim(database, investor, "k", "fp", "t2", lease)).toBeNull();
    await age(id, lease + 1);
    expect(await claim(database, investor, "k", "other-fp", "t2", lease)).toBeNull();
    expect(await claim(database, investor, "k", "fp", "t2", lease)).toBe(id);
    // The first holder lost the claim: its release is a no-op.
    await release(database, id, "t1");
    expect(await find(database, investor, "k")).toBeDefined();
    await release(database, id, "t2");
    expect(await find(database, investor, "k")).toBeUndefined();
  });

  it("never takes over a completed key", async () => {
    const id = (await claim(database, investor, "k", "fp", "t1", lease))!;
    await database.query(`update investor.idempotency_keys set response_status = 201, response_body = '{}', request_id = 'r' where id = $1`, [id]);
    await age(id, lease + 1);
    expect(await claim(database, investor, "k", "fp", "t2", lease)).toBeNull();
    await release(database, id, "t1");
    expect(await find(database, investor, "k")).toMatchObject({ responseStatus: 201, responseBody: "{}", requestId: "r", expired: false });
  });

  it("reports expiry, drops only expired records, and the cron purge removes them", async () => {
    const live = (await claim(database, investor, "live", "fp", "t", lease))!;
    const old = (await claim(database, investor, "old", "fp", "t", lease))!;
    await database.query(`update investor.idempotency_keys set expires_at = now() - interval '1 second' where id = $1`, [old]);
    expect((await find(database, investor, "old"))!.expired).toBe(true);
    await dropExpired(database, live);
    expect(await find(database, investor, "live")).toBeDefined();
    expect(await purgeExpired(database, 1_000)).toBeGreaterThanOrEqual(1);
    expect(await find(database, investor, "old")).toBeUndefined();
    expect(await find(database, investor, "live")).toBeDefined();
  });
});
