// Operator tools run in Node; their tests drive a whole mesh under Miniflare (built bundles) the way
// an operator drives a deployment: over HTTP and Redis.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
    // The unit tier (vitest.unit.config.ts at the root) runs these, in Node without back-ends.
    exclude: [...configDefaults.exclude, "**/*.unit.spec.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
