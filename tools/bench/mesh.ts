// `npm run bench`'s mesh arms (tools/bench.ts): the built Workers under one Miniflare, each arm a
// fixed request, interleaved in slices over several rounds; per slice its requests per second and the
// CPU workerd spent per request (read from /proc). Production settings: LOG_LEVEL info with
// LOG_SAMPLE 0.1 (every error and slow request, a tenth of the rest), the cache on.
import type { Readable } from "node:stream";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Miniflare, type WorkerOptions } from "miniflare";
import pg from "pg";
import { migrate } from "../../packages/local-backends/src/migrate";
import { serviceDatabaseUrls } from "../../packages/local-backends/src/mesh";
import { generateSecrets } from "../../packages/http/src/keys";
import { canaryArms, workerOptions } from "../../packages/local-backends/src/worker-options";
import { readWranglerConfig } from "../../packages/local-backends/src/wrangler-config";
import { signCaller } from "../../packages/http/src/identity";
import { DEMO_PASSWORD, seed } from "../../ops/src/seed";
import type { Driver, Slice, Target } from "./drivers";
import { percentileMs } from "./drivers";
import type { BenchEnv } from "./setup";

export const SERVICES = ["gateway", "auth", "pitch", "investor", "health"] as const;

export interface Sample {
  rps: number;
  us: number;
  p50: number;
  errors: number;
}

export interface ArmResult {
  label: string;
  samples: Sample[];
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} failed:\n${out.slice(-3000)}`))));
  });
}

/** Builds each service and the monolith arm into tmp/<name> (wrangler's own bundling, production settings). */
export async function buildAll(b: BenchEnv): Promise<Record<string, { dir: string; main: string; raw: number; gzip: number }>> {
  const wrangler = join(b.root, "node_modules", ".bin", "wrangler");
  const out: Record<string, { dir: string; main: string; raw: number; gzip: number }> = {};
  const size = (dir: string) => {
    const main = readdirSync(dir).find((f) => f.endsWith(".js"))!;
    const js = readFileSync(join(dir, main));
    return { dir, main, raw: js.length, gzip: gzipSync(js, { level: 9 }).length };
  };
  await Promise.all(
    SERVICES.map(async (svc) => {
      const dir = join(b.tmp, svc);
      await run(wrangler, ["deploy", "--dry-run", "--outdir", dir, ...(process.env.BENCH_NO_MINIFY ? ["--minify=false"] : [])], join(b.root, "services", svc));
      out[svc] = size(dir);
    }),
  );
  // The monolith: gateway + pitch in one Worker, built like the services.
  const mdir = join(b.tmp, "monolith-src");
  mkdirSync(mdir, { recursive: true });
  writeFileSync(
    join(mdir, "wrangler.jsonc"),
    JSON.stringify({
      name: "bench-monolith",
      main: join(b.root, "tools", "bench", "monolith.ts"),
      compatibility_date: "2026-04-20",
      compatibility_flags: ["nodejs_compat"],
      minify: true,
      keep_names: false,
    }),
  );
  await run(wrangler, ["deploy", "--dry-run", "--outdir", join(b.tmp, "monolith")], mdir);
  out.monolith = size(join(b.tmp, "monolith"));
  return out;
}

export interface MeshBench {
  origin(name: string): Promise<string>;
  hotPitch: string;
  token: string;
  identity(): Promise<Record<string, string>>;
  secrets: Record<string, string>;
  dispose(): Promise<void>;
}

const HELLO = `export default { fetch: () => new Response("ok") }`;
const FORWARDER = `export default { fetch: (request, env) => env.HEALTH.fetch(request) }`;

/** `redis: false` runs every Worker without Upstash (memory, the Cache API and the database only). */
export async function startMeshBench(b: BenchEnv, built: Record<string, { dir: string; main: string }>, o: { redis?: boolean } = {}): Promise<MeshBench> {
  const dbUrl = await b.backends.database("pitchey_bench_arms", { fresh: true });
  await migrate(dbUrl, join(b.root, "services"), () => {}, { environment: "production" });
  await seed(dbUrl, { log: () => {} });
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const hot = (
    await client.query<{ id: string }>("select id::text from pitch.pitches where status = 'published' and visibility = 'public' order by id limit 1")
  ).rows[0]!.id;
  await client.end();

  const secrets = await generateSecrets("bench-key");
  const roles = serviceDatabaseUrls(dbUrl);
  const common = {
    ...b.dataBindings(dbUrl),
    ...(o.redis === false ? {} : b.redisBindings),
    ...secrets,
    SERVICE_VERSION: "bench",
    LOG_LEVEL: "info",
    LOG_SAMPLE: "0.1",
  };
  delete (common as Record<string, string>).DATABASE_URL;
  const forService = (svc: string) => (roles[svc] ? { ...common, DATABASE_URL: b.dataBindings(roles[svc]!).DATABASE_URL! } : common);
  const socket = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };
  const w = (svc: string, o: { name?: string; vars?: Record<string, string>; sock?: boolean } = {}): WorkerOptions =>
    ({ ...workerOptions(svc, { ...forService(svc), ...o.vars }, { name: o.name, dist: built[svc]!.dir }), ...(o.sock ? socket : {}) }) as WorkerOptions;
  const workers: WorkerOptions[] = [
    w("gateway", { sock: true }),
    w("gateway", { name: "gateway-quiet", vars: { LOG_LEVEL: "error" }, sock: true }),
    w("gateway", { name: "gateway-all-logs", vars: { LOG_SAMPLE: "1" }, sock: true }),
    w("auth"),
    w("pitch", { sock: true }),
    w("investor"),
    w("health", { sock: true }),
    ...canaryArms([...SERVICES]).map((a) => w(a.service, { name: a.name, vars: a.vars })),
    {
      name: "bench-monolith",
      modules: true,
      scriptPath: join(built.monolith!.dir, built.monolith!.main),
      modulesRoot: built.monolith!.dir,
      compatibilityDate: "2026-04-20",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { ...common, ...forService("pitch"), ...readVars("gateway", b.root) },
      serviceBindings: { AUTH: "pitchey-auth", INVESTOR: "pitchey-investor", HEALTH: "pitchey-health" },
      ...socket,
    } as WorkerOptions,
    { name: "bench-hello", modules: [{ type: "ESModule", path: "hello.mjs", contents: HELLO }], compatibilityDate: "2026-04-20", ...socket } as WorkerOptions,
    {
      name: "bench-forwarder",
      modules: [{ type: "ESModule", path: "fwd.mjs", contents: FORWARDER }],
      compatibilityDate: "2026-04-20",
      serviceBindings: { HEALTH: "pitchey-health" },
      ...socket,
    } as WorkerOptions,
  ];
  // Request logs (LOG_LEVEL info, as in production) are written by workerd and dropped here.
  // BENCH_INSPECTOR_PORT: Chrome DevTools on the Workers (tools/bench-hop.ts takes a CPU profile through it).
  const mf = new Miniflare({
    workers,
    ...(process.env.BENCH_INSPECTOR_PORT ? { inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT) } : {}),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => (stdout.resume(), stderr.resume()),
  });
  await mf.ready;
  const origin = async (name: string) => (await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, "");
  const gw = await origin("pitchey-gateway");
  const login = await fetch(`${gw}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "sarah.investor@demo.com", password: DEMO_PASSWORD }),
  });
  const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
  return {
    origin,
    hotPitch: hot,
    token,
    secrets: { ...secrets },
    // A pitch request reached directly carries the identity only the gateway signs: anonymous here.
    identity: async () => ({
      "x-pitchey-identity": await signCaller({ user: null, client: "203.0.113.9", lastWrite: null }, "bench-read", secrets.IDENTITY_HMAC_SECRET!),
    }),
    dispose: () => mf.dispose(),
  };
}

function readVars(svc: string, root: string): Record<string, string> {
  return readWranglerConfig(join(root, "services", svc)).vars ?? {};
}

/** A target that repeats one GET. */
export function probe(name: string, origin: string, path: string, headers?: Target["headers"]): Target {
  return { name, origin, ops: [{ write: false, path, token: 0 }], pos: 0, writeMethod: "GET", writeField: "", tokens: [], headers };
}

export async function runRounds(
  arms: { label: string; target: Target }[],
  driver: Driver,
  o: { rounds: number; slice: number; warmup: number; connections: number; cpu: () => number; log: (l: string) => void },
): Promise<ArmResult[]> {
  const results = arms.map((a) => ({ label: a.label, samples: [] as Sample[] }));
  for (const a of arms) {
    const s = await driver.run(a.target, o.warmup, o.connections);
    if (s.errors) o.log(`warm-up ${a.label}: ${s.errors} errors, e.g. ${s.errorSample}`);
  }
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 ? [...arms.keys()].reverse() : [...arms.keys()];
    for (const i of order) {
      await new Promise((res) => setTimeout(res, 100));
      const c0 = o.cpu();
      const s: Slice = await driver.run(arms[i]!.target, o.slice, o.connections);
      await new Promise((res) => setTimeout(res, 100));
      const c1 = o.cpu();
      results[i]!.samples.push({
        rps: s.requests / s.seconds,
        us: (1e6 * (c1 - c0)) / Math.max(1, s.requests),
        p50: percentileMs(s.latencyUs, 50),
        errors: s.errors,
      });
      if (s.errors) o.log(`${arms[i]!.label}: ${s.errors} errors in a slice, e.g. ${s.errorSample}`);
    }
    o.log(`round ${r + 1}/${o.rounds} done`);
  }
  return results;
}

/** The mesh arms `npm run bench` runs (and `npm run bench:hop` picks from by key), in print order. */
export async function meshArms(m: MeshBench): Promise<{ key: string; label: string; target: Target }[]> {
  const [gw, quiet, loud, pitch, health, mono, hello, fwd] = await Promise.all(
    ["pitchey-gateway", "gateway-quiet", "gateway-all-logs", "pitchey-pitch", "pitchey-health", "bench-monolith", "bench-hello", "bench-forwarder"].map((w) =>
      m.origin(w),
    ),
  );
  const detail = `/api/pitches/${m.hotPitch}`;
  // `Cache-Control: no-cache` asks the gateway to pass the read through to the pitch service (which
  // answers from its memory): the mesh and the monolith then do the same work.
  const noCache = () => ({ "cache-control": "no-cache" });
  const live = "/api/health/live";
  return [
    { key: "hello", label: "hello-world Worker (ceiling)", target: probe("hello", hello!, "/") },
    { key: "direct", label: "pitch Worker directly (signed identity), memory hit", target: probe("direct", pitch!, detail, m.identity) },
    { key: "mono", label: "monolith: gateway pipeline + pitch app in-process", target: probe("monolith", mono!, detail, noCache) },
    { key: "mesh", label: "mesh: gateway → pitch binding, memory hit", target: probe("mesh", gw!, detail, noCache) },
    { key: "gwcache", label: "mesh: anonymous public GET (gateway cache)", target: probe("gwcache", gw!, detail) },
    { key: "signed", label: "mesh: signed-in GET (bearer)", target: probe("signed", gw!, detail, () => ({ authorization: `Bearer ${m.token}` })) },
    { key: "floor", label: "gateway → health /live (floor)", target: probe("floor", gw!, live) },
    { key: "quiet", label: "gateway → health /live, LOG_LEVEL error", target: probe("quiet", quiet!, live) },
    { key: "loud", label: "gateway → health /live, every request logged", target: probe("loud", loud!, live) },
    { key: "hop", label: "one-line forwarder → health /live (bare hop)", target: probe("hop", fwd!, live) },
    { key: "healthdirect", label: "health /live directly", target: probe("healthdirect", health!, live) },
  ];
}
