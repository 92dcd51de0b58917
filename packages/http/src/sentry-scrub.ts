// What may leave for Sentry: the SDK's beforeSend (sentry-client.ts) passes every event through
// scrubEvent. Pure, so it is tested on its own (sentry-scrub.unit.spec.ts) and end to end (the gateway's
// sentry.spec.ts). Rules:
// - the request keeps its method, path and a few harmless headers; never a body, a query string,
//   cookies or any other header (Authorization, Cookie, the gateway's signed identity, …);
// - the user is an id only (no email, name or address);
// - keys that name a secret or personal field are dropped wherever they appear (extra, contexts,
//   tags, breadcrumb data);
// - every remaining string is searched for email addresses, bearer tokens, JWTs and `password=…`
//   pairs, which are replaced by a placeholder (error messages can quote input).

/** Request headers that may be sent: none of them carries a secret or personal data. */
export const SAFE_HEADERS = new Set([
  "accept",
  "content-type",
  "content-length",
  "user-agent",
  "x-request-id",
  "traceparent",
  "cf-ray",
  "x-pitchey-arm",
  "x-pitchey-gateway-version",
]);
/** Keys whose values are never sent, wherever they appear. */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|e-?mail|jwt|api[-_]?key|session|identity|credential|private/i;

const STRING_RULES: [RegExp, string][] = [
  [/\b(bearer)\s+[^\s"',;]+/gi, "$1 [token]"],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, "[token]"],
  [/[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+/g, "[email]"],
  [/\b(pass(?:word)?|secret|token|api[-_]?key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, "$1$2[redacted]"],
];

export function scrubString(s: string): string {
  let out = s;
  for (const [re, to] of STRING_RULES) out = out.replace(re, to);
  return out;
}

/** Strings scrubbed and secret-named keys dropped, recursively (depth-limited, as Sentry's own). */
export function scrubValue(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrubString(v);
  if (v === null || typeof v !== "object" || depth > 8) return v;
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!SECRET_KEY.test(k)) out[k] = scrubValue(x, depth + 1);
  return out;
}

interface Frame {
  vars?: unknown;
  [k: string]: unknown;
}
/** The parts of a Sentry event this looks at (the SDK's Event type, loosely: no SDK import here). */
export interface ScrubbableEvent {
  message?: string;
  request?: {
    method?: string;
    url?: string;
    headers?: Record<string, string>;
    data?: unknown;
    cookies?: unknown;
    query_string?: unknown;
    env?: unknown;
    [k: string]: unknown;
  };
  user?: { id?: string | number; [k: string]: unknown };
  exception?: { values?: { value?: string; stacktrace?: { frames?: Frame[] }; [k: string]: unknown }[] };
  breadcrumbs?: { message?: string; data?: unknown; [k: string]: unknown }[];
  extra?: Record<string, unknown>;
  contexts?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  [k: string]: unknown;
}

export function scrubEvent<E extends object>(event: E): E {
  const e: ScrubbableEvent = { ...(event as ScrubbableEvent) };
  if (e.request) {
    const { method, url, headers } = e.request;
    const safe = Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => SAFE_HEADERS.has(k.toLowerCase())));
    // The path only: a query string can hold search text, and nothing in it is needed to debug.
    e.request = { method, url: url ? scrubString(url.split(/[?#]/)[0]!) : url, headers: safe };
  }
  if (e.user) e.user = e.user.id === undefined ? {} : { id: e.user.id };
  if (e.message) e.message = scrubString(e.message);
  if (e.exception?.values) {
    e.exception = {
      ...e.exception,
      values: e.exception.values.map((x) => ({
        ...x,
        value: x.value === undefined ? undefined : scrubString(x.value),
        stacktrace: x.stacktrace?.frames ? { ...x.stacktrace, frames: x.stacktrace.frames.map(({ vars: _v, ...f }) => f) } : x.stacktrace,
      })),
    };
  }
  // A transaction is named by its path, where a client-chosen segment (a 404's) can hold anything.
  if (typeof e.transaction === "string") e.transaction = scrubString(e.transaction);
  if (Array.isArray(e.spans))
    e.spans = (e.spans as { description?: unknown }[]).map((x) => (typeof x.description === "string" ? { ...x, description: scrubString(x.description) } : x));
  if (e.breadcrumbs) e.breadcrumbs = e.breadcrumbs.map((b) => scrubValue(b) as typeof b);
  for (const k of ["extra", "contexts", "tags"] as const) if (e[k]) e[k] = scrubValue(e[k]) as Record<string, unknown>;
  return e as unknown as E;
}
