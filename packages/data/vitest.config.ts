// Tests run in workerd against real Postgres and Redis, through a test Worker that uses this package
// as a service would (test/worker.ts).
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

export default workerTestConfig({ dir: import.meta.dirname, main: "./test/worker.ts" });
