// Through the gateway: the built gateway, auth, pitch, investor and health bundles in one Miniflare,
// wired by service bindings, over the seeded benchmark data (ops/src/seed.ts, scale 10,000).
// Reads: anonymous GET /api/pitches/:id, Zipf over the pitches anonymous visitors may see. Writes:
// PATCH /api/pitches/:id by the pitch's owner (signed in through POST /api/auth/login), which
// invalidates the pitch. Arms: cache off (a second gateway bound to a pitch Worker with CACHE_MODE=off
// and no Redis), cache on, an all-hit ceiling (the most popular pitch, no writes) and the mesh floor
// (GET /api/health/live: gateway → health, no cache, no database).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Miniflare, type WorkerOptions } from "miniflare";
import pg from "pg";
import { ensureDatabase, migrate } from "../../packages/local-backends/src/migrate";
import { canaryArms, workerOptions } from "../../packages/local-backends/src/worker-options";
import { generateSecrets } from "../../packages/http/src/keys";
import { DEMO_PASSWORD, seed } from "../../ops/src/seed";
import type { Driver } from "./drivers";
import { arm, fmt as f, prime, report, runArms, statementsPerWrite, type Figures } from "./run";
import type { BenchEnv } from "./setup";
import { makeOps, popularity, zipfMass } from "./workload";

const SERVICES = ["gateway", "auth", "pitch", "investor", "health"] as const;
const SCALE = 10_000;
const LOGIN_LIMIT_S = 45;
/** Seconds spent reading pitches into the cache before measuring (a miss costs milliseconds here). */
const PRIME_S = 26;
/** Operations per arm: more than either arm gets through in a run (they wrap if not). */
const OPS = 30_000;

function buildAll(root: string, tmp: string): Promise<void> {
  const one = (svc: string) =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(join(root, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", join(tmp, svc)], {
        cwd: join(root, "services", svc),
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (out += d));
      p.on("error", reject);
      p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`build of ${svc} failed:\n${out}`))));
    });
  return Promise.all(SERVICES.map(one)).then(() => {});
}

/** Every pitch of the scale data set an anonymous visitor may read, with its owner's email. */
async function readable(databaseUrl: string): Promise<{ id: string; owner: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ id: string; owner: string }>(
      `select p.id::text as id, u.email as owner from pitch.pitches p join auth.users u on u.id = p.creator_id
        where p.status = 'published' and p.visibility = 'public' and u.email like $1 order by p.id`,
      [`%.scale${SCALE}@seed.pitchey.dev`],
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

export async function runGateway(b: BenchEnv, driver: Driver): Promise<Record<string, Figures>> {
  const { cfg, log } = b;
  const t0 = performance.now();
  const dbUrl = await ensureDatabase(b.backends.postgresUrl, "pitchey_bench_mesh", { fresh: true });
  await migrate(dbUrl, join(b.root, "services"));
  await seed(dbUrl, { scale: SCALE, log: () => {} });
  const rows = await readable(dbUrl);
  await buildAll(b.root, b.tmp);
  log(`mesh: migrated, seeded (scale ${SCALE}) and built 5 bundles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const secrets = await generateSecrets("bench-key");
  const common = { ...b.dataBindings(dbUrl), ...secrets };
  const withRedis = { ...common, ...b.redisBindings };
  const worker = (
    svc: string,
    bindings: Record<string, string>,
    o: { name?: string; rebind?: Record<string, string>; socket?: boolean } = {},
  ): WorkerOptions => ({
    ...workerOptions(svc, bindings, { name: o.name, rebind: o.rebind, dist: join(b.tmp, svc) }),
    ...(o.socket ? { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } : {}),
  });
  const mf = new Miniflare({
    workers: [
      worker("gateway", withRedis, { socket: true }),
      worker("auth", withRedis),
      worker("pitch", withRedis),
      worker("investor", withRedis),
      worker("health", withRedis),
      // The uncached arm: its own gateway (same bundle and settings) bound to a pitch Worker with the
      // cache off and no Redis (its invalidations then stay in its isolate and leave the other arm's
      // cache alone: each arm sees only its own writes).
      worker("gateway", withRedis, { name: "gateway-off", rebind: { PITCH: "pitch-off" }, socket: true }),
      worker("pitch", { ...common, CACHE_MODE: "off" }, { name: "pitch-off" }),
      // The canary arms the gateway binds (weight 0: they take no traffic here).
      ...canaryArms([...SERVICES]).map((a) => worker(a.service, { ...withRedis, ...a.vars }, { name: a.name })),
    ],
  });
  b.onCleanup(() => mf.dispose());
  await mf.ready;
  const cpu = b.cpuMeter(driver.name === "node");
  const origin = async (name: string) => (await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, "");
  const on = await origin("pitchey-gateway");
  const off = await origin("gateway-off");

  // Writes carry the owner's token: sign in the owners of the pitches the arms' writes touch.
  const ids = rows.map((r) => r.id);
  const ownerOf = new Map(rows.map((r) => [r.id, r.owner]));
  const tokenIndex = new Map<string, number>();
  const mix = (seed: number) =>
    makeOps({
      ids,
      zipfS: cfg.zipfS,
      writeShare: cfg.writeShare,
      writes: cfg.writes,
      seed,
      count: OPS,
      readPath: (id) => `/api/pitches/${id}`,
      writeToken: (id) => {
        const owner = ownerOf.get(id)!;
        if (!tokenIndex.has(owner)) tokenIndex.set(owner, tokenIndex.size + 1);
        return tokenIndex.get(owner)!;
      },
    });
  const ops = { off: mix(21), on: mix(22) };
  const owners = [...tokenIndex.keys()];
  const tokens: string[] = new Array(owners.length);
  const tl = performance.now();
  let next = 0;
  const login = async () => {
    while (next < owners.length) {
      if (performance.now() - tl > LOGIN_LIMIT_S * 1000) throw new Error(`signing in ${owners.length} owners took over ${LOGIN_LIMIT_S} s`);
      const i = next++;
      const res = await fetch(`${on}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `10.77.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ email: owners[i], password: DEMO_PASSWORD }),
      });
      const body = (await res.json()) as { data?: { accessToken?: string } };
      if (res.status !== 200 || !body.data?.accessToken) throw new Error(`login of ${owners[i]}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      tokens[i] = body.data.accessToken;
    }
  };
  await Promise.all(Array.from({ length: 4 }, login));
  log(
    `${ids.length} pitches readable anonymously (of ${SCALE} seeded); the ${owners.length} owners the writes need signed in in ${((performance.now() - tl) / 1000).toFixed(1)} s`,
  );

  const target = (name: string, o: string, list: typeof ops.on) => ({
    name,
    origin: o,
    ops: list,
    pos: 0,
    writeMethod: "PATCH",
    writeField: "logline",
    tokens,
  });
  const hottest = ids[popularity(ids.length)[0]!]!;
  const arms = [
    arm("cache off", "mix", target("off", off, ops.off)),
    arm("cache on", "mix", target("on", on, ops.on)),
    arm("ceiling: all hits", "probe", target("ceiling", on, [{ write: false, path: `/api/pitches/${hottest}`, token: 0 }])),
    arm("floor: gateway → health", "probe", target("floor", on, [{ write: false, path: "/api/health/live", token: 0 }])),
  ];

  log(
    `gateway: Zipf s=${cfg.zipfS} anonymous GET /api/pitches/:id, ${cfg.writeShare * 100} % PATCH by the owner (${cfg.writes} ids) that invalidate; ${cfg.connections} connections; ${cfg.warmup} s warm-up, ${cfg.seconds} s per arm in ${cfg.slice} s slices`,
  );
  // A long-running service has its working set cached: read the pitches once, most popular first.
  const paths = popularity(ids.length).map((i) => `/api/pitches/${ids[i]}`);
  const primed = await prime(driver, on, paths, PRIME_S, cfg.connections);
  log(
    `cache on: the ${primed} most popular pitches read once in ${PRIME_S} s (${f(100 * zipfMass(ids.length, cfg.zipfS, primed))} % of Zipf reads fall on them${primed < paths.length ? "; the rest start cold" : ""})`,
  );
  for (const a of arms.slice(0, 2)) a.perWrite = await statementsPerWrite(a.target, 30, b.statements);
  log(
    `one write (PATCH /api/pitches/:id) runs ${f(arms[0]!.perWrite, 2)} SQL statements with the cache off, ${f(arms[1]!.perWrite, 2)} with it on (30 writes each, counted at the stand-in)`,
  );

  await runArms(arms, { driver, seconds: cfg.seconds, warmup: cfg.warmup, slice: cfg.slice, connections: cfg.connections, statements: b.statements, cpu, log });
  const figures = report(arms, log);
  const t = arms[1]!.total;
  log(
    `db q/req: SQL statements at the stand-in (pitch and auth Workers) ÷ requests, writes included; db q/read: (statements − writes × statements per write) ÷ reads.`,
  );
  log(
    `cache on, Server-Timing of the pitch service: ${f(t.readDb / Math.max(1, t.reads), 3)} queries per read, ${f(t.writeDb / Math.max(1, t.writes), 3)} per write (auth's name lookup not included)`,
  );
  b.targets(
    figures["cache on"]!,
    figures["cache off"]!,
    figures["ceiling: all hits"]!,
    figures["floor: gateway → health"]!,
    cfg.writeShare * arms[1]!.perWrite,
  );
  return figures;
}
