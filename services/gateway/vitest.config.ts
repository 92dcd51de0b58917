// Loaded by path: vitest bundles config files but not TypeScript from node_modules.
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

/** The same built bundles again, logging every request at info (their console output collected by
 *  tail Workers) and sending every request to Sentry as a transaction (test/observability.trace.spec.ts):
 *  gateway → pitch → auth, one request, three logs, one trace. */
const logged = { LOG_LEVEL: "info", SENTRY_TRACES_SAMPLE_RATE: "1" };

export default workerTestConfig({
  dir: import.meta.dirname,
  auxiliaries: ["auth", "pitch", "investor", "health"],
  // The gateway's own built bundle as a Worker of its own, for tests that send thousands of requests
  // (test/canary.helpers.ts): each call is a request of its own, as in production, and avoids
  // SELF.fetch, which slows down with every request a test file makes.
  aliases: [
    { name: "gateway-bundle", service: "gateway" },
    { name: "gateway-logged", service: "gateway", vars: logged, rebind: { AUTH: "auth-logged", PITCH: "pitch-logged" }, logged: true },
    { name: "pitch-logged", service: "pitch", vars: logged, rebind: { AUTH: "auth-logged" }, logged: true },
    { name: "auth-logged", service: "auth", vars: logged, logged: true },
  ],
  serviceBindings: { GATEWAY_BUNDLE: "gateway-bundle", GATEWAY_LOGGED: "gateway-logged" },
});
