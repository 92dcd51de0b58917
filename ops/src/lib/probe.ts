// One HTTP request to a running deployment, timed and bounded, for the operator scripts (verify,
// monitor). Node's global fetch only. A network failure or a timeout becomes a ProbeError whose
// message an operator can act on ("connection refused", "no answer in 10 s"), not "fetch failed".

export interface Probe {
  status: number;
  headers: Headers;
  /** Wall time from sending the request to having read the whole body, ms. */
  ms: number;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON (application/json or application/problem+json), else undefined. */
  json: unknown;
}

export interface ProbeOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request too (an overall deadline, Ctrl-C). */
  signal?: AbortSignal;
}

export class ProbeError extends Error {
  constructor(
    message: string,
    readonly kind: "unreachable" | "timeout" | "aborted" | "network",
    readonly ms: number,
  ) {
    super(message);
    this.name = "ProbeError";
  }
}

/** The base URL from a flag or PITCHEY_BASE_URL, checked and without a trailing slash. */
export function resolveBase(flag: string | undefined): string {
  const raw = flag ?? process.env.PITCHEY_BASE_URL ?? "http://127.0.0.1:8787";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--base ${JSON.stringify(raw)} is not a URL (e.g. http://127.0.0.1:8787)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--base must be http(s), got ${url.protocol}`);
  return url.toString().replace(/\/+$/, "");
}

/** Why fetch failed, in words: undici hides the socket error in `cause`. */
function describe(err: unknown, timeoutMs: number, outer: AbortSignal | undefined): { message: string; kind: ProbeError["kind"] } {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (outer?.aborted) {
    const reason = outer.reason as Error | undefined;
    return {
      message: reason?.name === "TimeoutError" ? "stopped: the overall deadline was reached" : `stopped (${reason?.message ?? "aborted"})`,
      kind: "aborted",
    };
  }
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return { message: `no answer in ${timeoutMs / 1000} s`, kind: "timeout" };
  const code = e?.cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused (nothing listening)",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found (DNS)",
    EAI_AGAIN: "DNS lookup failed",
    EHOSTUNREACH: "host unreachable",
    ETIMEDOUT: "connection timed out",
    UND_ERR_SOCKET: "socket closed by the server",
  };
  if (code && words[code]) return { message: `${words[code]}: ${e.cause?.message ?? code}`, kind: "unreachable" };
  return { message: e?.cause?.message ?? e?.message ?? String(err), kind: "network" };
}

export async function probe(base: string, path: string, opts: ProbeOptions): Promise<Probe> {
  const headers: Record<string, string> = { accept: "application/json, text/html;q=0.5", ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
      redirect: "manual",
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    const contentType = res.headers.get("content-type") ?? "";
    let json: unknown;
    if (/^application\/(problem\+)?json\b/i.test(contentType) && text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined; // the caller reports "not JSON" with the content type it claimed
      }
    }
    return { status: res.status, headers: res.headers, ms, contentType, text, json };
  } catch (err) {
    const { message, kind } = describe(err, opts.timeoutMs, opts.signal);
    throw new ProbeError(`${opts.method ?? "GET"} ${path}: ${message}`, kind, performance.now() - t0);
  }
}

/** Nearest-rank percentile of samples (q in 0..1); null when there are none. */
export function percentile(samples: readonly number[], q: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
