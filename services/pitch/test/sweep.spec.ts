// The pitch service's cron, fired in workerd through the Worker's own scheduled handler: it deletes
// anonymous view records past their 24 h window and nothing that view counting or trending uses,
// and a run works in bounded batches.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { db, type Db } from "@pitchey/data";
import { rpcContext } from "@pitchey/http";
import type { Env } from "../src/env";
import { ANONYMOUS_VIEW_WINDOW_S, countView } from "../src/pitch.repo";
import { sweepPitch } from "../src/pitch.sweep";
import PitchService from "../src/index";

let d: Db;
let pitchId: string;
beforeEach(async () => {
  d = db(await rpcContext("pitch", "test", env as unknown as Env, createExecutionContext()));
  const [p] = await d.query<{ id: string }>("select id::text as id from pitch.pitches where status = 'published' order by id limit 1");
  expect(p, "the demo seed holds published pitches").toBeDefined();
  pitchId = p!.id;
});

/** The Worker's scheduled handler, as the cron trigger in wrangler.jsonc calls it. */
async function fireCron(): Promise<void> {
  const ctx = createExecutionContext();
  await new PitchService(ctx, env as unknown as Env).scheduled(createScheduledController({ cron: "37 * * * *", scheduledTime: Date.now() }));
  await waitOnExecutionContext(ctx);
}

/** A view record of `viewer` on the pitch, last counted `ago` seconds ago. */
async function viewed(viewer: string, ago: number): Promise<string> {
  await d.query("insert into pitch.views (pitch_id, viewer, last_counted_at) values ($1, $2, now() - make_interval(secs => $3))", [pitchId, viewer, ago]);
  return viewer;
}
const left = async (viewers: string[]) =>
  (await d.query<{ viewer: string }>("select viewer from pitch.views where pitch_id = $1 and viewer = any($2) order by viewer", [pitchId, viewers])).map(
    (r) => r.viewer,
  );
const scores = async () => (await d.query("select view_count::text, trending_log::text from pitch.pitches where id = $1", [pitchId]))[0];

describe("the pitch service's scheduled sweep", () => {
  it("deletes anonymous view records past their window; keeps recent ones, every signed-in user's, and the pitch's scores", async () => {
    const tag = crypto.randomUUID();
    const stale = await viewed(`c:stale-${tag}`, ANONYMOUS_VIEW_WINDOW_S + 3600);
    const fresh = await viewed(`c:fresh-${tag}`, ANONYMOUS_VIEW_WINDOW_S - 3600);
    const user = await viewed(`u:${tag}`, 400 * 24 * 3600);
    const before = await scores();

    await fireCron();

    expect(await left([stale, fresh, user])).toEqual([fresh, user].sort());
    expect(await scores()).toEqual(before);
    // Counting behaves as it would have with the record still there: the stale client counts again,
    // the recent one and the signed-in user do not.
    expect(await countView(d, pitchId, stale)).toBe(true);
    expect(await countView(d, pitchId, fresh)).toBe(false);
    expect(await countView(d, pitchId, user)).toBe(false);
  });

  it("works in bounded batches: a run stops at its cap and the next run finishes", async () => {
    await fireCron(); // nothing else eligible, so the counts below are this test's rows alone
    const tag = crypto.randomUUID();
    const five = await Promise.all(Array.from({ length: 5 }, (_, i) => viewed(`c:batch-${i}-${tag}`, ANONYMOUS_VIEW_WINDOW_S + 60 * (i + 1))));
    const rc = await rpcContext("pitch", "test", env as unknown as Env, createExecutionContext());
    const limits = { batchSize: 2, maxBatches: 2 };
    expect(await sweepPitch(rc, limits)).toMatchObject({ views: { deleted: 4, batches: 2, complete: false } });
    // Oldest first: the most recent of the five is what is left.
    expect(await left(five)).toEqual([five[0]]);
    expect(await sweepPitch(rc, limits)).toMatchObject({ views: { deleted: 1, batches: 1, complete: true } });
    expect(await left(five)).toEqual([]);
  });
});
