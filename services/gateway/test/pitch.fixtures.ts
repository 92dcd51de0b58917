// Building pitches through the public API for the pitch tests.
import { expect } from "vitest";
import { call } from "./helpers";

let n = 0;
export function pitchBody(overrides: Record<string, unknown> = {}) {
  n++;
  return {
    title: `Test pitch ${n} ${Math.random().toString(36).slice(2, 8)}`,
    logline: "A lighthouse keeper finds a map that redraws itself every night.",
    genre: "drama",
    format: "feature",
    synopsis: "Long synopsis.",
    targetAudience: "Adults 25-54",
    budgetCents: 1_500_000_00,
    seekingCents: 500_000_00,
    visibility: "public",
    requireNda: true,
    protected: {
      budgetBreakdown: "Above the line: 40%",
      financialProjections: "3x in 5 years",
      attachedTalent: "TBA",
      distributionPlan: "Festivals first",
      contactEmail: "owner@example.com",
    },
    ...overrides,
  };
}

export async function createPitch(token: string, overrides: Record<string, unknown> = {}) {
  const r = await call("POST", "/api/pitches", { token, body: pitchBody(overrides) });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.data as { id: string; [k: string]: unknown };
}

export async function publish(token: string, id: string) {
  const r = await call("POST", `/api/pitches/${id}/publish`, { token });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.data;
}

export type State = "draft" | "public" | "investors" | "private" | "archived";
export const STATES: State[] = ["draft", "public", "investors", "private", "archived"];

/** A pitch in the given state; with ndaFor, that user first gets an approved NDA (where one can exist). */
export async function pitchIn(state: State, ownerToken: string, ndaFor?: { token: string }) {
  const p = await createPitch(ownerToken);
  if (state === "draft") return p;
  await publish(ownerToken, p.id);
  if (ndaFor) {
    const req = await call("POST", `/api/pitches/${p.id}/nda`, { token: ndaFor.token, body: { message: "please" } });
    expect(req.status, JSON.stringify(req.json)).toBe(201);
    const ok = await call("POST", `/api/ndas/${req.json.data.id}/approve`, { token: ownerToken });
    expect(ok.status).toBe(200);
  }
  if (state === "investors" || state === "private") {
    const r = await call("PATCH", `/api/pitches/${p.id}`, { token: ownerToken, body: { visibility: state } });
    expect(r.status).toBe(200);
  }
  if (state === "archived") {
    const r = await call("POST", `/api/pitches/${p.id}/archive`, { token: ownerToken });
    expect(r.status).toBe(200);
  }
  return p;
}
