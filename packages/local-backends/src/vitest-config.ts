// The one vitest config every Worker package uses: tests run inside workerd, with real Postgres and
// Redis behind the stand-ins, and (for the gateway and health) the other services as auxiliary
// Workers built to dist/ and reached through real service bindings.
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { configDefaults, defineConfig } from "vitest/config";
import { canaryArms, workerOptions } from "./worker-options";
import { logSinkName, logSinkWorker } from "./log-sink";

export interface WorkerTestOptions {
  /** The package directory (pass import.meta.dirname). */
  dir: string;
  /** Other services to load as auxiliary Workers, from their built dist/. */
  auxiliaries?: string[];
  /** Extra auxiliary Workers: the same service again under another name (canary arms), with its
   *  service bindings pointed at other Workers (`rebind`) and its console output sent to the log
   *  sink (`logged`: a tail Worker posts it to the stand-ins, test-sinks.ts). */
  aliases?: { name: string; service: string; vars?: Record<string, string>; rebind?: Record<string, string>; logged?: boolean }[];
  /** Extra service bindings of the Worker under test: binding → Worker name (an alias above, say). */
  serviceBindings?: Record<string, string>;
  /** Workers that what this test loads binds but that it does not need (a service's HEALTH, its
   *  Sentry relay, in the service's own suite): each is stood in for by a Worker answering 503. Only
   *  these: a binding to any other Worker not loaded still stops workerd, as a typo should. */
  absent?: string[];
  /** Test worker entry, when the package is not itself a Worker with a wrangler.jsonc. */
  main?: string;
  compatibilityDate?: string;
}

export function workerTestConfig(opts: WorkerTestOptions) {
  const hasWrangler = existsSync(join(opts.dir, "wrangler.jsonc"));
  return defineConfig({
    plugins: [
      cloudflareTest(({ inject }) => {
        // The fault switch works in tests (stable and canary arms alike); never in a deployed config.
        const shared: Record<string, string> = { ...inject("bindings"), TEST_CONTROL_URL: inject("controlUrl"), FAULT_SWITCH: "on" };
        // Each service connects as its own role, as deployed; the gateway has no database. A package's
        // own test Worker (no wrangler.jsonc) plays a service with its own tables: the owner's URL.
        const urls = inject("serviceDatabaseUrls");
        const forService = (svc: string) => (urls[svc] ? { ...shared, DATABASE_URL: urls[svc] } : shared);
        const bindings = hasWrangler ? forService(basename(opts.dir)) : { ...shared, DATABASE_URL: shared.TEST_OWNER_DATABASE_URL! };
        const workers = [
          ...(opts.auxiliaries ?? []).map((s) => workerOptions(s, forService(s))),
          // Every canary arm the Workers under test bind: the same bundle under the canary's name.
          ...canaryArms([opts.dir, ...(opts.auxiliaries ?? [])]).map((a) =>
            workerOptions(a.service, { ...forService(a.service), ...a.vars }, { name: a.name }),
          ),
          ...(opts.aliases ?? []).map((a) => ({
            ...workerOptions(a.service, { ...forService(a.service), ...a.vars }, { name: a.name, rebind: a.rebind }),
            ...(a.logged ? { tails: [logSinkName(a.name)] } : {}),
          })),
          ...(opts.aliases ?? []).filter((a) => a.logged).map((a) => logSinkWorker(inject("standInsUrl"), a.name)),
        ];
        const absent = (opts.absent ?? []).map(absentWorker);
        return {
          ...(hasWrangler ? { wrangler: { configPath: join(opts.dir, "wrangler.jsonc") } } : {}),
          ...(opts.main ? { main: opts.main } : {}),
          miniflare: {
            ...(hasWrangler ? {} : { compatibilityDate: opts.compatibilityDate ?? "2026-04-20", compatibilityFlags: ["nodejs_compat"] }),
            bindings,
            ...(opts.serviceBindings ? { serviceBindings: opts.serviceBindings } : {}),
            workers: [...workers, ...absent],
          },
        };
      }),
    ],
    test: {
      // Then the demo seed, as `npm start` has it (tests may check figures against it): the seed is an
      // operator command (ops/src/seed.ts) that writes every service's tables, which no package may
      // know about; scripts/seed.setup.ts is its vitest hook.
      globalSetup: [join(import.meta.dirname, "global-setup.ts"), join(import.meta.dirname, "../../../scripts/seed.setup.ts")],
      include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
      // Pure tests are the unit tier's (vitest.unit.config.ts at the root: Node, no back-ends).
      exclude: [...configDefaults.exclude, "**/*.unit.spec.ts"],
      // Fault tests flip the shared stand-ins; files run one at a time so they cannot disturb each other.
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}

/** A stand-in for a Worker a test does not load: every request is 503, as an unreachable service's. */
function absentWorker(name: string) {
  const script = `export default { fetch: () => new Response(${JSON.stringify(`${name} is not loaded in this test`)}, { status: 503 }) };`;
  return { name, modules: [{ type: "ESModule" as const, path: "absent.mjs", contents: script }], compatibilityDate: "2026-04-20" };
}
