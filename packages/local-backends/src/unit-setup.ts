// setupFiles of the unit tier (vitest.unit.config.ts): runs in each worker before its test files.
import { forbidNetwork } from "./unit-guard";

forbidNetwork();
