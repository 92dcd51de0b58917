// How workerd's resident memory behaves with no leak to find: the whole mesh, and GET /api/nope
// (answered by the gateway alone, nothing kept) from 8 clients for SECS seconds (default 180), the RSS
// printed every 10 s. V8 collects lazily, so it climbs for a while before it levels off; the load
// test's memory bound allows for that climb (test/4-load.spec.ts).
//   node --import tsx resilience/src/rss-baseline.ts
import { startMesh } from "@pitchey/local-backends/mesh-runner";
import { Client } from "./http";
import { rssMiB, workerdPids } from "./memory";

const seconds = Number(process.env.SECS ?? 180);
const ns = process.env.PITCHEY_TEST_NAMESPACE ? `_${process.env.PITCHEY_TEST_NAMESPACE}` : "";
const mesh = await startMesh({ database: `pitchey_test_resilience_rss${ns}`.replace(/[^a-z0-9_]/g, "_"), redisDb: 11 });
const pids = workerdPids(process.pid);
const c = new Client(mesh.url);
let n = 0;
const t0 = Date.now();
const tick = setInterval(
  () => console.log(`[rss] ${((Date.now() - t0) / 1000).toFixed(0)} s: workerd ${rssMiB(pids).toFixed(0)} MiB after ${n} requests`),
  10_000,
);
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (Date.now() - t0 < seconds * 1000) {
      await c.send({ method: "GET", path: "/api/nope" });
      n++;
    }
  }),
);
clearInterval(tick);
await mesh.stop();
