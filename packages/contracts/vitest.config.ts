// The contracts are plain zod and TypeScript: their tests run in Node, with no back-ends.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
  },
});
