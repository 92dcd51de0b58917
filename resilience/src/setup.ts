// vitest globalSetup: one mesh for the whole suite — the five Workers and their canary arms under
// Miniflare from the built bundles, over a fresh migrated and seeded database and Redis, with the
// stand-ins' outage switch and the fault switch on — behind the local edge (the client address from
// the socket, as Cloudflare gives it), so clients on 127.0.0.1 and 127.0.0.2 are two addresses.
import type { TestProject } from "vitest/node";
import { startEdge } from "@pitchey/local-backends";
import { startMesh } from "@pitchey/local-backends/mesh-runner";
import { seed } from "../../ops/src/seed";
import { clearReport } from "./report";
import { MESH, runSeed } from "./settings";

export default async function setup(project: TestProject) {
  clearReport();
  const ns = process.env.PITCHEY_TEST_NAMESPACE ? `_${process.env.PITCHEY_TEST_NAMESPACE}` : "";
  const t0 = performance.now();
  const mesh = await startMesh({
    database: `pitchey_test_resilience${ns}`.replace(/[^a-z0-9_]/g, "_"),
    redisDb: Number(process.env.PITCHEY_TEST_REDIS_DB ?? 10),
    seed: (url) => seed(url, { log: () => {} }),
    vars: {
      UPSTREAM_TIMEOUT_MS: String(MESH.upstreamTimeoutMs),
      // Every client of the suite shares two addresses; the registration limit would stop its sign-ups.
      REGISTER_LIMIT_PER_HOUR: "1000000",
    },
    log: (l) => console.log(`[resilience] ${l}`),
  });
  if (!mesh.redis) {
    await mesh.stop();
    throw new Error("the resilience suite needs Redis (REDIS_URL, a server on 127.0.0.1:6379, or the embedded store)");
  }
  const gw = new URL(mesh.url);
  const edge = await startEdge({ upstream: { host: gw.hostname, port: Number(gw.port) }, host: "127.0.0.1" });
  console.log(
    `[resilience] mesh up in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${edge.url} (gateway ${mesh.url}), back-ends ${mesh.stack.backends.kinds.postgres}/${mesh.stack.backends.kinds.redis}`,
  );
  project.provide("baseUrl", edge.url);
  project.provide("redis", mesh.redis);
  project.provide("databaseUrl", mesh.stack.databaseUrl);
  project.provide("controlUrl", `${mesh.stack.standIns.url}/__control`);
  project.provide("meshPid", process.pid);
  const seedOfRun = runSeed();
  console.log(`[resilience] seed ${seedOfRun} (set RESILIENCE_SEED=${seedOfRun} to repeat this run's choices)`);
  project.provide("seed", seedOfRun);
  return async () => {
    await edge.close();
    await mesh.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    redis: { url: string; token: string };
    databaseUrl: string;
    controlUrl: string;
    /** The process that spawned workerd (Miniflare runs it as a child of the globalSetup's process). */
    meshPid: number;
    /** The run's seed (RESILIENCE_SEED or a new one): the fuzz cases and the workload mix. */
    seed: number;
  }
}
