// `npm run monitor -- --base URL [--interval 5] [--duration 300]`: a live view of a running deployment
// (docs/architecture.md#health). Every interval it reads GET /api/health (services, dependencies, cache hit ratio, db
// queries per request, traffic per service, canary) and times its own round trip to GET
// /api/health/live, whose p50/p95 over the session it shows. Two requests per poll, one poll at a
// time: it observes, it never loads. Stops after --duration seconds or on Ctrl-C. A 503, an error
// body or a network failure is shown and polling goes on. On a terminal it redraws one table; when
// stdout is not a TTY (a pipe, a log) it prints one line per poll.
import { parseArgs } from "node:util";
import { renderLine, renderTable, type HealthDoc, type PollView } from "./lib/health-view";
import { percentile, probe, ProbeError, resolveBase, type Probe } from "./lib/probe";
import { painter } from "./lib/term";

const USAGE = `usage: npm run monitor -- [--base URL] [--interval S] [--duration S] [--timeout S]
  --base      gateway base URL (default $PITCHEY_BASE_URL or http://127.0.0.1:8787)
  --interval  seconds between polls (default 5, at least 1)
  --duration  stop after this many seconds (default 300, at most 86400); Ctrl-C stops sooner
  --timeout   seconds each request may take (default 10)`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        base: { type: "string" },
        interval: { type: "string", default: "5" },
        duration: { type: "string", default: "300" },
        timeout: { type: "string", default: "10" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const seconds = (name: string, v: string, min: number, max: number) => {
      const n = Number(v);
      if (!(n >= min && n <= max)) throw new Error(`--${name} wants seconds from ${min} to ${max}, got ${v}`);
      return n;
    };
    return {
      base: resolveBase(values.base),
      intervalS: seconds("interval", values.interval, 1, 3600),
      durationS: seconds("duration", values.duration, 1, 86_400),
      timeoutMs: seconds("timeout", values.timeout, 0.1, 600) * 1000,
    };
  } catch (err) {
    console.error(`monitor: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const opts = options();
const tty = Boolean(process.stdout.isTTY);
const paint = painter(process.stdout);

// Ctrl-C (or SIGTERM) ends the session after a summary; a second Ctrl-C ends it at once.
const stop = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort(new Error("interrupted"));
  });
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    if (stop.signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      stop.signal.removeEventListener("abort", done);
      resolve();
    }
    stop.signal.addEventListener("abort", done, { once: true });
  });

/** A report is JSON with a status and a services map; anything else is described instead. */
function asReport(res: Probe): { report: HealthDoc | null; error: string | null } {
  const j = res.json as (HealthDoc & { code?: string; detail?: string }) | undefined;
  if (j && typeof j === "object" && typeof j.status === "string" && j.services && typeof j.services === "object") return { report: j, error: null };
  if (j?.code) return { report: null, error: `${j.code}: ${j.detail ?? ""}`.trim() };
  return { report: null, error: `not a health report (${res.contentType || "no content type"}): ${res.text.slice(0, 80).replace(/\s+/g, " ")}` };
}

const liveMs: number[] = [];
const healthMs: number[] = [];
const statuses = new Map<string, number>();
let liveFailed = 0;
let lastGood: PollView["lastGood"] = null;
let poll = 0;
const started = Date.now();
const endAt = started + opts.durationS * 1000;

if (!tty) console.log(`monitor ${opts.base}: every ${opts.intervalS} s for ${opts.durationS} s`);

while (!stop.signal.aborted && Date.now() < endAt) {
  const pollStart = Date.now();
  poll++;
  const request = { timeoutMs: opts.timeoutMs, signal: stop.signal };

  // Liveness first and alone, so its round trip is not shared with the heavier readiness call.
  let liveLast: number | null = null;
  let liveError: string | null = null;
  try {
    const res = await probe(opts.base, "/api/health/live", request);
    if (res.status === 200) {
      liveLast = res.ms;
      liveMs.push(res.ms);
    } else {
      liveFailed++;
      liveError = `live answered HTTP ${res.status}`;
    }
  } catch (err) {
    if (stop.signal.aborted) {
      poll--; // cut short: not shown, not counted
      break;
    }
    liveFailed++;
    liveError = err instanceof ProbeError ? err.message : String(err);
  }

  let view: Omit<PollView, "live" | "lastGood">;
  const base = { base: opts.base, at: new Date(), poll, elapsedS: (Date.now() - started) / 1000, durationS: opts.durationS, intervalS: opts.intervalS };
  try {
    const res = await probe(opts.base, "/api/health", request);
    healthMs.push(res.ms);
    const { report, error } = asReport(res);
    if (report) lastGood = { at: new Date(), report };
    view = { ...base, http: res.status, healthMs: res.ms, report, error };
    const key = report?.status ?? `http ${res.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  } catch (err) {
    if (stop.signal.aborted) {
      poll--; // cut short: not shown, not counted
      break;
    }
    view = { ...base, http: null, healthMs: null, report: null, error: err instanceof ProbeError ? err.message : String(err) };
    statuses.set("no answer", (statuses.get("no answer") ?? 0) + 1);
  }

  const full: PollView = {
    ...view,
    lastGood,
    live: { lastMs: liveLast, p50: percentile(liveMs, 0.5), p95: percentile(liveMs, 0.95), samples: liveMs.length, failed: liveFailed, error: liveError },
  };
  if (tty) process.stdout.write(`\x1b[H\x1b[2J${renderTable(full, paint).join("\n")}\n`);
  else console.log(renderLine(full));

  const next = pollStart + opts.intervalS * 1000;
  await sleep(Math.max(0, Math.min(next, endAt) - Date.now()));
}

const f = (n: number | null) => (n == null ? "—" : `${Math.round(n)} ms`);
const seen = [...statuses].map(([s, n]) => `${s}×${n}`).join(" ") || "none";
console.log(
  `\nmonitor: ${poll} poll(s) over ${Math.round((Date.now() - started) / 1000)} s against ${opts.base}${stop.signal.aborted ? " (stopped)" : ""}\n` +
    `  /api/health/live round trip: p50 ${f(percentile(liveMs, 0.5))} · p95 ${f(percentile(liveMs, 0.95))} · ${liveMs.length} ok, ${liveFailed} failed\n` +
    `  /api/health: answered in p50 ${f(percentile(healthMs, 0.5))} · p95 ${f(percentile(healthMs, 0.95))} · statuses ${seen}`,
);
