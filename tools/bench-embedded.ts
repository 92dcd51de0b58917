// What the embedded pair costs (docs/local-development.md). Postgres: the same small workload on the
// embedded server and, when one answers, on a Postgres server, over `pg` (the wire protocol the Neon
// stand-ins use), alone and beside interactive transactions. Redis: the data package's write script (EVAL) and a plain INCR on the embedded
// store and, when one answers, on a Redis server. Bounded: about 20 s per back-end, loopback only.
//   node --import tsx tools/bench-embedded.ts
import pg from "pg";
import { INCR_AND_LOG } from "../packages/data/src/redis-scripts";
import { ensureDatabase, portOpen, startEmbeddedPostgres } from "../packages/local-backends/src/index";
import { redisEngine } from "../packages/local-backends/src/redis-engine";

const CLIENTS = 8;
const SECONDS = 3;
/** How long the interactive transaction waits between its UPDATE and its COMMIT: 0 (round trips
 *  only, as this project's transactions run) and 100 ms (a slow one). */
const HOLDS_MS = [0, 100];
const ROWS = 1_000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** CLIENTS clients reading rows by id for SECONDS; with holdMs, one more client runs interactive
 *  transactions back to back (BEGIN, SELECT … FOR UPDATE, UPDATE, wait holdMs, COMMIT). */
async function load(url: string, holdMs: number | null): Promise<{ qps: number; p50: number; p99: number; max: number; held: number }> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => client(url)));
  const writer = holdMs === null ? null : await client(url);
  const lat: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let held = 0;
  const readers = clients.map(async (c, k) => {
    for (let i = k; Date.now() < until; i += CLIENTS) {
      const t0 = performance.now();
      await c.query("select id, title from bench_items where id = $1", [(i % ROWS) + 1]);
      lat.push(performance.now() - t0);
    }
  });
  const holding = (async () => {
    while (writer && Date.now() < until) {
      const id = (held % ROWS) + 1;
      await writer.query("begin");
      await writer.query("select hits from bench_items where id = $1 for update", [id]);
      await writer.query("update bench_items set hits = hits + 1 where id = $1", [id]);
      if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
      await writer.query("commit");
      held++;
    }
  })();
  await Promise.all([...readers, holding]);
  await Promise.all([...clients, ...(writer ? [writer] : [])].map((c) => c.end()));
  return { qps: lat.length / SECONDS, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), held };
}

async function measure(label: string, url: string): Promise<void> {
  const setup = await client(url);
  await setup.query("drop table if exists bench_items");
  await setup.query("create table bench_items (id int primary key, title text not null, hits int not null default 0)");
  await setup.query("insert into bench_items (id, title) select i, 'title ' || i from generate_series(1, $1::int) i", [ROWS]);
  const one: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    await setup.query("select id, title from bench_items where id = $1", [(i % ROWS) + 1]);
    one.push(performance.now() - t0);
  }
  await setup.end();
  const free = await load(url, null);
  console.log(
    `[bench-embedded] ${label.padEnd(22)} reads by id: one client p50 ${ms(pct(one, 50))} ms; ${CLIENTS} clients ${Math.round(free.qps)} q/s, p50 ${ms(free.p50)} ms, p99 ${ms(free.p99)} ms`,
  );
  for (const holdMs of HOLDS_MS) {
    const r = await load(url, holdMs);
    console.log(
      `[bench-embedded] ${label.padEnd(22)}   beside interactive transactions back to back, each waiting ${holdMs} ms before COMMIT (${r.held} ran): ${Math.round(r.qps)} q/s, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms`,
    );
  }
}

const embedded = await startEmbeddedPostgres({ dir: null });
try {
  await measure("embedded PGlite", await embedded.database("pitchey_bench_embedded"));
} finally {
  await embedded.stop();
}
const server = process.env.DATABASE_URL
  ? new URL(process.env.DATABASE_URL)
  : (await portOpen("127.0.0.1", 5432))
    ? new URL("postgres://postgres@127.0.0.1:5432/postgres")
    : null;
if (server) {
  server.pathname = "/postgres";
  const url = await ensureDatabase(server.toString(), "pitchey_bench_embedded", { fresh: true });
  await measure("Postgres server", url);
  const admin = await client(server.toString());
  await admin.query("drop database if exists pitchey_bench_embedded with (force)");
  await admin.end();
} else console.log("[bench-embedded] no Postgres server to compare with (DATABASE_URL or 127.0.0.1:5432)");

/** Median µs of n sequential calls of each command, through the engine the Upstash stand-in uses. */
async function redisCost(label: string, url: string): Promise<void> {
  const engine = redisEngine(url);
  await engine.ready;
  const median = async (args: string[], n: number) => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await engine.command(args);
      t.push(performance.now() - t0);
    }
    return (pct(t, 50) * 1000).toFixed(1);
  };
  const evalUs = await median(["EVAL", INCR_AND_LOG, "4", "bench:tag:a", "bench:tag:b", "bench:log", "bench:writer", "2", "a\nb", "1000", "60000"], 1_000);
  const incrUs = await median(["INCR", "bench:n"], 1_000);
  await engine.command(["FLUSHDB"]);
  await engine.close();
  console.log(`[bench-embedded] ${label.padEnd(22)} EVAL of the tag write script: median ${evalUs} µs · INCR: median ${incrUs} µs (sequential, one caller)`);
}

await redisCost("embedded Redis store", "memory://redis/15");
const redisServer = process.env.REDIS_URL ?? ((await portOpen("127.0.0.1", 6379)) ? "redis://127.0.0.1:6379" : null);
if (redisServer) {
  const u = new URL(redisServer);
  u.pathname = "/15";
  await redisCost("Redis server", u.toString());
} else console.log("[bench-embedded] no Redis server to compare with (REDIS_URL or 127.0.0.1:6379)");
