// The five built Workers (services/*/dist, which turbo builds before these tests) in one Miniflare,
// wired by their service bindings, with the gateway on a loopback port a browser can open. No
// database or Redis unless `bindings` brings them: pages that need neither (the /docs reference)
// render without them.
import { Miniflare } from "miniflare";
import { canaryArms, workerOptions } from "../../local-backends/src/worker-options";
import { generateSecrets } from "../../http/src/keys";

const SERVICES = ["gateway", "auth", "pitch", "investor", "health"];

export interface Mesh {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  stop(): Promise<void>;
}

export async function startMesh(bindings: Record<string, string> = {}): Promise<Mesh> {
  const all = { ...(await generateSecrets("browser-tests")), SERVICE_VERSION: "browser-test", LOG_LEVEL: "error", ...bindings };
  const mf = new Miniflare({
    workers: [
      { ...workerOptions("gateway", all), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
      ...SERVICES.slice(1).map((s) => workerOptions(s, all)),
      ...canaryArms(SERVICES).map((a) => workerOptions(a.service, { ...all, ...a.vars }, { name: a.name })),
    ],
  });
  await mf.ready;
  const origin = (await mf.unsafeGetDirectURL("pitchey-gateway")).toString().replace(/\/$/, "");
  return { origin, stop: () => mf.dispose() };
}
