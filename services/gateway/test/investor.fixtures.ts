// Shared set-up for the investor tests: users, pitches in every state (through the public API),
// investment calls with an Idempotency-Key, and direct SQL to check what was written.
import { expect } from "vitest";
import { call, signUp, type TestUser } from "./helpers";
import { pitchIn, type State } from "./pitch.fixtures";
import { sql } from "./sql";

export type { TestUser };

export interface World {
  creator: TestUser;
  production: TestUser;
  investor: TestUser;
  other: TestUser;
  /** Pitches owned by `creator`, one per state (public = published + public visibility). */
  pitches: Record<State, { id: string; title: string; genre: string }>;
}

export async function world(): Promise<World> {
  const [creator, production, investor, other] = await Promise.all([signUp("creator"), signUp("production"), signUp("investor"), signUp("investor")]);
  const pitches = {} as World["pitches"];
  for (const s of ["draft", "public", "investors", "private", "archived"] as State[]) {
    const p = await pitchIn(s, creator.accessToken);
    pitches[s] = { id: p.id, title: p.title as string, genre: p.genre as string };
  }
  return { creator, production, investor, other, pitches };
}

/** A published, public pitch of the given genre, owned by `owner`. */
export async function publishedPitch(owner: TestUser, overrides: Record<string, unknown> = {}) {
  const create = await call("POST", "/api/pitches", {
    token: owner.accessToken,
    body: {
      title: `Investable ${crypto.randomUUID().slice(0, 8)}`,
      logline: "A cartographer maps a city that moves at night.",
      genre: "drama",
      format: "feature",
      budgetCents: 2_000_000_00,
      ...overrides,
    },
  });
  expect(create.status, create.text).toBe(201);
  const pub = await call("POST", `/api/pitches/${create.json.data.id}/publish`, { token: owner.accessToken });
  expect(pub.status, pub.text).toBe(200);
  return create.json.data as { id: string; title: string; genre: string };
}

export const newKey = () => crypto.randomUUID();

export function invest(token: string, body: unknown, key?: string) {
  return call("POST", "/api/investor/investments", { token, body, headers: key === undefined ? {} : { "idempotency-key": key } });
}

/** Direct SQL (the test database, through the Neon stand-in). */
export async function q<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await sql().query(text, params)) as T[];
}

export async function investmentsOf(investorId: string) {
  return q<{ id: string; pitch_id: string; amount_cents: string; currency: string; status: string }>(
    "select id::text, pitch_id::text, amount_cents::text, currency, status from investor.investments where investor_id = $1 order by id",
    [investorId],
  );
}

export async function ledgerOf(investorId: string) {
  return q<{ investment_id: string; kind: string; amount_cents: string; currency: string }>(
    "select investment_id::text, kind, amount_cents::text, currency from investor.ledger_entries where investor_id = $1 order by id",
    [investorId],
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
