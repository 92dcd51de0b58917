// The SDK's tests run in Node with a fetch of their own (no back-ends): the unit tier's (*.unit.spec.ts),
// except the package's type check (test/typecheck.spec.ts, tsc as a process). The end-to-end flow
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
