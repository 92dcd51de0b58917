// CPU time of processes, from /proc (Linux, schedstat: nanoseconds): the benchmarks measure workerd
// apart from the load driver and from the rest of the machine.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** The workerd processes this Node process started (Miniflare runs each instance as a child). */
export function workerdChildren(): string[] {
  return (spawnSync("pgrep", ["-P", String(process.pid), "-x", "workerd"], { encoding: "utf8" }).stdout ?? "").split("\n").filter(Boolean);
}

/** CPU seconds these processes have used so far, summed (one that exited counts 0). */
export function cpuSeconds(pids: string[]): number {
  let ns = 0;
  for (const v of cpuNsByPid(pids).values()) ns += v;
  return ns / 1e9;
}

/** Nanoseconds on CPU of each process, summed over its threads (/proc/<pid>/task/<tid>/schedstat):
 *  exact where /proc/<pid>/stat counts 10 ms ticks, so a few requests can be measured. */
export function cpuNsByPid(pids: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of pids) {
    try {
      let ns = 0;
      for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      out.set(pid, ns);
    } catch {
      // exited
    }
  }
  return out;
}

/** CPU seconds from `before` to `after`, over the processes alive at both readings or started between
 *  them (one that exited in between is left out: its total is gone, and subtracting nothing for it
 *  would understate, never turn negative). */
export function cpuDelta(before: Map<string, number>, after: Map<string, number>): number {
  let ns = 0;
  for (const [pid, v] of after) ns += v - (before.get(pid) ?? 0);
  return ns / 1e9;
}
