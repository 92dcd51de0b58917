// The SDK against a scripted fetch: headers on every call, one refresh for concurrent 401s, Idempotency-Key
// kept across retries, cursor iteration, typed errors.
import { describe, expect, it } from "vitest";
import { createClient } from "./client";
import { CLIENT_ID } from "./client-id";
import { isApiError } from "./errors";
import { API_VERSION } from "./operations.gen";

type Handler = (req: Request) => Response | Promise<Response>;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers } });
const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { type: "t", title: "t", status, detail: "d", instance: "/", code, requestId: "r" }, headers);
const session = (n: number) => ({ user: { id: "1" }, accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 });

function server(handle: Handler) {
  const seen: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    seen.push(req.clone());
    return handle(req);
  };
  return { seen, fetch };
}
const noWait = async () => {};

describe("createClient", () => {
  it("sends its stable Pitchey-Client id and the SDK's Pitchey-Version on every call, and builds the URL", async () => {
    const s = server(() => json(200, { data: { id: "7" }, meta: { requestId: "r" } }));
    const api = createClient({ baseUrl: "https://api.test/", fetch: s.fetch });
    await api.call("getPitch", { params: { id: "7/../x" } });
    await api.call("listPitches", { query: { genre: "drama", limit: 5, q: undefined } });
    expect(CLIENT_ID.test(api.clientId)).toBe(true);
    expect(s.seen.map((r) => r.headers.get("pitchey-client"))).toEqual([api.clientId, api.clientId]);
    expect(s.seen.every((r) => r.headers.get("pitchey-version") === API_VERSION)).toBe(true);
    expect(s.seen.map((r) => r.url)).toEqual(["https://api.test/api/pitches/7%2F..%2Fx", "https://api.test/api/pitches?genre=drama&limit=5"]);
    expect(createClient({ baseUrl: "https://api.test", fetch: s.fetch }).clientId).not.toBe(api.clientId);
  });

  it("keeps the session a sign-in answers, sends it where a token is used, and forgets it on sign-out", async () => {
    const s = server((req) => {
      const path = new URL(req.url).pathname;
      if (path === "/api/auth/login") return json(200, { data: session(1), meta: { requestId: "r" } });
      if (path === "/api/auth/logout") return new Response(null, { status: 204 });
      return json(200, { data: { user: { id: "1" } }, meta: { requestId: "r" } });
    });
    const stored: unknown[] = [];
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch, onSession: (x) => stored.push(x) });
    await api.call("login", { body: { email: "a@b.co", password: "x" } });
    await api.call("getMe");
    expect(s.seen[0]!.headers.get("authorization")).toBeNull();
    expect(s.seen[1]!.headers.get("authorization")).toBe("Bearer access-1");
    await api.signOut();
    expect(api.session).toBeNull();
    expect(stored).toEqual([{ accessToken: "access-1", refreshToken: "refresh-1" }, null]);
  });

  it("refreshes ONCE for many concurrent 401s, then retries each call with the new token", async () => {
    let refreshes = 0;
    const s = server(async (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/api/auth/refresh") {
        refreshes++;
        expect(((await req.json()) as { refreshToken: string }).refreshToken).toBe("refresh-1");
        await new Promise((r) => setTimeout(r, 20));
        return json(200, { data: session(2), meta: { requestId: "r" } });
      }
      return req.headers.get("authorization") === "Bearer access-2"
        ? json(200, { data: { user: { id: "1" } }, meta: { requestId: "r" } })
        : problem(401, "UNAUTHENTICATED");
    });
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch, session: { accessToken: "access-1", refreshToken: "refresh-1" } });
    const results = await Promise.all(Array.from({ length: 8 }, () => api.call("getMe")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(refreshes).toBe(1);
    expect(api.session).toEqual({ accessToken: "access-2", refreshToken: "refresh-2" });
    // A later 401 with the current token refreshes again (once).
    expect(s.seen.filter((r) => r.url.endsWith("/refresh"))).toHaveLength(1);
  });

  it("gives up the session when the refresh is refused, answering the call's 401", async () => {
    const s = server((req) => (new URL(req.url).pathname === "/api/auth/refresh" ? problem(401, "UNAUTHENTICATED") : problem(401, "UNAUTHENTICATED")));
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch, session: { accessToken: "a", refreshToken: "r" } });
    const err = await api.call("getMe").catch((e: unknown) => e);
    expect(isApiError(err, "getMe") && err.status).toBe(401);
    expect(api.session).toBeNull();
    expect(s.seen).toHaveLength(2);
  });

  it("sends one Idempotency-Key for a create and all its retries (network error, 409 in progress, 503)", async () => {
    let n = 0;
    const s = server(() => {
      n++;
      if (n === 1) throw new TypeError("network down");
      if (n === 2) return problem(409, "IDEMPOTENCY_IN_PROGRESS", { "retry-after": "1" });
      if (n === 3) return problem(503, "SERVICE_UNAVAILABLE");
      return json(201, { data: { id: "9" }, meta: { requestId: "r" } }, { "idempotent-replayed": "true" });
    });
    const waits: number[] = [];
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch, retry: { attempts: 3 }, sleep: async (ms) => void waits.push(ms) });
    const r = await api.call("createInvestment", { body: { pitchId: "1", amountCents: 100, currency: "USD" } });
    expect(r.status).toBe(201);
    expect(r.replayed).toBe(true);
    const keys = s.seen.map((q) => q.headers.get("idempotency-key"));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(waits[1]).toBe(1000);
    // A caller's own key is used as given.
    await api.call("createInvestment", { body: { pitchId: "1", amountCents: 100, currency: "USD" }, idempotencyKey: "mine-1" });
    expect(s.seen.at(-1)!.headers.get("idempotency-key")).toBe("mine-1");
  });

  it("never retries a write that has no Idempotency-Key", async () => {
    const s = server(() => {
      throw new TypeError("network down");
    });
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch, session: { accessToken: "a", refreshToken: "r" }, sleep: noWait });
    await expect(api.call("publishPitch", { params: { id: "1" } })).rejects.toThrow(TypeError);
    expect(s.seen).toHaveLength(1);
  });

  it("walks every page of a list through meta.nextCursor", async () => {
    const pages: Record<string, { data: { id: string }[]; next: string | null }> = {
      "": { data: [{ id: "1" }, { id: "2" }], next: "c2" },
      c2: { data: [{ id: "3" }], next: null },
    };
    const s = server((req) => {
      const p = pages[new URL(req.url).searchParams.get("cursor") ?? ""]!;
      return json(200, { data: p.data, meta: { requestId: "r", nextCursor: p.next, hasMore: p.next !== null } });
    });
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch });
    const ids: string[] = [];
    for await (const p of api.items("listPitches", { query: { limit: 2 } })) ids.push(p.id);
    expect(ids).toEqual(["1", "2", "3"]);
    expect(s.seen.map((r) => new URL(r.url).search)).toEqual(["?limit=2", "?limit=2&cursor=c2"]);
  });

  it("throws ApiError typed by the operation: status, problem and code", async () => {
    const s = server(() => problem(404, "NOT_FOUND"));
    const api = createClient({ baseUrl: "https://api.test", fetch: s.fetch });
    const err = await api.call("getPitch", { params: { id: "1" } }).catch((e: unknown) => e);
    expect(isApiError(err, "getPitch")).toBe(true);
    expect(isApiError(err, "listPitches")).toBe(false);
    if (isApiError(err, "getPitch") && err.status === 404) {
      const code: "NOT_FOUND" = err.code;
      expect(code).toBe("NOT_FOUND");
    }
  });
});
