// The SDK's tests run in Node with a fetch of their own (no back-ends): the unit tier's (*.unit.spec.ts),
// except the two that run the TypeScript compiler, kept here: the package's type check
// (test/typecheck.spec.ts) and the generated files' freshness (test/generated.spec.ts: loading
// openapi-typescript and TypeScript was ~40% of the unit tier's CPU for one test). The end-to-end flow
// through the real gateway is in services/gateway/test/sdk.flow.spec.ts.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
    // The unit tier (vitest.unit.config.ts at the root) runs these, in Node without back-ends.
    exclude: [...configDefaults.exclude, "**/*.unit.spec.ts"],
  },
});
