// A client of the gateway on node:http: raw request targets (no URL normalisation, so the fuzzer can
// send what a hostile client sends), raw body bytes, a chosen source address (127.0.0.2 is another
// client to the per-address limits), and the time each answer took.
import { Agent, request } from "node:http";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
  ms: number;
  /** Set when no HTTP answer came (socket error, client timeout): the status is then 0. */
  error?: string;
  /** Node's client refused to send the request at all (nothing reached the server). */
  unsent?: boolean;
}

export interface Call {
  method: string;
  /** Origin-form target, sent as is. */
  path: string;
  headers?: Record<string, string>;
  /** A value to send as JSON (content-type set unless given), or raw bytes / text. */
  json?: unknown;
  body?: Buffer | string;
  token?: string;
  /** Client-side limit; past it the answer is status 0 with error "client timeout". */
  timeoutMs?: number;
}

const agents = new Map<string, Agent>();
function agentFor(localAddress: string): Agent {
  let a = agents.get(localAddress);
  if (!a) {
    a = new Agent({ keepAlive: true, maxSockets: 64, localAddress });
    agents.set(localAddress, a);
  }
  return a;
}

export class Client {
  constructor(
    readonly base: string,
    readonly localAddress = "127.0.0.1",
  ) {}

  send(c: Call): Promise<Answer> {
    const u = new URL(this.base);
    const headers: Record<string, string> = { ...c.headers };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    let body: Buffer | undefined;
    if (c.json !== undefined) {
      body = Buffer.from(JSON.stringify(c.json));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    } else if (c.body !== undefined) body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
    if (body) headers["content-length"] = String(body.length);
    const t0 = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (a: Omit<Answer, "ms">) => {
        if (done) return;
        done = true;
        resolve({ ...a, ms: performance.now() - t0 });
      };
      let req: ReturnType<typeof request>;
      try {
        req = request({ host: u.hostname, port: u.port, method: c.method, path: c.path, headers, agent: agentFor(this.localAddress), setHost: true }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => chunks.push(d));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = null;
            }
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(", ") : v;
            finish({ status: res.statusCode ?? 0, headers: h, text, json });
          });
          res.on("error", (err) => finish({ status: 0, headers: {}, text: "", json: null, error: err.message }));
        });
      } catch (err) {
        // Node refused to send it (a header or target no HTTP/1.1 request may carry).
        finish({ status: 0, headers: {}, text: "", json: null, error: `not sent: ${(err as Error).message}`, unsent: true });
        return;
      }
      req.on("error", (err) => finish({ status: 0, headers: {}, text: "", json: null, error: err.message }));
      req.setTimeout(c.timeoutMs ?? 30_000, () => {
        finish({ status: 0, headers: {}, text: "", json: null, error: "client timeout" });
        req.destroy();
      });
      req.end(body);
    });
  }
}

export const isProblem = (a: Answer) =>
  /^application\/problem\+json\b/i.test(a.headers["content-type"] ?? "") && a.json !== null && typeof a.json === "object" && a.json.status === a.status;

/** 503/504 as the issue asks of a broken dependency: problem+json with Retry-After. */
export const isCleanUnavailable = (a: Answer) => (a.status === 503 || a.status === 504) && isProblem(a) && /^\d+$/.test(a.headers["retry-after"] ?? "");

export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
