// Locates the pinned pnpm: a global one of the right version, else a private copy in .tools/.
// Only Node built-ins here: this runs before anything is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const localBin = join(root, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");

function globalVersion() {
  try {
    return execFileSync("pnpm", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, COREPACK_ENABLE_STRICT: "0" },
    }).trim();
  } catch {
    return null;
  }
}

/** The command (argv prefix) that runs the pinned pnpm, installing it into .tools/ when needed. */
export function pnpmCommand({ install = true } = {}) {
  if (globalVersion() === PNPM_VERSION) return ["pnpm"];
  if (!existsSync(localBin)) {
    if (!install) throw new Error(`pnpm ${PNPM_VERSION} is not installed; run npm test or npm start once`);
    console.log(`[bootstrap] installing pnpm ${PNPM_VERSION} into .tools/ (npm registry)`);
    const r = spawnSync(
      "npm",
      ["install", "--prefix", join(root, ".tools"), "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${PNPM_VERSION}`],
      { stdio: "inherit", cwd: root },
    );
    if (r.status !== 0) throw new Error("could not install pnpm from the npm registry");
  }
  return [process.execPath, localBin];
}

/** No telemetry from turbo or wrangler, ever (they would phone out on every run). */
export const QUIET = { TURBO_TELEMETRY_DISABLED: "1", WRANGLER_SEND_METRICS: "false", DO_NOT_TRACK: "1" };

/** PATH with the private pnpm first: turbo looks the package manager up on PATH. */
export function pathWithPnpm() {
  return [join(root, ".tools", "node_modules", ".bin"), join(root, "node_modules", ".bin"), process.env.PATH].join(":");
}

/** Runs pnpm with args, inheriting stdio; returns the exit status. */
export function runPnpm(args, opts = {}) {
  const [cmd, ...pre] = pnpmCommand();
  const r = spawnSync(cmd, [...pre, ...args], { stdio: "inherit", cwd: root, ...opts, env: { ...process.env, ...QUIET, PATH: pathWithPnpm(), ...opts.env } });
  return r.status ?? 1;
}
