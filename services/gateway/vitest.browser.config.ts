// The browser tests (browser/*.spec.ts): in Node, not workerd — they drive headless Chromium against
// the whole mesh, which Miniflare runs from the built bundles (packages/local-backends
// mesh-workers.ts). The back-ends are set up as for the workerd tests (fresh database, migrations,
// demo seed, stand-ins); `npm test` runs this after them, so the two never share a database at once.
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const root = join(import.meta.dirname, "../..");

export default defineConfig({
  test: {
    environment: "node",
    include: ["browser/**/*.spec.ts"],
    globalSetup: [join(root, "packages/local-backends/src/global-setup.ts"), join(root, "scripts/seed.setup.ts")],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
