// The dashboard's cached figures follow NDA decisions: the pitch service bumps approvedNdasTag on
// every decision, and the dashboard is read with that tag, so the next read counts afresh. Run
// against the service alone (the decision is written and its tag bumped here, as the pitch service does;
// written as the database owner, since the investor service's own role cannot touch pitch.*).
import { beforeEach, describe, expect, it } from "vitest";
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { approvedNdasTag, type Dashboard } from "@pitchey/contracts";
import { IDENTITY_HEADER, rpcContext, signCaller } from "@pitchey/http";
import { cache, db, type Db } from "@pitchey/data";
import type { Env } from "./env";

const secret = (env as unknown as { IDENTITY_HMAC_SECRET: string }).IDENTITY_HMAC_SECRET;
let investor: string;
let database: Db;
let decide: (tags: string[]) => Promise<void>;

beforeEach(async () => {
  const e = env as unknown as Env & { TEST_OWNER_DATABASE_URL: string };
  const rc = await rpcContext("investor", "test", { ...e, DATABASE_URL: e.TEST_OWNER_DATABASE_URL }, createExecutionContext());
  database = db(rc);
  decide = (tags) => cache(rc).invalidate(tags);
  investor = String(3_000_000 + Math.floor(Math.random() * 1_000_000));
});

async function approvedNdas(): Promise<number> {
  const requestId = `req-${crypto.randomUUID()}`;
  const identity = await signCaller({ user: { sub: investor, role: "investor", sid: "s" }, client: "192.0.2.1" }, requestId, secret);
  const r = await SELF.fetch("https://pitchey-investor.internal/api/investor/dashboard", {
    headers: { "x-request-id": requestId, [IDENTITY_HEADER]: identity },
  });
  expect(r.status, await r.clone().text()).toBe(200);
  return ((await r.json()) as { data: Dashboard }).data.totals.approvedNdas;
}

describe("dashboard approvedNdas", () => {
  it("shows an approval and a revocation on the next read after the decision's tag is bumped", async () => {
    const [pitch] = await database.query<{ id: string; creator_id: string }>(`select id::text, creator_id::text from pitch.pitches order by id limit 1`);
    expect(pitch, "the demo seed holds pitches").toBeDefined();
    expect(await approvedNdas()).toBe(0);

    const [nda] = await database.query<{ id: string }>(
      `insert into pitch.ndas (pitch_id, requester_id, owner_id, status, decided_at) values ($1, $2, $3, 'approved', now()) returning id::text`,
      [pitch!.id, investor, pitch!.creator_id],
    );
    // Until the decision is announced the cached dashboard stands (so what follows is the tag's doing).
    expect(await approvedNdas()).toBe(0);
    await decide([approvedNdasTag(investor)]);
    expect(await approvedNdas()).toBe(1);

    await database.query(`update pitch.ndas set status = 'revoked', decided_at = now() where id = $1`, [nda!.id]);
    await decide([approvedNdasTag(investor)]);
    expect(await approvedNdas()).toBe(0);
  });
});
