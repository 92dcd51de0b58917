// `node scripts/pnpm.mjs <args>`: the project's pinned pnpm, whatever is installed globally.
import { runPnpm } from "./lib-pnpm.mjs";
process.exit(runPnpm(process.argv.slice(2)));
