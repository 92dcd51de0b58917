// Load drivers: wrk (C, epoll; a Lua script replays the operation list) when it is installed, else
// Node's fetch. Both replay the same operations and report the same figures for one time slice.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { opLines, type Op } from "./workload";

export interface Target {
  name: string;
  /** Origin the paths are appended to (no trailing slash). */
  origin: string;
  ops: Op[];
  /** Where the next slice starts in ops. */
  pos: number;
  writeMethod: string;
  /** The JSON field a write sets ({"<field>": "bench edit …"}). */
  writeField: string;
  tokens: string[];
  /** Headers sent with every request (an identity, Cache-Control); refreshed before each slice. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Files for wrk, written once per target (headers: each slice). */
  files?: { ops: string; tokens: string; headers: string };
}

export interface Slice {
  /** Completed requests, and the seconds they took. */
  requests: number;
  seconds: number;
  /** Responses to reads and to writes. */
  reads: number;
  writes: number;
  /** Database queries named in Server-Timing by reads and by writes (this service's own only). */
  readDb: number;
  writeDb: number;
  /** Responses with status ≥ 400, plus socket errors and timeouts. */
  errors: number;
  errorSample: string;
  /** The first layer named by each read's Server-Timing ("none": no cache read). */
  layers: Record<string, number>;
  /** Latency histogram: microseconds → count. */
  latencyUs: Map<number, number>;
}

export interface Driver {
  name: string;
  run(t: Target, seconds: number, connections: number): Promise<Slice>;
}

const emptySlice = (): Slice => ({
  requests: 0,
  seconds: 0,
  reads: 0,
  writes: 0,
  readDb: 0,
  writeDb: 0,
  errors: 0,
  errorSample: "",
  layers: {},
  latencyUs: new Map(),
});

export function parseTiming(header: string | null): { layer: string | null; db: number } {
  const h = header ?? "";
  const cache = /(?:^|,\s*)cache;[^,]*desc="([^"]*)"/.exec(h);
  const db = /(?:^|,\s*)db;[^,]*desc="(\d+) queries"/.exec(h);
  return { layer: cache ? cache[1]!.split(" ")[0]!.split(":")[0]! : null, db: db ? Number(db[1]) : 0 };
}

function wrkDriver(dir: string): Driver {
  const script = join(import.meta.dirname, "wrk.lua");
  return {
    name: "wrk",
    async run(t, seconds, connections) {
      if (!t.files) {
        t.files = { ops: join(dir, `${t.name}.ops`), tokens: join(dir, `${t.name}.tokens`), headers: join(dir, `${t.name}.headers`) };
        writeFileSync(t.files.ops, opLines(t.ops));
        writeFileSync(t.files.tokens, `${t.tokens.join("\n")}\n`);
      }
      const files = t.files;
      const extra = t.headers ? await t.headers() : null;
      if (extra)
        writeFileSync(
          files.headers,
          `${Object.entries(extra)
            .map(([k, v]) => `${k}: ${v}`)
            .join("\n")}\n`,
        );
      const args = [
        "-t1",
        `-c${connections}`,
        `-d${seconds}s`,
        "--timeout",
        "10s",
        "-s",
        script,
        `${t.origin}/`,
        "--",
        files.ops,
        String(t.pos),
        t.writeMethod,
        t.writeField,
        t.tokens.length ? files.tokens : "",
        extra ? files.headers : "",
      ];
      return new Promise((resolve, reject) => {
        const p = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        p.stdout.on("data", (d) => (out += d));
        p.stderr.on("data", (d) => (err += d));
        const kill = setTimeout(() => p.kill("SIGKILL"), (seconds + 20) * 1000);
        p.on("error", reject);
        p.on("close", (code) => {
          clearTimeout(kill);
          if (code !== 0) return reject(new Error(`wrk exited ${code}: ${err || out}`));
          const s = emptySlice();
          for (const line of out.split("\n")) {
            if (!line.startsWith("BENCH ")) continue;
            const [, kind, ...f] = line.split(" ");
            const num = f.map(Number);
            if (kind === "pos") t.pos = num[0]!;
            else if (kind === "summary") {
              s.requests = num[0]!;
              s.seconds = num[1]! / 1e6;
              s.errors += num[2]! + num[3]! + num[4]! + num[6]!; // socket errors and timeouts; statuses are counted per response
            } else if (kind === "counts") {
              [s.reads, s.writes, s.readDb, s.writeDb] = num as [number, number, number, number];
              s.errors += num[4]!;
            } else if (kind === "layer") s.layers[f[0]!] = num[1]!;
            else if (kind === "errorSample") s.errorSample = f.join(" ");
            else if (kind === "lat") s.latencyUs.set(num[0]!, (s.latencyUs.get(num[0]!) ?? 0) + num[1]!);
          }
          resolve(s);
        });
      });
    },
  };
}

function nodeDriver(): Driver {
  return {
    name: "node",
    async run(t, seconds, connections) {
      const s = emptySlice();
      const extra = t.headers ? await t.headers() : {};
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      let seq = 0;
      const loop = async () => {
        while (performance.now() < deadline) {
          const op = t.ops[t.pos++ % t.ops.length]!;
          const start = performance.now();
          try {
            const headers: Record<string, string> = {
              ...extra,
              ...(op.write ? { "content-type": "application/json", "x-request-id": `bench-write-${seq + 1}` } : { "x-request-id": "bench-read" }),
            };
            if (op.token) headers.authorization = `Bearer ${t.tokens[op.token - 1]}`;
            const res = await fetch(
              `${t.origin}${op.path}`,
              op.write ? { method: t.writeMethod, headers, body: JSON.stringify({ [t.writeField]: `bench edit ${++seq} ${Date.now()}` }) } : { headers },
            );
            const body = await res.text();
            const us = Math.round((performance.now() - start) * 1000);
            s.latencyUs.set(us, (s.latencyUs.get(us) ?? 0) + 1);
            s.requests++;
            if (res.status >= 400) {
              s.errors++;
              s.errorSample ||= `${res.status} ${body.slice(0, 200)}`;
            }
            const { layer, db } = parseTiming(res.headers.get("server-timing"));
            if (op.write) {
              s.writes++;
              s.writeDb += db;
            } else {
              s.reads++;
              s.readDb += db;
              s.layers[layer ?? "none"] = (s.layers[layer ?? "none"] ?? 0) + 1;
            }
          } catch (err) {
            s.errors++;
            s.errorSample ||= String((err as Error).message);
          }
        }
      };
      await Promise.all(Array.from({ length: connections }, loop));
      t.pos %= t.ops.length;
      s.seconds = (performance.now() - t0) / 1000;
      return s;
    },
  };
}

/** wrk unless BENCH_DRIVER=node or wrk is not installed; says which, and why. */
export function pickDriver(dir: string, log: (l: string) => void): Driver {
  if (process.env.BENCH_DRIVER === "node") {
    log("driver: Node fetch (BENCH_DRIVER=node)");
    return nodeDriver();
  }
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (probe.error) {
    log(
      "driver: Node fetch — wrk is not installed (apt-get install wrk); Node's client costs about as much CPU per request as a cached read, so cached figures are understated",
    );
    return nodeDriver();
  }
  log(`driver: ${(probe.stdout || probe.stderr).split("\n")[0]!.trim()} (1 thread)`);
  return wrkDriver(dir);
}

/** Sums slices of one arm. */
export function addSlice(into: Slice, s: Slice): void {
  for (const k of ["requests", "seconds", "reads", "writes", "readDb", "writeDb", "errors"] as const) into[k] += s[k];
  into.errorSample ||= s.errorSample;
  for (const [k, v] of Object.entries(s.layers)) into.layers[k] = (into.layers[k] ?? 0) + v;
  for (const [k, v] of s.latencyUs) into.latencyUs.set(k, (into.latencyUs.get(k) ?? 0) + v);
}

export { emptySlice };

/** The p-th percentile (0–100) of a histogram, in milliseconds. */
export function percentileMs(h: Map<number, number>, p: number): number {
  const keys = [...h.keys()].sort((a, b) => a - b);
  const total = keys.reduce((a, k) => a + h.get(k)!, 0);
  if (!total) return NaN;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const k of keys) {
    seen += h.get(k)!;
    if (seen >= rank) return k / 1000;
  }
  return keys[keys.length - 1]! / 1000;
}
