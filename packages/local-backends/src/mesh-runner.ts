// The whole mesh under Miniflare in Node, from the services' built bundles (dist/): the five
// Workers and a canary arm of every service behind the gateway, wired by service bindings, over a
// local stack (mesh.ts). For tests that drive the mesh from outside as a client or an operator
// would (the rollout controller, the resilience suite) — not for development (npm start).
import { Miniflare, type WorkerOptions } from "miniflare";
import { startLocalStack, type LocalStack } from "./mesh";
import { generateSecrets } from "@pitchey/http/keys";
import { canaryArms, workerOptions } from "./worker-options";

export const MESH_SERVICES = ["gateway", "auth", "pitch", "investor", "health"] as const;

export interface Mesh {
  /** The gateway's own socket. */
  url: string;
  stack: LocalStack;
  mf: Miniflare;
  /** UPSTASH_REDIS_REST_URL/TOKEN of the stack (what an operator's script needs). */
  redis: { url: string; token: string } | null;
  stop(): Promise<void>;
}

export interface MeshOptions {
  database: string;
  redisDb: number;
  /** Vars every Worker gets on top of its wrangler.jsonc's (LOG_LEVEL, CANARY_* …). */
  vars?: Record<string, string>;
  /** Seed the demo data (ops/src/seed.ts), given by the caller: packages do not import ops. */
  seed?: (databaseUrl: string) => Promise<void>;
  log?: (line: string) => void;
}

export async function startMesh(o: MeshOptions): Promise<Mesh> {
  const stack = await startLocalStack({ database: o.database, redisDb: o.redisDb, control: true, environment: "test", log: o.log });
  try {
    if (o.seed) await o.seed(stack.databaseUrl);
    const { DATABASE_URL: _owner, ...shared } = stack.bindings;
    const common = { ...shared, ...(await generateSecrets("mesh-key")), SERVICE_VERSION: "mesh", LOG_LEVEL: "error", FAULT_SWITCH: "on", ...o.vars };
    const forService = (svc: string) => (stack.serviceDatabaseUrls[svc] ? { ...common, DATABASE_URL: stack.serviceDatabaseUrls[svc]! } : common);
    const workers: WorkerOptions[] = [
      { ...workerOptions("gateway", forService("gateway")), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } as WorkerOptions,
      ...MESH_SERVICES.slice(1).map((s) => workerOptions(s, forService(s)) as WorkerOptions),
      ...canaryArms([...MESH_SERVICES], "mesh-canary").map(
        (a) => workerOptions(a.service, { ...forService(a.service), ...a.vars }, { name: a.name }) as WorkerOptions,
      ),
    ];
    const mf = new Miniflare({ workers });
    await mf.ready;
    const url = (await mf.unsafeGetDirectURL("pitchey-gateway")).toString().replace(/\/$/, "");
    const b = stack.bindings;
    return {
      url,
      stack,
      mf,
      redis: b.UPSTASH_REDIS_REST_URL ? { url: b.UPSTASH_REDIS_REST_URL, token: b.UPSTASH_REDIS_REST_TOKEN! } : null,
      async stop() {
        await mf.dispose();
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
