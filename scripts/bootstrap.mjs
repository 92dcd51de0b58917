// First step of `npm start` and `npm test` (and, `--if-stale`, of `npm run test:unit`): pinned pnpm,
// dependencies from the lockfile, local secrets.
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runPnpm, root } from "./lib-pnpm.mjs";

// `--if-stale` (npm run test:unit, which needs no local secrets): done when the installed tree was
// made from this lockfile (pnpm keeps a copy in node_modules/.pnpm/lock.yaml); pnpm's own up-to-date
// check takes ~20 s on a busy machine, most of the unit tier's budget.
const lock = join(root, "pnpm-lock.yaml");
const installed = join(root, "node_modules", ".pnpm", "lock.yaml");
if (process.argv.includes("--if-stale") && existsSync(installed) && existsSync(lock) && readFileSync(installed, "utf8") === readFileSync(lock, "utf8"))
  process.exit(0);

process.env.WRANGLER_SEND_METRICS = "false";
process.env.TURBO_TELEMETRY_DISABLED = "1";
const frozen = existsSync(lock) ? ["--frozen-lockfile"] : [];
if (runPnpm(["install", ...frozen, "--reporter=append-only", "--config.confirmModulesPurge=false"]) !== 0) {
  console.error("[bootstrap] pnpm install failed");
  process.exit(1);
}
const gen = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "gen-dev-vars.ts")], { stdio: "inherit", cwd: root });
if (gen.status !== 0) process.exit(1);
