// The unit tier (`npm run test:unit`; `npm test` runs it first): every `*.unit.spec.ts` in the
// repository, in Node — no workerd, no database, no Redis, no built bundle, no globalSetup. Pure
// rules live beside their code under that name; every other `*.spec.ts` is its package's
// integration tier (its own vitest.config.ts, which excludes these files).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    environment: "node",
    include: ["{packages,services}/*/{src,test}/**/*.unit.spec.ts", "{ops,resilience}/{src,test}/**/*.unit.spec.ts"],
    // A socket or fetch fails the test at once, naming the tier it belongs to (unit-guard.ts).
    setupFiles: ["packages/local-backends/src/unit-setup.ts"],
    // One module graph per worker thread instead of per file: zod, jose and the contracts load once,
    // which takes the tier from ~55 s to ~12 s on two busy cores. So a unit test puts back any module
    // state it changes (useSentry, vi mocks: in afterEach).
    pool: "threads",
    isolate: false,
    // Some take seconds on a machine others share (base64url over every byte value, PBKDF2): the
    // encoding one passed vitest's 5 s default at a load of 23. A hang still fails.
    testTimeout: 20_000,
  },
});
