// Loaded by path: vitest bundles config files but not TypeScript from node_modules.
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

export default workerTestConfig({
  dir: import.meta.dirname,
  auxiliaries: ["auth", "pitch", "investor", "health"],
  // The gateway's own built bundle as a Worker of its own, for tests that send thousands of requests
  // (test/canary.helpers.ts): each call is a request of its own, as in production, and avoids
  // SELF.fetch, which slows down with every request a test file makes.
  aliases: [{ name: "gateway-bundle", service: "gateway" }],
  serviceBindings: { GATEWAY_BUNDLE: "gateway-bundle" },
});
