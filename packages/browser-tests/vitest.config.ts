// Browser tests run in Node: they start the built Workers in Miniflare and drive headless Chromium
// (src/browser.ts) against the gateway.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.spec.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
