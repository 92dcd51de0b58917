// The local edge (npm start's stand-in for Cloudflare's): the client address comes from the socket,
// never from a header the client chose; what the runtime would answer as text/plain is problem+json.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type Edge } from "../src/edge";

let upstream: Server;
let edge: Edge;
let seen: { method?: string; url?: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain", "x-up": "1" }).end(`echo:${body}`));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  edge = await startEdge({ upstream: { host: "127.0.0.1", port: (upstream.address() as AddressInfo).port } });
});
afterAll(async () => {
  await edge.close();
  await new Promise((r) => upstream.close(r));
});

/** Sends raw bytes; resolves to what came back. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(edge.port, "127.0.0.1", () => s.write(bytes));
    let d = "";
    s.on("data", (c) => (d += c));
    s.on("close", () => resolve(d));
    setTimeout(() => s.destroy(), 2_000);
  });
}
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4));

describe("local edge", () => {
  it("sets CF-Connecting-IP from the socket and drops the client's own platform headers", async () => {
    seen = [];
    const res = await fetch(`${edge.url}/api/pitches?x=1`, {
      method: "POST",
      body: "hi",
      headers: {
        "cf-connecting-ip": "203.0.113.66",
        "x-forwarded-for": "1.1.1.1",
        "true-client-ip": "2.2.2.2",
        "mf-cf-blob": "{}",
        "cf-ipcountry": "ZZ",
        authorization: "Bearer t",
      },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("echo:hi");
    expect(res.headers.get("x-up")).toBe("1");
    const h = seen[0]!.headers;
    expect(h["cf-connecting-ip"]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-for", "true-client-ip", "mf-cf-blob", "cf-ipcountry"]) expect(h[name], name).toBeUndefined();
    expect(h.authorization).toBe("Bearer t");
    expect(seen[0]!.url).toBe("/api/pitches?x=1");
  });

  it("answers an unknown method with 405 problem+json", async () => {
    const r = await raw("FOO /api/pitches HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(r).toMatch(/^HTTP\/1\.1 405/);
    expect(r).toMatch(/content-type: application\/problem\+json/);
    expect(bodyOf(r)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
  });

  it("answers CONNECT with 405 problem+json", async () => {
    const r = await raw("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
    expect(r).toMatch(/^HTTP\/1\.1 405/);
    expect(bodyOf(r)).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });

  it("takes an absolute-form target for its own host, and refuses one for another host with 400", async () => {
    seen = [];
    const ok = await raw(`GET http://127.0.0.1:${edge.port}/api/health?a=b HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\nConnection: close\r\n\r\n`);
    expect(ok).toMatch(/^HTTP\/1\.1 200/);
    expect(seen[0]!.url).toBe("/api/health?a=b");
    const bad = await raw(`GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\n\r\n`);
    expect(bad).toMatch(/^HTTP\/1\.1 400/);
    expect(bodyOf(bad)).toMatchObject({ status: 400, code: "MALFORMED_REQUEST" });
  });

  it("answers malformed HTTP with 400 problem+json", async () => {
    const r = await raw("GET / HTTP/1.1\r\nHost x\r\n\r\n");
    expect(r).toMatch(/^HTTP\/1\.1 400/);
    expect(bodyOf(r)).toMatchObject({ code: "MALFORMED_REQUEST" });
  });
});
