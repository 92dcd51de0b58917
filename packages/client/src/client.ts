// The Pitchey API client: one typed call per operation (types from the OpenAPI document), for browsers,
// Node and Workers (it needs only fetch and crypto; tests pass their own fetch).
//
// - Every call sends `Pitchey-Version` (the version this SDK was built for) and `Pitchey-Client`.
// - Errors are ApiError, typed per operation and status (isApiError(e, "createPitch")).
// - Operations that create get an Idempotency-Key (made here unless given), kept for their retries;
//   reads, deletes and keyed creates are retried on network errors, 503, 504 and 409 in-progress.
// - A 401 on a signed-in call refreshes the session ONCE, however many calls meet it together, then
//   retries them with the new access token.
import { ApiError } from "./errors";
import { newClientId } from "./client-id";
import { API_VERSION, OPERATIONS } from "./operations.gen";
import { SessionHolder, type Session } from "./session";
import type { InputArgs, Input, Item, OperationId, PagedOperationId, Problem, Result } from "./types";

export interface ClientOptions {
  /** The gateway's origin ("https://api.pitchey.com"); "" (default) for same-origin calls in a browser. */
  baseUrl?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** This installation's id (8–64 of [A-Za-z0-9_-]); made when not given. Persist it to keep a canary cohort. */
  clientId?: string;
  /** A session to start with (from your storage). */
  session?: Session | null;
  /** Called whenever the session changes (sign-in, refresh, sign-out): store it if you keep it. */
  onSession?: (session: Session | null) => void;
  /** Retries of safe calls: attempts after the first (default 2), longest wait (default 5 s). */
  retry?: { attempts?: number; maxDelayMs?: number };
  /** How to wait between retries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

/** Operations whose answer is a new session. */
const SIGN_IN = new Set<OperationId>(["register", "login", "loginCreator", "loginInvestor", "loginProduction", "refreshSession"]);

interface Sent {
  res: Response;
  text: string;
  /** The access token the request carried, if any. */
  token: string | null;
}

export type PitcheyClient = ReturnType<typeof createClient>;

export function createClient(options: ClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const clientId = options.clientId ?? newClientId();
  const attempts = 1 + (options.retry?.attempts ?? 2);
  const maxDelayMs = options.retry?.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const session = new SessionHolder(options.session ?? null, options.onSession ?? (() => {}));

  function urlOf(op: (typeof OPERATIONS)[OperationId], input: Record<string, any>): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(input.params?.[name] ?? "")));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== null) query.set(k, String(v));
    const qs = query.toString();
    return `${baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  async function send(id: OperationId, input: Record<string, any>, idempotencyKey: string | null): Promise<Sent> {
    const op = OPERATIONS[id];
    const headers: Record<string, string> = { accept: "application/json", "pitchey-version": API_VERSION, "pitchey-client": clientId, ...input.headers };
    const token = op.auth !== "none" ? (session.get()?.accessToken ?? null) : null;
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    if (input.ifMatch) headers["if-match"] = input.ifMatch;
    let body: string | undefined;
    if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers["content-type"] = "application/json";
    }
    const res = await doFetch(urlOf(op, input), { method: op.method, headers, body, signal: input.signal });
    return { res, text: res.status === 204 || res.status === 304 ? "" : await res.text(), token };
  }

  function problemOf(id: OperationId, sent: Sent): ApiError {
    const { res, text } = sent;
    let problem: Problem;
    try {
      problem = (res.headers.get("content-type") ?? "").includes("problem+json") ? (JSON.parse(text) as Problem) : fallback();
    } catch {
      problem = fallback();
    }
    return new ApiError(id, res.status, problem, res.headers);
    function fallback(): Problem {
      return {
        type: "about:blank",
        title: res.statusText,
        status: res.status,
        detail: text.slice(0, 300),
        instance: new URL(res.url || "http://x/").pathname,
        code: res.status >= 500 ? "SERVICE_UNAVAILABLE" : "VALIDATION_FAILED",
        requestId: res.headers.get("x-request-id") ?? "",
      };
    }
  }

  const retryable = (sent: Sent | null) =>
    !sent || sent.res.status === 503 || sent.res.status === 504 || (sent.res.status === 409 && sent.text.includes("IDEMPOTENCY_IN_PROGRESS"));
  const delayOf = (sent: Sent | null, attempt: number) => {
    const after = Number(sent?.res.headers.get("retry-after"));
    return Math.min(maxDelayMs, Number.isFinite(after) && after > 0 ? after * 1000 : 200 * 2 ** attempt);
  };

  /** The new pair for a spent refresh token, or null when it is refused (the session is over). */
  async function refresh(refreshToken: string): Promise<Session | null> {
    const sent = await send("refreshSession", { body: { refreshToken } }, null);
    if (sent.res.status === 401) return null;
    if (!sent.res.ok) throw problemOf("refreshSession", sent);
    const data = (JSON.parse(sent.text) as { data: Session }).data;
    return { accessToken: data.accessToken, refreshToken: data.refreshToken };
  }

  async function call<K extends OperationId>(id: K, ...args: InputArgs<K>): Promise<Result<K>> {
    const input = (args[0] ?? {}) as Input<K> & Record<string, any>;
    const op = OPERATIONS[id];
    // One key for the call and all its retries: a repeat cannot create twice.
    const key = op.idempotent ? (input.idempotencyKey ?? crypto.randomUUID()) : null;
    const safe = op.method === "GET" || op.method === "DELETE" || key !== null;
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let sent: Sent | null = null;
      try {
        sent = await send(id, input, key);
      } catch (err) {
        if (!safe || attempt + 1 >= attempts || (err as Error)?.name === "AbortError") throw err;
      }
      if (sent?.res.status === 401 && sent.token && !renewed) {
        renewed = true;
        if (await session.renew(sent.token, refresh)) {
          attempt--;
          continue;
        }
      }
      if (sent?.res.ok) return resultOf(id, sent);
      if (safe && retryable(sent) && attempt + 1 < attempts) {
        await sleep(delayOf(sent, attempt));
        continue;
      }
      throw problemOf(id, sent!);
    }
  }

  function resultOf<K extends OperationId>(id: K, sent: Sent): Result<K> {
    const { res, text } = sent;
    const type = res.headers.get("content-type") ?? "";
    const body = text === "" ? undefined : type.includes("json") ? JSON.parse(text) : text;
    if (SIGN_IN.has(id) && body?.data?.accessToken) session.set({ accessToken: body.data.accessToken, refreshToken: body.data.refreshToken });
    if (id === "logout") session.set(null);
    return {
      status: res.status as Result<K>["status"],
      body,
      headers: res.headers,
      etag: res.headers.get("etag"),
      replayed: res.headers.get("idempotent-replayed") === "true",
    };
  }

  /** Every page of a list, following `meta.nextCursor` from the first page asked for. */
  async function* pages<K extends PagedOperationId>(id: K, ...args: InputArgs<K>): AsyncGenerator<Result<K>> {
    const input = (args[0] ?? {}) as Record<string, any>;
    let cursor: string | null | undefined = input.query?.cursor;
    for (;;) {
      const page = await call(id, ...([{ ...input, query: { ...input.query, cursor } }] as unknown as InputArgs<K>));
      yield page;
      cursor = (page.body as { meta: { nextCursor: string | null } }).meta.nextCursor;
      if (!cursor) return;
    }
  }

  /** Every item of a list, page after page. */
  async function* items<K extends PagedOperationId>(id: K, ...args: InputArgs<K>): AsyncGenerator<Item<K>> {
    for await (const page of pages(id, ...args)) yield* (page.body as { data: Item<K>[] }).data;
  }

  return {
    /** The `Pitchey-Client` id this client sends. */
    clientId,
    /** The current session (null: signed out). */
    get session(): Session | null {
      return session.get();
    },
    call,
    pages,
    items,
    /** Ends the session on the server (its tokens stop working) and forgets it here. */
    async signOut(): Promise<void> {
      if (session.get())
        await call("logout").catch((e: unknown) => {
          if (!(e instanceof ApiError && e.status === 401)) throw e;
        });
      if (session.get()) session.set(null);
    },
  };
}
