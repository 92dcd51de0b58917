// Runs an operator command (ops/src/<name>.ts) as a child process, as `npm run <name>` would.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../src/target";

export function runCli(name: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "ops", "src", `${name}.ts`), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}
