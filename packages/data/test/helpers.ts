// Calls into the test Worker (test/worker.ts) as a service's client would, and reads back what the
// package reported: the cache layers and database queries named in Server-Timing.
import { env, SELF } from "cloudflare:test";
import { IDENTITY_HEADER, signCaller } from "@pitchey/http";
import { callWorker, outage as stopOrStart, type CallInit, type CallReply } from "@pitchey/local-backends/test-call";

export interface Reply extends CallReply {
  /** The cache layers that answered, from Server-Timing (`cache;…;desc="memory redis"`). */
  layers: string[];
  /** Database queries this request made, from Server-Timing (`db;…;desc="2 queries"`). */
  dbQueries: number;
}

export function parseTiming(header: string | null): { layers: string[]; dbQueries: number } {
  const h = header ?? "";
  const cache = /(?:^|,\s*)cache;[^,]*desc="([^"]*)"/.exec(h);
  const dbq = /(?:^|,\s*)db;[^,]*desc="(\d+) queries"/.exec(h);
  return { layers: cache ? cache[1]!.split(" ") : [], dbQueries: dbq ? Number(dbq[1]) : 0 };
}

export async function call(method: string, path: string, init: CallInit = {}): Promise<Reply> {
  const r = await callWorker(SELF, "http://cachetest.local", method, path, init);
  return { ...r, ...parseTiming(r.headers.get("server-timing")) };
}

export const get = (path: string, headers?: Record<string, string>) => call("GET", path, { headers });

/** Headers of a request that came through the gateway for user `sub`, naming that user's latest write. */
export async function asCaller(sub: string, lastWrite: string | null): Promise<Record<string, string>> {
  const requestId = `test-${crypto.randomUUID()}`;
  const secret = (env as unknown as { IDENTITY_HMAC_SECRET: string }).IDENTITY_HMAC_SECRET;
  const identity = await signCaller({ user: { sub, role: "investor", sid: crypto.randomUUID() }, client: "203.0.113.9", lastWrite }, requestId, secret);
  return { "x-request-id": requestId, [IDENTITY_HEADER]: identity };
}

/** Ids no other test (or earlier run of this file against the same Redis) uses. */
let next = Math.floor(Math.random() * 1e9) * 1000;
export const newId = () => String(++next);

export async function setup(): Promise<void> {
  const r = await call("POST", "/__setup", { body: {} });
  if (r.status !== 204) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.json)}`);
}

/** Inserts an item without invalidating anything (as if written by someone the cache never heard of). */
export async function createItem(opts: { id?: string; grp?: string; name?: string; invalidate?: boolean } = {}): Promise<string> {
  const id = opts.id ?? newId();
  const r = await call("POST", `/items${opts.invalidate ? "" : "?invalidate=0"}`, { body: { id, grp: opts.grp ?? "g0", name: opts.name ?? `item ${id}` } });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.json)}`);
  return id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check passes (background work — waitUntil fills and refreshes — lands after the response). */
export async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, ms = 3_000): Promise<T> {
  const until = Date.now() + ms;
  let last = await fn();
  while (!check(last) && Date.now() < until) {
    await sleep(50);
    last = await fn();
  }
  return last;
}

/** Simulates an outage in the stand-ins: Postgres pointed at a closed port, or Redis calls failing. */
export const outage = (state: Parameters<typeof stopOrStart>[1]) => stopOrStart((env as unknown as { TEST_CONTROL_URL: string }).TEST_CONTROL_URL, state);

export const drop = (id: string, layers: string[], extra: { policy?: string; as?: string; confidential?: boolean; shared?: boolean } = {}) =>
  call("POST", "/__cache/drop", { body: { id, layers, ...extra } });
