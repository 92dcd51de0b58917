// The resident memory of the workerd process that runs the mesh, read from /proc (Linux): Miniflare
// spawns workerd as a child of the process that started the mesh (the suite's globalSetup).
import { readdirSync, readFileSync } from "node:fs";

/** Pids of the `workerd` processes whose parent is `parentPid`. */
export function workerdPids(parentPid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces, so split after the last ")".
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (comm === "workerd" && ppid === parentPid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** VmRSS of the processes, in MiB (0 for one that is gone). */
export function rssMiB(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}
