// Where a running `npm start` is, for the operator scripts run beside it (rollout, fault, verify):
// .local/stack.json (git-ignored), written once the gateway answers, removed when it stops. It holds
// the run's Upstash stand-in token, which is made per run and dies with it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StackFile {
  gateway: string;
  upstashUrl: string | null;
  upstashToken: string | null;
  databaseUrl: string;
  pid: number;
}

const file = (root: string) => join(root, ".local", "stack.json");

export function writeStackFile(root: string, s: StackFile): void {
  mkdirSync(join(root, ".local"), { recursive: true });
  writeFileSync(file(root), JSON.stringify(s, null, 2), { mode: 0o600 });
}

export function removeStackFile(root: string): void {
  rmSync(file(root), { force: true });
}

/** The running stack, or null when none is (the file is missing, or its process is gone). */
export function readStackFile(root: string): StackFile | null {
  if (!existsSync(file(root))) return null;
  const s = JSON.parse(readFileSync(file(root), "utf8")) as StackFile;
  try {
    process.kill(s.pid, 0);
  } catch {
    return null;
  }
  return s;
}
