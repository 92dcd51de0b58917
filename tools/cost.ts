// `npm run cost`: what Pitchey costs a month at 10K, 100K and 1M users, from figures measured here.
// The built Workers run under Miniflare with production settings (LOG_LEVEL info, LOG_SAMPLE 0.1, the
// cache on) over the stand-ins and this machine's Postgres and Redis. Each request class of the
// traffic model (ops/src/cost/traffic.model.ts) is sent through the gateway a bounded number of
// times; per request it reads workerd's CPU and Postgres's CPU (/proc), the SQL statements, rows and
// bytes and the Upstash commands and bytes counted at the stand-ins, and the bytes of the answer.
// Twice more: the anonymous reads with the gateway's cache passed by (Cache-Control: no-cache), and
// every class on a mesh without Redis — what each layer saves. Prices: ops/src/cost/prices.ts.
// Loopback only; bounded (BENCH_COST_N requests per class, default 200).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mixAverage, monthlyCost, saving, type Measured, type PerRequest } from "../ops/src/cost/cost.model";
import { PRICES } from "../ops/src/cost/prices";
import { TRAFFIC, type RequestClass } from "../ops/src/cost/traffic.model";
import { buildAll, startMeshBench, type MeshBench } from "./bench/mesh";
import { cpuDelta, cpuNsByPid, workerdChildren } from "./bench/proc-cpu";
import { fmt as f } from "./bench/run";
import { readConfig, withBenchEnv, type BenchEnv } from "./bench/setup";
import { DEMO_PASSWORD } from "../ops/src/seed";

const N = Number(process.env.BENCH_COST_N ?? 200);
const CONCURRENCY = 4;
const lines: string[] = [];

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a class sends, its i-th time; `ok` lists the statuses that count as a sample. */
interface Recipe {
  call: (i: number) => Call | Promise<Call>;
  n: number;
  /** Calls must run one after another (each uses what the last returned). */
  serial?: boolean;
  ok: number[];
}

/** The newest refresh token a serial class was answered with. */
const refreshState = { token: "" };

/** The Postgres server's processes (nothing else uses it while this runs; CI and tests must not). */
const postgresPids = () => (spawnSync("pgrep", ["-x", "postgres"], { encoding: "utf8" }).stdout ?? "").split("\n").filter(Boolean);

async function signIn(gw: string, email: string): Promise<{ id: string; access: string; refresh: string }> {
  const r = await fetch(`${gw}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const body = (await r.json()) as { data: { user: { id: string }; accessToken: string; refreshToken: string } };
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status}`);
  return { id: body.data.user.id, access: body.data.accessToken, refresh: body.data.refreshToken };
}

async function recipes(gw: string, anonymousBypass: boolean): Promise<Record<RequestClass, Recipe>> {
  const investor = await signIn(gw, "sarah.investor@demo.com");
  const creator = await signIn(gw, "alex.creator@demo.com");
  const spare = await signIn(gw, "stellar.production@demo.com");
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const publishedBy = async (headers: Record<string, string>) =>
    ((await (await fetch(`${gw}/api/pitches?limit=50`, { headers })).json()) as { data: { id: string; creatorId: string }[] }).data;
  const published = async (headers: Record<string, string>) => (await publishedBy(headers)).map((p) => p.id);
  const ids = await published(bearer(investor.access));
  const publicIds = await published({});
  if (!ids.length || !publicIds.length) throw new Error("no published pitches to read");
  const mine = (await (await fetch(`${gw}/api/pitches/mine`, { headers: bearer(creator.access) })).json()) as { data: { id: string }[] };
  const pages = ["", "?sort=trending", "?sort=popular", "?genre=drama", "?genre=comedy", "?format=tv-series"];
  const anon = (i: number) => ({ "pitchey-client": `cost-client-${i % 50}`, ...(anonymousBypass ? { "cache-control": "no-cache" } : {}) });
  // A hot set, as real reads are skewed: the first few pitches take most of them.
  const hot = (from: string[], i: number) => from[(i * i) % Math.min(from.length, 20)]!;
  // Warm-up calls have negative i.
  const at = <T>(xs: T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;
  refreshState.token = spare.refresh;
  // NDA requests: pitches the production account neither owns nor has asked about.
  const asked =
    ((await (await fetch(`${gw}/api/ndas?direction=outgoing&limit=100`, { headers: bearer(spare.access) })).json()) as { data?: { pitchId: string }[] }).data ??
    [];
  const ndaIds = (await publishedBy(bearer(spare.access))).filter((p) => p.creatorId !== spare.id && !asked.some((a) => a.pitchId === p.id)).map((p) => p.id);
  return {
    "browse.anonymous": { n: N, ok: [200], call: (i) => ({ method: "GET", path: `/api/pitches${at(pages, i)}`, headers: anon(i) }) },
    "detail.anonymous": { n: N, ok: [200], call: (i) => ({ method: "GET", path: `/api/pitches/${hot(publicIds, i)}`, headers: anon(i) }) },
    "browse.signedIn": { n: N, ok: [200], call: (i) => ({ method: "GET", path: `/api/pitches${at(pages, i)}`, headers: bearer(investor.access) }) },
    "detail.signedIn": { n: N, ok: [200], call: (i) => ({ method: "GET", path: `/api/pitches/${hot(ids, i)}`, headers: bearer(investor.access) }) },
    "view.record": {
      n: N,
      ok: [202],
      call: (i) => ({ method: "POST", path: `/api/pitches/${hot(publicIds, i)}/views`, headers: { "pitchey-client": `cost-viewer-${i}-${Date.now()}` } }),
    },
    "dashboard.investor": { n: N, ok: [200], call: () => ({ method: "GET", path: "/api/investor/dashboard", headers: bearer(investor.access) }) },
    "watchlist.add": {
      n: Math.min(N, 100),
      ok: [200, 201],
      call: (i) => ({ method: "POST", path: "/api/investor/watchlist", headers: bearer(investor.access), body: { pitchId: at(ids, i), note: `cost ${i}` } }),
    },
    // One open request per user and pitch: the production account asks once on each pitch it may.
    "nda.request": {
      n: Math.min(ndaIds.length - 2, 40),
      ok: [201],
      call: () => ({ method: "POST", path: `/api/pitches/${ndaIds.shift()}/nda`, headers: bearer(spare.access), body: { message: "cost model" } }),
    },
    "pitch.edit": {
      n: Math.min(N, 100),
      ok: [200],
      call: (i) => ({
        method: "PATCH",
        path: `/api/pitches/${at(mine.data, i).id}`,
        headers: bearer(creator.access),
        body: { logline: `A logline, edit ${i} of the cost run.` },
      }),
    },
    // A refresh spends its token: each call uses the one the last answered with.
    "auth.refresh": {
      n: Math.min(N, 60),
      ok: [200],
      serial: true,
      call: () => ({ method: "POST", path: "/api/auth/refresh", body: { refreshToken: refreshState.token } }),
    },
    "auth.login": {
      n: 20,
      ok: [200],
      serial: true,
      call: () => ({ method: "POST", path: "/api/auth/login", body: { email: "sarah.investor@demo.com", password: DEMO_PASSWORD } }),
    },
  };
}

async function send(gw: string, c: Call): Promise<{ status: number; bytes: number; json: unknown; timing: string }> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(`${gw}${c.path}`, { method: c.method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
  const buf = new Uint8Array(await r.arrayBuffer());
  let head = 0;
  r.headers.forEach((v, k) => (head += k.length + v.length + 4));
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(buf));
  } catch {
    // not JSON
  }
  return { status: r.status, bytes: buf.length + head, json, timing: r.headers.get("server-timing") ?? "" };
}

/** Workers a request ran in: the gateway, and each service Server-Timing names. */
function workersIn(timing: string): number {
  if (/(?:^|,\s*)gwcache;[^,]*desc="hit"/.test(timing)) return 1;
  const names = new Set([...timing.matchAll(/(?:^|,\s*)(auth|pitch|investor|health)[;,]/g)].map((m) => m[1]));
  return 1 + Math.max(1, names.size);
}

/** Busy isolates: the class's requests back to back (CONCURRENCY lanes). Quiet isolates: one request
 *  every QUIET_GAP_MS, so each pays what an isolate does about once a second (the cache's tag sync,
 *  the canary weights) — an isolate's lot when it sees fewer requests than one a second. */
type Regime = "busy" | "quiet";
const QUIET_GAP_MS = 1_100;
const QUIET_N = Number(process.env.BENCH_COST_QUIET_N ?? 8);

async function measure(b: BenchEnv, gw: string, r: Recipe, label: string, regime: Regime): Promise<PerRequest> {
  const n = regime === "quiet" ? Math.min(QUIET_N, r.n) : r.n;
  const pids = workerdChildren();
  const counts = () => {
    const c = b.standIns.counts;
    return {
      sqlStatements: c.sqlStatements,
      sqlRows: c.sqlRows,
      redisCommands: c.redisCommands,
      redisBytes: c.redisBytes,
      workerd: cpuNsByPid(pids),
      pg: cpuNsByPid(postgresPids()),
    };
  };
  // Warm-up: two calls, not counted (a first call compiles and fills caches).
  for (let i = 0; i < 2; i++) await send(gw, await r.call(-1 - i)).then((x) => chain(r, x.json));
  await new Promise((res) => setTimeout(res, 200));
  // What workerd and Postgres burn with no request at all (timers, the runtime's own loop, the
  // checkpointer): read over an idle spell and taken off, or a quiet run would charge it to requests.
  const idle0 = counts();
  const idleMs = regime === "quiet" ? 3_000 : 0;
  if (idleMs) await new Promise((res) => setTimeout(res, idleMs));
  const idle1 = counts();
  const idlePerMs = { workerd: idleMs ? cpuDelta(idle0.workerd, idle1.workerd) / idleMs : 0, pg: idleMs ? cpuDelta(idle0.pg, idle1.pg) / idleMs : 0 };
  const before = idle1;
  const t0 = performance.now();
  let ok = 0;
  let sent = 0;
  let bytes = 0;
  let workers = 0;
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      if (regime === "quiet") await new Promise((res) => setTimeout(res, QUIET_GAP_MS));
      const x = await send(gw, await r.call(i));
      sent++;
      chain(r, x.json);
      if (r.ok.includes(x.status)) {
        ok++;
        bytes += x.bytes;
        workers += workersIn(x.timing);
      } else b.log(`${label}: ${x.status} ${JSON.stringify(x.json).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: r.serial || regime === "quiet" ? 1 : CONCURRENCY }, lane));
  // What the requests left to run after their answers (waitUntil) belongs to them too.
  await new Promise((res) => setTimeout(res, 300));
  const after = counts();
  const elapsed = performance.now() - t0;
  const busyCpu = (k: "workerd" | "pg") => Math.max(0, cpuDelta(before[k], after[k]) - idlePerMs[k] * elapsed);
  // Every request sent is counted (a failed one cost something too); a class that did not answer as
  // its recipe expects is not measured at all.
  if (ok < sent) throw new Error(`${label}: ${sent - ok} of ${sent} requests did not answer ${r.ok.join("/")}`);
  const per = (k: "sqlStatements" | "sqlRows" | "redisCommands" | "redisBytes") => (after[k] - before[k]) / sent;
  return {
    workerCpuMs: (busyCpu("workerd") * 1000) / sent,
    workers: workers / sent,
    dbCpuMs: (busyCpu("pg") * 1000) / sent,
    sqlStatements: per("sqlStatements"),
    sqlRows: per("sqlRows"),
    redisCommands: per("redisCommands"),
    redisBytes: per("redisBytes"),
    bytesOut: bytes / sent,
  };
}

function chain(r: Recipe, json: unknown): void {
  const t = (json as { data?: { refreshToken?: string } } | null)?.data?.refreshToken;
  if (r.serial && t) refreshState.token = t;
}

async function measureAll(b: BenchEnv, m: MeshBench, o: { bypass: boolean; regime: Regime; only?: RequestClass[] }): Promise<Partial<Measured>> {
  const gw = await m.origin("pitchey-gateway");
  const all = await recipes(gw, o.bypass);
  const out: Partial<Measured> = {};
  for (const k of o.only ?? (Object.keys(all) as RequestClass[])) out[k] = await measure(b, gw, all[k], k, o.regime);
  return out;
}

const usd = (x: number) => (x >= 100 ? `$${f(x, 0)}` : `$${f(x, 2)}`);
const qty = (x: number) => (x >= 1e6 ? `${f(x / 1e6, 1)}M` : x >= 1e3 ? `${f(x / 1e3, 1)}K` : f(x, x < 10 ? 2 : 0));

await withBenchEnv(
  { ...readConfig(), seconds: 0 },
  async (b) => {
    const log = (l: string) => (b.log(l), lines.push(l));
    const built = await buildAll(b);
    let m = await startMeshBench(b, built);
    b.onCleanup(() => m.dispose());
    const anonymous: RequestClass[] = ["browse.anonymous", "detail.anonymous"];
    const run = async (bypass: boolean, only?: RequestClass[]) => {
      const busy = (await measureAll(b, m, { bypass, regime: "busy", only })) as Measured;
      const quiet = (await measureAll(b, m, { bypass, regime: "quiet", only })) as Measured;
      return { busy, quiet };
    };
    const kinds0 = new Map(b.standIns.counts.redisByKind);
    const cached = await run(false);
    const kinds = [...b.standIns.counts.redisByKind]
      .map(([k, v]) => [k, v - (kinds0.get(k) ?? 0)] as const)
      .filter(([, v]) => v > 0)
      .sort((a, z) => z[1] - a[1]);
    const noGatewayCache = await run(true, anonymous);
    await m.dispose();
    m = await startMeshBench(b, built, { redis: false });
    const noRedis = await run(false);

    log(
      `per client request, measured through the gateway; CPU from /proc schedstat (workerd: every Worker; the Postgres server), statements, rows and Upstash commands counted at the stand-ins`,
    );
    const table = (regime: Regime, title: string) => {
      log("");
      log(title);
      log(
        `${"class".padEnd(31)} ${"Workers".padStart(7)} ${"Worker CPU ms".padStart(13)} ${"PG CPU ms".padStart(9)} ${"SQL".padStart(5)} ${"rows".padStart(6)} ${"Redis cmds".padStart(10)} ${"Redis B".padStart(8)} ${"bytes out".padStart(9)}   no Redis: SQL, cmds`,
      );
      const row = (k: string, x: PerRequest, extra = "") =>
        log(
          `${k.padEnd(31)} ${f(x.workers, 1).padStart(7)} ${f(x.workerCpuMs, 2).padStart(13)} ${f(x.dbCpuMs, 2).padStart(9)} ${f(x.sqlStatements, 2).padStart(5)} ${f(x.sqlRows, 1).padStart(6)} ${f(x.redisCommands, 2).padStart(10)} ${f(x.redisBytes, 0).padStart(8)} ${f(x.bytesOut, 0).padStart(9)}${extra}`,
        );
      const c = cached[regime];
      for (const k of Object.keys(c) as RequestClass[]) row(k, c[k], `   ${f(noRedis[regime][k].sqlStatements, 2)}, ${f(noRedis[regime][k].redisCommands, 2)}`);
      for (const k of anonymous) row(`${k}, gateway cache passed by`, noGatewayCache[regime][k]);
      row("mix average", mixAverage(c, TRAFFIC));
    };
    table("busy", `busy isolates: ${N} requests of each read back to back over ${CONCURRENCY} connections (fewer of each write)`);
    table(
      "quiet",
      `quiet isolates: ${QUIET_N} requests of each class ${QUIET_GAP_MS} ms apart (CPU less what workerd and Postgres use idle, read over 3 s before)`,
    );
    log("");
    const allKinds = kinds.reduce((a, [, v]) => a + v, 0);
    log(
      `where the Upstash commands went (every class, both regimes, cache on): ${kinds
        .slice(0, 14)
        .map(([k, v]) => `${k} ${f((100 * v) / allKinds, 0)} %`)
        .join(", ")}`,
    );
    log("");
    const perUser = Object.values(TRAFFIC.perActiveUserPerDay).reduce((a, v) => a + v, 0);
    log(
      `traffic model (ops/src/cost/traffic.model.ts): ${TRAFFIC.dailyActiveShare * 100} % of monthly users active a day, ${f(perUser, 1)} requests each, busiest hour ${f((Math.max(...TRAFFIC.hourlyWeights) * 24) / TRAFFIC.hourlyWeights.reduce((a, w) => a + w, 0), 1)}× the average hour`,
    );
    log(
      `prices (ops/src/cost/prices.ts), read ${PRICES.workers.source.read}: Workers Paid (service-binding calls ${PRICES.workers.bindingCallsBilled ? "billed" : "not billed"}: one billed request per client request), Neon ${PRICES.neon.plan}, Upstash ${PRICES.upstash.plan}`,
    );
    log(
      `headline: quiet isolates. 1M users make ~90 requests a second on average, spread over Cloudflare's locations and their machines, so most isolates see fewer than one a second.`,
    );
    log("");
    const tiers = TRAFFIC.tiers.map((u) => monthlyCost(u, cached.quiet, TRAFFIC, PRICES));
    const busy = TRAFFIC.tiers.map((u) => monthlyCost(u, cached.busy, TRAFFIC, PRICES));
    const w = 26;
    log(`${"monthly, USD".padEnd(22)}${tiers.map((t) => `${qty(t.users)} users`.padStart(w)).join("")}`);
    log(`${"requests".padEnd(22)}${tiers.map((t) => qty(t.requests).padStart(w)).join("")}`);
    for (const [i, l] of tiers[0]!.lines.entries()) {
      log(`${l.resource.padEnd(22)}${tiers.map((t) => `${usd(t.lines[i]!.usd)} (${qty(t.lines[i]!.quantity)} ${t.lines[i]!.unit})`.padStart(w)).join("")}`);
    }
    log(`${"total".padEnd(22)}${tiers.map((t) => usd(t.totalUsd).padStart(w)).join("")}`);
    log(`${"dominant".padEnd(22)}${tiers.map((t) => t.dominant.padStart(w)).join("")}`);
    log(`${"database, busiest hour".padEnd(22)}${tiers.map((t) => `${f(t.peakCu, 2)} CU`.padStart(w)).join("")}`);
    log(
      `${"gateway cache saves".padEnd(22)}${TRAFFIC.tiers.map((u) => usd(saving(u, cached.quiet, noGatewayCache.quiet, TRAFFIC, PRICES)).padStart(w)).join("")}`,
    );
    log(`${"Redis layer saves*".padEnd(22)}${TRAFFIC.tiers.map((u) => usd(saving(u, cached.quiet, noRedis.quiet, TRAFFIC, PRICES)).padStart(w)).join("")}`);
    log(`${"total, busy isolates".padEnd(22)}${busy.map((t) => `${usd(t.totalUsd)} (${t.dominant})`.padStart(w)).join("")}`);
    log(
      `${"  gateway cache saves".padEnd(22)}${TRAFFIC.tiers.map((u) => usd(saving(u, cached.busy, noGatewayCache.busy, TRAFFIC, PRICES)).padStart(w)).join("")}`,
    );
    log(`${"  Redis layer saves*".padEnd(22)}${TRAFFIC.tiers.map((u) => usd(saving(u, cached.busy, noRedis.busy, TRAFFIC, PRICES)).padStart(w)).join("")}`);
    log(
      `* without Redis the gateway's response cache cannot learn invalidations and serves nothing, so this line includes what that cache saves; and on this machine each Worker is one isolate, whose memory answers what Redis would answer for the many isolates of production.`,
    );
  },
  1_200,
);

const doc = join(import.meta.dirname, "..", "docs", "performance.md");
const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
const block = `<!-- cost:begin -->\n\`npm run cost\` at ${commit}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC:\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n<!-- cost:end -->`;
const text = readFileSync(doc, "utf8");
const marker = /<!-- cost:begin -->[\s\S]*<!-- cost:end -->/;
writeFileSync(doc, marker.test(text) ? text.replace(marker, block) : `${text.trimEnd()}\n\n## What it costs at scale: the last \`npm run cost\`\n\n${block}\n`);
console.log("[cost] wrote the tables into docs/performance.md");
