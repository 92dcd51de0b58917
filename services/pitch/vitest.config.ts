// Loaded by path: vitest bundles config files but not TypeScript from node_modules.
// The AUTH binding (creator names) needs pitchey-auth loaded from its built dist/.
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

export default workerTestConfig({ dir: import.meta.dirname, absent: ["pitchey-health"], auxiliaries: ["auth"] });
