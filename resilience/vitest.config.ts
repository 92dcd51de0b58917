// The resilience suite: one mesh for the whole run (src/setup.ts), files one at a time in a fixed
// order — the authorization matrix, the faults, the fuzzer, then the load run.
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.spec.ts"],
    globalSetup: ["src/setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
