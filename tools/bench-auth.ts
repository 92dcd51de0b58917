// Auth benchmark (a script, not a test): the built gateway, auth, pitch, investor and health bundles
// under the Miniflare API, against the real Postgres and Redis behind the local stand-ins.
// Side by side in one run (requests interleaved, so drift hits every arm alike):
//   - GET /api/health/live anonymous           → the baseline hop through the gateway
//   - GET /api/health/live with a bearer token → + JWT verification + revocation check (one Redis MGET: the session, and the user's last write)
//   - GET /api/auth/me with a bearer token     → the same, plus the auth service's user lookup
//   - GET /api/health/live with a token through a second gateway without Redis → the RPC fallback
// plus the JWT check alone, timed in Node (workerd's clock does not move during pure CPU work),
// and login latency (PBKDF2-SHA256, 100,000 iterations): success, wrong password, unknown email.
//
//   node --import tsx tools/bench-auth.ts
//   BENCH_N=2000 BENCH_LOGINS=60 BENCH_REDIS_DB=14
//
// Builds first with `npx wrangler deploy --dry-run --outdir dist` in each service (or `npm run build`).
// Loopback only, sequential requests (latency, not throughput). Uses Postgres database
// `pitchey_bench_auth` (recreated) and one Redis logical database (flushed; default 14).
import { cpus } from "node:os";
import { Miniflare } from "miniflare";
import { startLocalStack } from "../packages/local-backends/src/mesh";
import { generateSecrets } from "../packages/http/src/keys";
import { workerOptions as worker } from "../packages/local-backends/src/worker-options";
import { keyRing, verifyAccessToken } from "../services/gateway/src/tokens";

const N = Number(process.env.BENCH_N ?? 2000);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 60);
const WARMUP = 200;
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 14);
const SERVICES = ["gateway", "auth", "pitch", "investor", "health"];
const BASE = "http://127.0.0.1:8787";

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
const f = (ms: number) => `${ms.toFixed(2).padStart(7)} ms`;

/** One row: median, p99, mean of a latency sample. */
function row(label: string, xs: number[]) {
  const s = sorted(xs);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${label.padEnd(52)} ${String(xs.length).padStart(5)}  ${f(pct(s, 50))}  ${f(pct(s, 99))}  ${f(mean)}`);
  return pct(s, 50);
}

/** One request, timed from dispatch to the last body byte. */
async function timed(fetcher: Fetch, path: string, init: RequestInit = {}): Promise<{ ms: number; status: number; timing: string; body: string }> {
  const t0 = performance.now();
  const res = await fetcher(`${BASE}${path}`, init);
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, timing: res.headers.get("server-timing") ?? "", body };
}

const entry = (timing: string, name: string) => Number(new RegExp(`(?:^|,\\s*)${name};dur=([0-9.]+)`).exec(timing)?.[1] ?? NaN);

async function main() {
  const stack = await startLocalStack({ database: "pitchey_bench_auth", redisDb: REDIS_DB, requireRedis: true, log: (l) => console.log(`[bench] ${l}`) });
  const { UPSTASH_REDIS_REST_URL: _u, UPSTASH_REDIS_REST_TOKEN: _t, ...dataWithoutRedis } = stack.bindings;

  const secrets = await generateSecrets("bench-key");
  // The accounts below are registered from one address: past the registration limit (10 an hour).
  const common = { ...dataWithoutRedis, ...secrets, SERVICE_VERSION: "bench", LOG_LEVEL: "error", REGISTER_LIMIT_PER_HOUR: "100000" };
  const withRedis = { ...common, ...stack.bindings };
  const mf = new Miniflare({
    workers: [
      worker("gateway", withRedis),
      ...SERVICES.filter((s) => s !== "gateway").map((s) => worker(s, withRedis)),
      // The same gateway bundle without Redis: revocation checks go to auth over RPC.
      worker("gateway", common, { name: "gateway-without-redis" }),
    ],
  });

  try {
    await mf.ready;
    const gateway: Fetch = (url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>;
    const noRedis = (await mf.getWorker("gateway-without-redis")) as unknown as { fetch: Fetch };
    const fallback: Fetch = (url, init) => noRedis.fetch(url, init);
    const json = { "content-type": "application/json" };
    const ip = (i: number) => ({ "cf-connecting-ip": `10.9.${(i >> 8) & 255}.${i & 255}` });

    // Accounts: one for the request arms, more for the login arms (the per-account limit allows 10 failures).
    const register: number[] = [];
    const accounts: { email: string; password: string }[] = [];
    for (let i = 0; i < LOGINS + 1; i++) {
      const email = `bench-${i}-${crypto.randomUUID()}@bench.pitchey.dev`;
      const password = `bench-password-${i}`;
      const r = await timed(gateway, "/api/auth/register", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email, password, name: `Bench ${i}`, role: "investor" }),
      });
      if (r.status !== 201) throw new Error(`register failed: ${r.status} ${r.body}`);
      register.push(r.ms);
      accounts.push({ email, password });
    }
    const first = await timed(gateway, "/api/auth/login", { method: "POST", headers: json, body: JSON.stringify(accounts[0]) });
    const access = JSON.parse(first.body).data.accessToken as string;
    const bearer = { authorization: `Bearer ${access}` };

    const arms = {
      anon: {
        fetcher: gateway,
        path: "/api/health/live",
        headers: {} as Record<string, string>,
        ms: [] as number[],
        jwt: [] as number[],
        rev: [] as number[],
        auth: [] as number[],
      },
      authed: {
        fetcher: gateway,
        path: "/api/health/live",
        headers: bearer,
        ms: [] as number[],
        jwt: [] as number[],
        rev: [] as number[],
        auth: [] as number[],
      },
      me: { fetcher: gateway, path: "/api/auth/me", headers: bearer, ms: [] as number[], jwt: [] as number[], rev: [] as number[], auth: [] as number[] },
      rpc: { fetcher: fallback, path: "/api/health/live", headers: bearer, ms: [] as number[], jwt: [] as number[], rev: [] as number[], auth: [] as number[] },
    };
    for (let i = 0; i < WARMUP + N; i++) {
      for (const arm of Object.values(arms)) {
        const r = await timed(arm.fetcher, arm.path, { headers: arm.headers });
        if (r.status !== 200) throw new Error(`${arm.path}: ${r.status} ${r.body}`);
        if (i < WARMUP) continue;
        arm.ms.push(r.ms);
        arm.auth.push(entry(r.timing, "auth"));
        arm.jwt.push(entry(r.timing, "jwt"));
        arm.rev.push(entry(r.timing, "revocation"));
      }
    }

    const login = { ok: [] as number[], wrong: [] as number[], unknown: [] as number[] };
    for (let i = 1; i <= LOGINS; i++) {
      const a = accounts[i]!;
      const tries: [keyof typeof login, object, number][] = [
        ["ok", { email: a.email, password: a.password }, 200],
        ["wrong", { email: a.email, password: "not the password" }, 401],
        ["unknown", { email: `nobody-${i}-${crypto.randomUUID()}@bench.pitchey.dev`, password: "not the password" }, 401],
      ];
      for (const [arm, body, want] of tries) {
        const r = await timed(gateway, "/api/auth/login", { method: "POST", headers: { ...json, ...ip(i) }, body: JSON.stringify(body) });
        if (r.status !== want) throw new Error(`login ${arm}: ${r.status} ${r.body}`);
        login[arm].push(r.ms);
      }
    }

    console.log(
      `\n[bench] node ${process.version}, ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}; Miniflare ${N} interleaved rounds after ${WARMUP} warm-up, sequential; logs at "error"`,
    );
    console.log(
      `\n${"request (end to end, client side)".padEnd(52)} ${"n".padStart(5)}  ${"median".padStart(10)}  ${"p99".padStart(10)}  ${"mean".padStart(10)}`,
    );
    const anon = row("GET /api/health/live, anonymous", arms.anon.ms);
    const authed = row("GET /api/health/live, bearer token (Redis check)", arms.authed.ms);
    row("GET /api/auth/me, bearer token (Redis check)", arms.me.ms);
    const rpc = row("GET /api/health/live, bearer, no Redis (RPC check)", arms.rpc.ms);
    console.log(`\n${"inside the gateway (Server-Timing)".padEnd(52)}`);
    row("authenticate() total, anonymous", arms.anon.auth);
    row("authenticate() total, token + Redis check", arms.authed.auth);
    row("  of which JWT verification (Ed25519, jose)", arms.authed.jwt);
    row("  of which revocation check, Redis MGET", arms.authed.rev);
    row("authenticate() total, token + RPC check", arms.rpc.auth);
    row("  of which revocation check, RPC to auth", arms.rpc.rev);
    console.log(`\n${"PBKDF2-SHA256, 100,000 iterations".padEnd(52)}`);
    row("POST /api/auth/register", register);
    row("POST /api/auth/login, success", login.ok);
    row("POST /api/auth/login, wrong password (401)", login.wrong);
    row("POST /api/auth/login, unknown email (401)", login.unknown);
    // workerd's clock only moves on I/O, so pure CPU (the signature check) reads as 0 in Server-Timing;
    // the same module, key and token, timed in Node, gives its actual CPU cost.
    const ring = await keyRing(secrets.JWT_PUBLIC_JWKS);
    const verify: number[] = [];
    for (let i = 0; i < 200 + N; i++) {
      const t0 = performance.now();
      await verifyAccessToken(access, ring);
      if (i >= 200) verify.push(performance.now() - t0);
    }
    row("JWT verification alone (same code, in Node)", verify);
    console.log(
      `\nper-request cost of a bearer token (median, end to end): +${(authed - anon).toFixed(2)} ms with Redis, +${(rpc - anon).toFixed(2)} ms over the RPC fallback`,
    );
  } finally {
    await mf.dispose();
    await stack.stop();
  }
}

await main();
