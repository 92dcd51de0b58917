// The stand-ins are Node code: their tests run in Node (not workerd) and drive them with the real
// Neon and Upstash drivers, against the real Postgres and Redis that global-setup picks.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
    // The unit tier (vitest.unit.config.ts at the root) runs these, in Node without back-ends.
    exclude: [...configDefaults.exclude, "**/*.unit.spec.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
