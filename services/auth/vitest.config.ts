// Loaded by path: vitest bundles config files but not TypeScript from node_modules.
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

export default workerTestConfig({ dir: import.meta.dirname, absent: ["pitchey-health"], auxiliaries: [] });
