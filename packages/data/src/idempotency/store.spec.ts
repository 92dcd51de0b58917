// The key-claim SQL against the real database, on a key table of the shape every service's migration
// creates (services/pitch/migrations/0020_idempotency_keys.sql): atomic claim, lease takeover,
// release by the holder only, a bound resource surviving its dead holder, expiry purge.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createExecutionContext, env } from "cloudflare:test";
import { rpcContext } from "@pitchey/http";
import { db, type Db } from "../db";
import { bindResourceCte, claim, completeStatement, dropExpired, find, purgeExpired, release, type KeyTable } from "./store";

const TEST_KEYS: KeyTable = { table: "idem_test.idempotency_keys", scope: "scope" };
const TEST_KEYS_DDL = [
  "create schema if not exists idem_test",
  `create table if not exists idem_test.idempotency_keys (
     id bigint generated always as identity primary key, scope text not null, key text not null, fingerprint text not null,
     claim text not null, locked_at timestamptz not null default now(), resource_id text, response_status int,
     response_headers jsonb, response_body text, request_id text, created_at timestamptz not null default now(),
     expires_at timestamptz not null default now() + interval '24 hours', unique (scope, key))`,
  "create table if not exists idem_test.things (id bigint generated always as identity primary key, name text not null)",
];

let database: Db;
let scope: string;
beforeAll(async () => {
  const d = db(await rpcContext("idem", "setup", env as never, createExecutionContext()));
  for (const s of TEST_KEYS_DDL) await d.query(s);
});
beforeEach(async () => {
  database = db(await rpcContext("idem", "test", env as never, createExecutionContext()));
  scope = `u${crypto.randomUUID()}`;
});

const lease = 60;
const age = (id: string, seconds: number) =>
  database.query(`update idem_test.idempotency_keys set locked_at = now() - make_interval(secs => $2) where id = $1`, [id, seconds]);

describe("idempotency key claims", () => {
  it("lets exactly one of many concurrent claims win", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(database, TEST_KEYS, scope, "k", "fp", `t${i}`, lease)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("keeps keys apart per scope", async () => {
    expect(await claim(database, TEST_KEYS, scope, "k", "fp", "t1", lease)).not.toBeNull();
    expect(await claim(database, TEST_KEYS, `${scope}x`, "k", "fp", "t2", lease)).not.toBeNull();
  });

  it("takes over an abandoned claim (lease run out, same request, no response) — and only then", async () => {
    const c1 = (await claim(database, TEST_KEYS, scope, "k", "fp", "t1", lease))!;
    expect(await claim(database, TEST_KEYS, scope, "k", "fp", "t2", lease)).toBeNull();
    await age(c1.keyId, lease + 1);
    expect(await claim(database, TEST_KEYS, scope, "k", "other-fp", "t2", lease)).toBeNull();
    const c2 = (await claim(database, TEST_KEYS, scope, "k", "fp", "t2", lease))!;
    expect(c2.keyId).toBe(c1.keyId);
    // The first holder lost the claim: its release is a no-op.
    await release(database, TEST_KEYS, c1);
    expect(await find(database, TEST_KEYS, scope, "k")).toBeDefined();
    await release(database, TEST_KEYS, c2);
    expect(await find(database, TEST_KEYS, scope, "k")).toBeUndefined();
  });

  it("never takes over a completed key; the holder's completion records the answer", async () => {
    const c = (await claim(database, TEST_KEYS, scope, "k", "fp", "t1", lease))!;
    const done = completeStatement(TEST_KEYS, c, { status: 201, headers: { location: "/x/1" }, dataJson: "{}", requestId: "r" });
    await database.query(done.text, done.params);
    await age(c.keyId, lease + 1);
    expect(await claim(database, TEST_KEYS, scope, "k", "fp", "t2", lease)).toBeNull();
    await release(database, TEST_KEYS, c);
    expect(await find(database, TEST_KEYS, scope, "k")).toMatchObject({
      responseStatus: 201,
      responseHeaders: { location: "/x/1" },
      responseBody: "{}",
      requestId: "r",
      expired: false,
    });
  });

  it("keeps what a dead holder created: the key is not given back, and the next holder is told the resource", async () => {
    const c1 = (await claim(database, TEST_KEYS, scope, "k", "fp", "t1", lease))!;
    const bind = bindResourceCte(TEST_KEYS, c1, 2, "select id from made");
    const [made] = await database.query<{ id: string }>(
      `with made as (insert into idem_test.things (name) values ($1) returning id), ${bind.cte} select id::text as id from made`,
      ["thing", ...bind.params],
    );
    await release(database, TEST_KEYS, c1);
    expect(await find(database, TEST_KEYS, scope, "k")).toMatchObject({ resourceId: made!.id, responseBody: null });
    await age(c1.keyId, lease + 1);
    expect(await claim(database, TEST_KEYS, scope, "k", "fp", "t2", lease)).toMatchObject({ keyId: c1.keyId, resourceId: made!.id });
  });

  it("reports expiry, drops only expired records, and the sweep purges them", async () => {
    const live = (await claim(database, TEST_KEYS, scope, "live", "fp", "t", lease))!;
    const old = (await claim(database, TEST_KEYS, scope, "old", "fp", "t", lease))!;
    await database.query(`update idem_test.idempotency_keys set expires_at = now() - interval '1 second' where id = $1`, [old.keyId]);
    expect((await find(database, TEST_KEYS, scope, "old"))!.expired).toBe(true);
    await dropExpired(database, TEST_KEYS, live.keyId);
    expect(await find(database, TEST_KEYS, scope, "live")).toBeDefined();
    expect(await purgeExpired(database, TEST_KEYS, 1_000)).toBeGreaterThanOrEqual(1);
    expect(await find(database, TEST_KEYS, scope, "old")).toBeUndefined();
    expect(await find(database, TEST_KEYS, scope, "live")).toBeDefined();
  });
});
