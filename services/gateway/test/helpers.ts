// Calls through the gateway as a client would (every answer checked against the served OpenAPI
// document: contract.ts), plus the outage switch of the local stand-ins.
import { env, SELF } from "cloudflare:test";
import { callWorker, outage as stopOrStart, type CallInit } from "@pitchey/local-backends/test-call";
import { checkAnswer } from "./contract";

export const BASE = "http://127.0.0.1:8787";

export const call = (method: string, path: string, init: CallInit = {}) => callWorker(SELF, BASE, method, path, init, checkAnswer);

/** A fetch for clients under test (the SDK): through the gateway, every answer contract-checked. */
export const checkedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const res = await SELF.fetch(request);
  const text = await res.text();
  await checkAnswer(request.method, request.url, res.status, res.headers, text);
  return new Response(res.status === 204 || res.status === 304 ? null : text, { status: res.status, headers: res.headers });
};

/** Simulates an outage in the stand-ins: Postgres pointed at a closed port, or Redis calls dropped. */
export const outage = (state: Parameters<typeof stopOrStart>[1]) => stopOrStart((env as unknown as { TEST_CONTROL_URL: string }).TEST_CONTROL_URL, state);

export type SignUpRole = "creator" | "investor" | "production";
export interface TestUser {
  user: { id: string; email: string; name: string; role: SignUpRole; companyName: string | null; createdAt: string };
  accessToken: string;
  refreshToken: string;
  email: string;
  password: string;
}

/** Registers a fresh user with a random email through the gateway (POST /api/auth/register). */
export async function signUp(
  role: SignUpRole,
  extra: { name?: string; companyName?: string | null; email?: string; password?: string } = {},
  headers: Record<string, string> = {},
): Promise<TestUser> {
  const email = extra.email ?? `${role}-${crypto.randomUUID()}@test.pitchey.dev`;
  const password = extra.password ?? `pw-${crypto.randomUUID()}`;
  const body: Record<string, unknown> = { email, password, name: extra.name ?? `Test ${role}`, role };
  if (extra.companyName !== undefined) body.companyName = extra.companyName;
  const r = await call("POST", "/api/auth/register", { body, headers });
  if (r.status !== 201) throw new Error(`signUp(${role}) failed: ${r.status} ${r.text}`);
  return { ...r.json.data, email, password };
}

/** Signs in through the gateway (POST /api/auth/login); throws unless 200. */
export async function login(email: string, password: string): Promise<TestUser> {
  const r = await call("POST", "/api/auth/login", { body: { email, password } });
  if (r.status !== 200) throw new Error(`login(${email}) failed: ${r.status} ${r.text}`);
  return { ...r.json.data, email, password };
}
