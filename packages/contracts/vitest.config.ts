// The contracts are plain zod and TypeScript: their tests are the unit tier's (*.unit.spec.ts), except the
// OpenAPI lint (openapi.lint.spec.ts), which runs two linters as processes: this package's integration tier.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
    // The unit tier (vitest.unit.config.ts at the root) runs these, in Node without back-ends.
    exclude: [...configDefaults.exclude, "**/*.unit.spec.ts"],
  },
});
