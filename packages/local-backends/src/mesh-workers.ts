// The whole mesh in one Miniflare, from Node: every service's built bundle (services/*/dist) and the
// canary arms their configs bind, wired by service bindings as deployed, with the gateway on a
// loopback port. For tests that drive it from outside workerd (a browser) — `npm start` runs
// wrangler dev instead, and the workerd tests run inside vitest-pool-workers.
import { Miniflare, type WorkerOptions } from "miniflare";
import { canaryArms, workerOptions } from "./worker-options";

export const SERVICES = ["gateway", "auth", "pitch", "investor", "health"] as const;

export interface MeshWorkers {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  dispose(): Promise<void>;
}

/** `bindings`: what every Worker gets (the test bindings); `databaseUrls`: each service's own role's URL.
 *  The fault switch is on, as in the workerd tests (vitest-config.ts). */
export async function startMeshWorkers(bindings: Record<string, string>, databaseUrls: Record<string, string>): Promise<MeshWorkers> {
  const shared = { ...bindings, FAULT_SWITCH: "on" };
  const forService = (svc: string) => (databaseUrls[svc] ? { ...shared, DATABASE_URL: databaseUrls[svc]! } : shared);
  const workers: WorkerOptions[] = [
    ...SERVICES.map((s) => ({
      ...workerOptions(s, forService(s)),
      ...(s === "gateway" ? { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } : {}),
    })),
    ...canaryArms([...SERVICES]).map((a) => workerOptions(a.service, { ...forService(a.service), ...a.vars }, { name: a.name })),
  ] as WorkerOptions[];
  const mf = new Miniflare({ workers });
  await mf.ready;
  const url = (await mf.unsafeGetDirectURL("pitchey-gateway")).toString().replace(/\/$/, "");
  return { url, dispose: () => mf.dispose() };
}
