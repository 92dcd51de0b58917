// CPU time of processes, from /proc (Linux): the benchmarks measure workerd apart from the load
// driver and from the rest of the machine.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const HZ = Number((spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout ?? "").trim()) || 100;

/** The workerd processes this Node process started (Miniflare runs each instance as a child). */
export function workerdChildren(): string[] {
  return (spawnSync("pgrep", ["-P", String(process.pid), "-x", "workerd"], { encoding: "utf8" }).stdout ?? "").split("\n").filter(Boolean);
}

/** User + system CPU seconds these processes have used so far (one that exited counts 0). */
export function cpuSeconds(pids: string[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return ticks / HZ;
}
