// What tests inside workerd use to call the Worker under test as a client would, and to switch the
// stand-ins' outages (the data package's cache tests, the gateway's end-to-end tests). No Node API:
// it runs in workerd, given the test's SELF and env.

export interface CallInit {
  /** Sent as JSON (content-type application/json unless `headers` names one). */
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as it is (when there is no `body`). */
  raw?: string;
}

export interface CallReply {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or null (empty or not JSON). */
  json: any;
  text: string;
}

/** Anything that takes a fetch: the test's SELF. */
export interface Fetches {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** Sends `method path` to `target` at `base` and reads the whole answer; `check` sees every answer
 *  first (the gateway's tests check it against the OpenAPI document). */
export async function callWorker(
  target: Fetches,
  base: string,
  method: string,
  path: string,
  init: CallInit = {},
  check?: (method: string, url: string, status: number, headers: Headers, text: string) => Promise<void>,
): Promise<CallReply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await target.fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  await check?.(method, `${base}${path}`, res.status, res.headers, text);
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Simulates an outage in the stand-ins (their control URL, TEST_CONTROL_URL in the test's env):
 *  Postgres pointed at a closed port, or Redis calls failing or hanging. */
export async function outage(controlUrl: string, state: { postgres?: "up" | "down"; redis?: "up" | "down" | "hang" }): Promise<void> {
  const res = await fetch(controlUrl, { method: "POST", body: JSON.stringify(state) });
  if (!res.ok) throw new Error(`control failed: ${res.status}`);
  await res.text();
}
