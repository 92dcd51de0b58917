// The workload's users, registered through the gateway like any client; each keeps its current
// tokens and signs in again when asked (a login is part of the mix).
import type { Answer, Client } from "./http";

export type Role = "creator" | "investor" | "production";

export interface Actor {
  role: Role;
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export async function register(client: Client, role: Role, label: string): Promise<Actor> {
  const email = `${label}-${role}-${crypto.randomUUID().slice(0, 8)}@resilience.pitchey.dev`;
  const password = `pw-${crypto.randomUUID()}`;
  const a = await client.send({ method: "POST", path: "/api/auth/register", json: { email, password, name: `${label} ${role}`, role } });
  if (a.status !== 201) throw new Error(`register ${role}: ${a.status} ${a.text}`);
  return { role, id: a.json.data.user.id, email, password, token: a.json.data.accessToken, refreshToken: a.json.data.refreshToken };
}

/** POST /api/auth/login; on 200 the actor's tokens are the new ones. */
export async function login(client: Client, actor: Actor): Promise<Answer> {
  const a = await client.send({ method: "POST", path: "/api/auth/login", json: { email: actor.email, password: actor.password } });
  if (a.status === 200) {
    actor.token = a.json.data.accessToken;
    actor.refreshToken = a.json.data.refreshToken;
  }
  return a;
}

/** A pitch body every field of which is valid; `title` makes it findable in the database. */
export function pitchBody(title: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title,
    logline: `A resilience-suite pitch: ${title}`,
    genre: "drama",
    format: "feature",
    synopsis: "Written by the resilience suite.",
    budgetCents: 150_000_000,
    seekingCents: 50_000_000,
    visibility: "public",
    requireNda: true,
    protected: { budgetBreakdown: "Cast 40 %, crew 30 %, post 30 %.", contactEmail: "owner@resilience.pitchey.dev" },
    ...over,
  };
}
