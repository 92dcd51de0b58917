// Loaded by path: vitest bundles config files but not TypeScript from node_modules.
// The PITCH binding needs pitchey-pitch (which binds AUTH) loaded from their built dist/.
import { workerTestConfig } from "../../packages/local-backends/src/vitest-config";

export default workerTestConfig({ dir: import.meta.dirname, absent: ["pitchey-health"], auxiliaries: ["pitch", "auth"] });
