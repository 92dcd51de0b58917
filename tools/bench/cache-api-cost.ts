// What one Cache API operation costs in workerd CPU under Miniflare, next to one fetch to a loopback
// server. Miniflare emulates caches.default with a Worker and a Durable Object inside the same workerd
// process, so that cost lands in the benchmark's "workerd µs/req" column; on Cloudflare the cache is
// the runtime's own, and a Worker pays for a put or match about what it pays for a subrequest.
import { createServer } from "node:http";
import { Miniflare } from "miniflare";
import { cpuSeconds, workerdChildren } from "./proc-cpu";

const ROUNDS = 3;
const OPS = 400;

// One body the size of a cached pitch entry; each op on its own key, as misses and fills are.
const script = (port: number) => `export default { async fetch(req) {
  const q = new URL(req.url).searchParams, n = Number(q.get("n")), op = q.get("op");
  const body = JSON.stringify({ s: 1, f: 2, e: 3, v: { id: "x", title: "t".repeat(120), logline: "l".repeat(400) } });
  for (let i = 0; i < n; i++) {
    const url = "https://cache.pitchey.internal/v1/" + op + i + "-" + Math.random();
    if (op === "put") await caches.default.put(url, new Response(body, { headers: { "content-type": "application/json", "cache-control": "max-age=600" } }));
    else if (op === "match") await caches.default.match(url);
    else await (await fetch("http://127.0.0.1:${port}/")).text();
  }
  return new Response("ok");
} }`;

export interface CacheApiCost {
  put: number;
  match: number;
  fetch: number;
}

/** Median workerd CPU µs per operation over ROUNDS rounds of OPS operations each. */
export async function cacheApiCost(): Promise<CacheApiCost> {
  const server = createServer((_req, res) => res.end('{"result":null}'));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const before = new Set(workerdChildren());
  const mf = new Miniflare({ modules: true, script: script(port), compatibilityDate: "2026-04-20" });
  try {
    await mf.ready;
    const pids = workerdChildren().filter((p) => !before.has(p));
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const out: Record<string, number[]> = { put: [], match: [], fetch: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const op of Object.keys(out)) {
        const c0 = cpuSeconds(pids);
        await (await mf.dispatchFetch(`http://probe/?op=${op}&n=${OPS}`)).text();
        out[op]!.push((1e6 * (cpuSeconds(pids) - c0)) / OPS);
      }
    }
    return { put: median(out.put!), match: median(out.match!), fetch: median(out.fetch!) };
  } finally {
    await mf.dispose();
    server.close();
  }
}
