// What the auth service keeps in Postgres: lower-cased emails, hashed refresh tokens, password hashes
// upgraded on login when weaker than today's parameters.
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { db } from "@pitchey/data";
import { createContext } from "@pitchey/http";
import { hashPassword, parseHash, verifyPassword } from "../src/password";
import { hashRefreshToken } from "../src/tokens";
import type { Env } from "../src/env";

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const rc = await createContext("test", new Request("https://test.internal/"), env as unknown as Env, createExecutionContext());
  return db(rc).query<T>(text, params);
}

async function post(path: string, body: unknown) {
  const r = await SELF.fetch(`https://pitchey-auth.internal${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as any };
}

describe("auth storage", () => {
  it("keeps the email lower-cased and only a hash of the password and of the refresh token", async () => {
    const email = `Mixed.Case-${crypto.randomUUID()}@Test.Pitchey.dev`;
    const password = "stored safely 123";
    const r = await post("/api/auth/register", { email, password, name: "Store", role: "investor" });
    expect(r.status).toBe(201);
    const [row] = await sql<{ email: string; password_hash: string }>("select email, password_hash from auth.users where id = $1", [r.json.data.user.id]);
    expect(row!.email).toBe(email.toLowerCase());
    expect(row!.password_hash).not.toContain(password);
    expect(await verifyPassword(password, row!.password_hash)).toBe(true);
    const refresh = r.json.data.refreshToken as string;
    expect(await sql("select 1 from auth.refresh_tokens where token_hash = $1", [refresh])).toHaveLength(0);
    expect(await sql("select 1 from auth.refresh_tokens where token_hash = $1", [await hashRefreshToken(refresh)])).toHaveLength(1);
  });

  it("upgrades a hash made with fewer iterations on the next successful login", async () => {
    const email = `rehash-${crypto.randomUUID()}@test.pitchey.dev`;
    const password = "upgrade this one";
    const r = await post("/api/auth/register", { email, password, name: "Old Hash", role: "creator" });
    const id = r.json.data.user.id as string;
    const weak = await hashPassword(password, 10_000);
    await sql("update auth.users set password_hash = $1 where id = $2", [weak, id]);

    expect((await post("/api/auth/login", { email, password: "wrong password!" })).status).toBe(401);
    const [still] = await sql<{ password_hash: string }>("select password_hash from auth.users where id = $1", [id]);
    expect(still!.password_hash).toBe(weak); // a failed login changes nothing

    expect((await post("/api/auth/login", { email, password })).status).toBe(200);
    const [after] = await sql<{ password_hash: string }>("select password_hash from auth.users where id = $1", [id]);
    expect(parseHash(after!.password_hash)!.iterations).toBe(100_000);
    expect(await verifyPassword(password, after!.password_hash)).toBe(true);
    expect((await post("/api/auth/login", { email, password })).status).toBe(200);
  });

  it("records each sign-in as a session and revokes it with a reason", async () => {
    const email = `sess-${crypto.randomUUID()}@test.pitchey.dev`;
    const r = await post("/api/auth/register", { email, password: "session pw 123", name: "S", role: "creator" });
    const first = r.json.data.refreshToken as string;
    const second = await post("/api/auth/refresh", { refreshToken: first });
    expect(second.status).toBe(200);
    expect((await post("/api/auth/refresh", { refreshToken: second.json.data.refreshToken })).status).toBe(200);
    // Spent two refreshes ago: outside any grace, so it is reuse.
    expect((await post("/api/auth/refresh", { refreshToken: first })).status).toBe(401);
    const rows = await sql<{ revoked_reason: string | null; tokens: string }>(
      `select s.revoked_reason, (select count(*) from auth.refresh_tokens t where t.session_id = s.id)::text as tokens
       from auth.sessions s where s.user_id = $1`,
      [r.json.data.user.id],
    );
    expect(rows).toEqual([{ revoked_reason: "refresh_reuse", tokens: "3" }]);
  });
});
