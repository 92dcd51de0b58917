// The investor service's cron, fired in workerd through the Worker's own scheduled handler: it
// deletes expired Idempotency-Key records (their investments stay), keeps live ones, and a run works
// in bounded batches.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { db, type Db } from "@pitchey/data";
import { rpcContext } from "@pitchey/http";
import type { Env } from "../src/env";
import { sweepInvestor } from "../src/investor.sweep";
import InvestorService from "../src/index";

let d: Db;
let investor: string;
beforeEach(async () => {
  d = db(await rpcContext("investor", "test", env as unknown as Env, createExecutionContext()));
  investor = String(5_000_000 + Math.floor(Math.random() * 1_000_000));
});

/** The Worker's scheduled handler, as the cron trigger in wrangler.jsonc calls it. */
async function fireCron(): Promise<void> {
  const ctx = createExecutionContext();
  await new InvestorService(ctx, env as unknown as Env).scheduled(createScheduledController({ cron: "17 * * * *", scheduledTime: Date.now() }));
  await waitOnExecutionContext(ctx);
}

/** A key record for this investor; `expiredAgo` seconds past its expiry, or live when null. */
async function key(name: string, expiredAgo: number | null): Promise<string> {
  const [row] = await d.query<{ id: string }>(
    "insert into investor.idempotency_keys (investor_id, key, fingerprint, claim) values ($1, $2, 'fp', $3) returning id::text as id",
    [investor, name, crypto.randomUUID()],
  );
  const id = row!.id;
  if (expiredAgo !== null) await d.query("update investor.idempotency_keys set expires_at = now() - make_interval(secs => $2) where id = $1", [id, expiredAgo]);
  return id;
}
const keysLeft = async (ids: string[]) =>
  (await d.query<{ id: string }>("select id::text as id from investor.idempotency_keys where id = any($1::bigint[]) order by id", [ids])).map((r) => r.id);

describe("the investor service's scheduled sweep", () => {
  it("deletes expired idempotency keys and keeps live ones; an investment made with a swept key stays", async () => {
    const expired = await key("expired", 60);
    const live = await key("live", null);
    const [inv] = await d.query<{ id: string }>(
      `insert into investor.investments (investor_id, pitch_id, pitch_title, pitch_genre, amount_cents, currency, idempotency_key_id)
       values ($1, 1, 'Swept key', 'drama', 100, 'USD', $2) returning id::text as id`,
      [investor, expired],
    );

    await fireCron();

    expect(await keysLeft([expired, live])).toEqual([live]);
    expect(await d.query("select idempotency_key_id from investor.investments where id = $1", [inv!.id])).toEqual([{ idempotency_key_id: null }]);
  });

  it("works in bounded batches: a run stops at its cap and the next run finishes", async () => {
    await fireCron(); // nothing else eligible, so the counts below are this test's rows alone
    const five = await Promise.all(Array.from({ length: 5 }, (_, i) => key(`batch-${i}`, 60 * (i + 1))));
    const rc = await rpcContext("investor", "test", env as unknown as Env, createExecutionContext());
    const limits = { batchSize: 2, maxBatches: 2 };
    expect(await sweepInvestor(rc, limits)).toEqual({ idempotencyKeys: { deleted: 4, batches: 2, complete: false } });
    // Oldest first: the one that expired last is what is left.
    expect(await keysLeft(five)).toEqual([five[0]]);
    expect(await sweepInvestor(rc, limits)).toEqual({ idempotencyKeys: { deleted: 1, batches: 1, complete: true } });
    expect(await keysLeft(five)).toEqual([]);
  });
});
