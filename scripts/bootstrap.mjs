// First step of `npm start` and `npm test`: pinned pnpm, dependencies from the lockfile, local secrets.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runPnpm, root } from "./lib-pnpm.mjs";

process.env.WRANGLER_SEND_METRICS = "false";
process.env.TURBO_TELEMETRY_DISABLED = "1";
const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
if (runPnpm(["install", ...frozen, "--reporter=append-only", "--config.confirmModulesPurge=false"]) !== 0) {
  console.error("[bootstrap] pnpm install failed");
  process.exit(1);
}
const gen = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "gen-dev-vars.ts")], { stdio: "inherit", cwd: root });
if (gen.status !== 0) process.exit(1);
