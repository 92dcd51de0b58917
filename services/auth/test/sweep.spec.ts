// The auth service's cron, fired in workerd through the Worker's own scheduled handler: what it
// deletes (refresh tokens a week past expiry, sessions left with none) and what it keeps, and that a
// run works in bounded batches.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { db, type Db } from "@pitchey/data";
import { rpcContext } from "@pitchey/http";
import type { Env } from "../src/env";
import { REFRESH_TOKEN_RETENTION_S, sweepAuth } from "../src/auth.sweep";
import AuthService from "../src/index";

const DAY = 24 * 3600;
let d: Db;
beforeEach(async () => {
  d = db(await rpcContext("auth", "test", env as unknown as Env, createExecutionContext()));
});

/** The Worker's scheduled handler, as the cron trigger in wrangler.jsonc calls it. */
async function fireCron(): Promise<void> {
  const ctx = createExecutionContext();
  await new AuthService(ctx, env as unknown as Env).scheduled(createScheduledController({ cron: "7 * * * *", scheduledTime: Date.now() }));
  await waitOnExecutionContext(ctx);
}

async function newUser(): Promise<string> {
  const [u] = await d.query<{ id: string }>(
    "insert into auth.users (email, name, role, password_hash) values ($1, 'Sweep', 'investor', 'unused') returning id::text as id",
    [`sweep-${crypto.randomUUID()}@test.pitchey.dev`],
  );
  return u!.id;
}

/** A session last used `idle` seconds ago (revoked then, when asked), with refresh tokens expiring at the given offsets from now. */
async function session(user: string, o: { idle: number; revoked?: boolean; tokens: number[] }): Promise<{ id: string; tokens: string[] }> {
  const id = crypto.randomUUID();
  await d.query(
    `insert into auth.sessions (id, user_id, created_at, last_used_at, revoked_at, revoked_reason)
     values ($1, $2, now() - make_interval(secs => $3), now() - make_interval(secs => $3),
             case when $4::boolean then now() - make_interval(secs => $3) end, case when $4::boolean then 'logout' end)`,
    [id, user, o.idle, o.revoked ?? false],
  );
  const tokens: string[] = [];
  for (const expiresIn of o.tokens) {
    const hash = `sweep-${crypto.randomUUID()}`;
    await d.query("insert into auth.refresh_tokens (token_hash, session_id, expires_at) values ($1, $2, now() + make_interval(secs => $3))", [
      hash,
      id,
      expiresIn,
    ]);
    tokens.push(hash);
  }
  return { id, tokens };
}

const sessionsLeft = async (ids: string[]) =>
  (await d.query<{ id: string }>("select id::text as id from auth.sessions where id = any($1::uuid[]) order by id", [ids])).map((r) => r.id);
const tokensLeft = async (hashes: string[]) =>
  (await d.query<{ h: string }>("select token_hash as h from auth.refresh_tokens where token_hash = any($1)", [hashes])).map((r) => r.h).sort();

describe("the auth service's scheduled sweep", () => {
  it("deletes refresh tokens a week past expiry and sessions left with none; keeps everything still usable or recent", async () => {
    const u = await newUser();
    const retention = REFRESH_TOKEN_RETENTION_S;
    const expired = await session(u, { idle: 40 * DAY, tokens: [-retention - DAY, -retention - 3 * DAY] });
    const revokedLongAgo = await session(u, { idle: 45 * DAY, revoked: true, tokens: [-retention - 2 * DAY] });
    const tokenless = await session(u, { idle: DAY, tokens: [] });
    const recentlyExpired = await session(u, { idle: 31 * DAY, tokens: [-2 * DAY] });
    const revokedRecently = await session(u, { idle: 2 * DAY, revoked: true, tokens: [28 * DAY] });
    const tokenlessJustUsed = await session(u, { idle: 60, tokens: [] });
    const mixed = await session(u, { idle: 5 * DAY, tokens: [-retention - DAY, 25 * DAY] });
    // A real sign-in, refreshed after the sweep through the route.
    const reg = await SELF.fetch("https://pitchey-auth.internal/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `sweep-live-${crypto.randomUUID()}@test.pitchey.dev`, password: "kept by the sweep 1", name: "Live", role: "creator" }),
    });
    expect(reg.status).toBe(201);
    const { refreshToken } = ((await reg.json()) as { data: { refreshToken: string } }).data;

    await fireCron();

    const all = [expired, revokedLongAgo, tokenless, recentlyExpired, revokedRecently, tokenlessJustUsed, mixed];
    expect(await sessionsLeft(all.map((s) => s.id))).toEqual([recentlyExpired, revokedRecently, tokenlessJustUsed, mixed].map((s) => s.id).sort());
    expect(await tokensLeft(all.flatMap((s) => s.tokens))).toEqual([...recentlyExpired.tokens, ...revokedRecently.tokens, mixed.tokens[1]!].sort());
    const refreshed = await SELF.fetch("https://pitchey-auth.internal/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refreshed.status).toBe(200);
  });

  it("works in bounded batches: a run stops at its cap and the next run finishes", async () => {
    await fireCron(); // nothing else eligible, so the counts below are this test's rows alone
    const u = await newUser();
    const five = await Promise.all(Array.from({ length: 5 }, () => session(u, { idle: 40 * DAY, tokens: [-REFRESH_TOKEN_RETENTION_S - DAY] })));
    const ids = five.map((s) => s.id);
    const hashes = five.flatMap((s) => s.tokens);
    const rc = await rpcContext("auth", "test", env as unknown as Env, createExecutionContext());
    const limits = { batchSize: 2, maxBatches: 2 };

    const first = await sweepAuth(rc, limits);
    expect(first.refreshTokens).toEqual({ deleted: 4, batches: 2, complete: false });
    expect(await tokensLeft(hashes)).toHaveLength(1);
    expect(first.sessions).toEqual({ deleted: 4, batches: 2, complete: false });
    expect(await sessionsLeft(ids)).toHaveLength(1);

    const second = await sweepAuth(rc, limits);
    expect(second.refreshTokens).toEqual({ deleted: 1, batches: 1, complete: true });
    expect(second.sessions).toEqual({ deleted: 1, batches: 1, complete: true });
    expect(await sessionsLeft(ids)).toEqual([]);
  });
});
