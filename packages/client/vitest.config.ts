// The SDK's tests run in Node with a fetch of their own (no back-ends); the end-to-end flow through
// the real gateway is in services/gateway/test/sdk.flow.spec.ts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
  },
});
