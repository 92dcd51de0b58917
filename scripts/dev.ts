// `npm start` after bootstrap: back-ends (docs/architecture.md#local), database "pitchey" migrated and seeded, the
// Neon/Upstash stand-ins, then every Worker and a canary arm of each service behind the gateway in
// one `wrangler dev`, behind the local edge (gateway on 127.0.0.1:8787; the edge sets the client's
// address from the socket, as Cloudflare does). Ctrl-C stops everything started here: wrangler and
// its workerd, the edge, the stand-ins, throwaway servers.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  freePort,
  migrate,
  portOpen,
  removeStackFile,
  resolveBackends,
  serviceDatabaseUrls,
  startEdge,
  startStandIns,
  writeStackFile,
  type Backends,
  type Edge,
  type StandIns,
} from "../packages/local-backends/src/index";
import { writeCanaryConfigs } from "./dev-canaries";

const root = join(import.meta.dirname, "..");
// The gateway first: the first config is the one wrangler serves on --port.
const SERVICES = ["gateway", "auth", "pitch", "investor", "health"];
const HOST = "127.0.0.1";
const PORT = Number(process.env.PITCHEY_DEV_PORT ?? 8787);
const STANDIN_PORT = Number(process.env.PITCHEY_STANDIN_PORT ?? 8790);
// PITCHEY_DEV_DATABASE: a second checkout on one machine keeps its own database.
const DATABASE = process.env.PITCHEY_DEV_DATABASE ?? "pitchey";
const SLOW_START_MS = 90_000;

const log = (line: string) => console.log(`[dev] ${line}`);
const args = process.argv.slice(2);
// --reset: start from an empty database (migrated and seeded again), whichever back-end holds it.
const reset = args.includes("--reset");
const scaleAt = args.indexOf("--scale");
const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : undefined;
if (scale !== undefined && !(Number.isInteger(scale) && scale > 0)) {
  console.error("[dev] --scale wants a positive integer");
  process.exit(2);
}

// ---- .dev.vars: the back-end settings go under a marker, below the secrets gen-dev-vars.ts wrote ----
// wrangler gives `--var` only to the first config; each Worker reads the .dev.vars next to its own.
const MARK = "# npm start (scripts/dev.ts) manages the lines below on each run; they are removed when it stops.";
const devVarsFile = (svc: string) => join(root, "services", svc, ".dev.vars");

function withoutManagedBlock(text: string): string {
  const i = text.indexOf(MARK);
  return (i >= 0 ? text.slice(0, i) : text).replace(/\n*$/, "\n");
}

function writeBackendVars(varsFor: (svc: string) => Record<string, string>): void {
  for (const svc of SERVICES) {
    const file = devVarsFile(svc);
    const kept = existsSync(file) ? withoutManagedBlock(readFileSync(file, "utf8")) : "";
    // Lines above the marker stay as they are; for a name set twice the later line wins (dotenv), so
    // the block applies while npm start runs and the developer's own value is back once it stops.
    const block = Object.entries(varsFor(svc)).map(([k, v]) => `${k}='${v}'`);
    writeFileSync(file, `${kept}${MARK}\n${block.join("\n")}\n`, { mode: 0o600 });
  }
}

function removeBackendVars(): void {
  for (const svc of SERVICES) {
    const file = devVarsFile(svc);
    if (existsSync(file)) writeFileSync(file, withoutManagedBlock(readFileSync(file, "utf8")), { mode: 0o600 });
  }
}

// ---- shutdown: everything started here, once, in reverse order ----
let backends: Backends | null = null;
let standIns: StandIns | null = null;
let edge: Edge | null = null;
let wrangler: ChildProcess | null = null;
let stopping: Promise<void> | null = null;

function killWrangler(): Promise<void> {
  const child = wrangler;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  // wrangler runs in its own process group (detached): signalling the group reaches its workerd too,
  // which would otherwise be orphaned (a wrangler trap: its own SIGINT handling does not stop workerd).
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolve) => {
    const force = setTimeout(() => signal("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      signal("SIGKILL"); // any workerd left in the group
      resolve();
    });
    signal("SIGTERM");
  });
}

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    log("stopping…");
    await edge?.close().catch(() => {});
    await killWrangler();
    await standIns?.close().catch(() => {});
    removeStackFile(root);
    await backends?.stop().catch(() => {});
    removeBackendVars();
    log("stopped");
    process.exit(code);
  })();
  return stopping;
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void shutdown(0));
process.on("uncaughtException", (err) => {
  console.error("[dev]", err);
  void shutdown(1);
});
process.on("unhandledRejection", (err) => {
  console.error("[dev]", err);
  void shutdown(1);
});
// Last resort if this process ends without shutdown(): never leave wrangler's group running.
process.on("exit", () => {
  if (wrangler?.pid && wrangler.exitCode === null && wrangler.signalCode === null) {
    try {
      process.kill(-wrangler.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

/** Waits for the gateway; wrangler keeps watching after a failed build, so this waits with it. */
async function waitForGateway(url: string): Promise<boolean> {
  const t0 = Date.now();
  let warned = false;
  while (!stopping) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return true;
    } catch {
      /* not listening yet */
    }
    if (!warned && Date.now() - t0 > SLOW_START_MS) {
      warned = true;
      log(
        `the gateway has not answered on ${url} for ${SLOW_START_MS / 1000} s: see wrangler's output above (a build error? wrangler reloads when you fix it)`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function readHealth(base: string): Promise<string> {
  try {
    const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
    const body = (await r.json()) as { status: string; services: Record<string, { status: string }> };
    return `${r.status} ${body.status} (${Object.entries(body.services)
      .map(([n, s]) => `${n} ${s.status}`)
      .join(", ")})`;
  } catch (err) {
    return `no answer (${(err as Error).message})`;
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  process.env.WRANGLER_SEND_METRICS = "false";
  for (const [port, what] of [
    [PORT, "gateway (PITCHEY_DEV_PORT)"],
    [STANDIN_PORT, "stand-ins (PITCHEY_STANDIN_PORT)"],
  ] as const) {
    if (await portOpen(HOST, port)) throw new Error(`port ${port} for the ${what} is taken: is another npm start running?`);
  }

  // The embedded Postgres (the last resort) keeps its data in .local/pglite/, so it survives restarts.
  backends = await resolveBackends(log, { embeddedDir: join(root, ".local", "pglite") });
  if (reset) log(`database ${DATABASE}: emptying it first (--reset)`);
  const databaseUrl = await backends.database(DATABASE, { fresh: reset });
  const applied = await migrate(databaseUrl, join(root, "services"), log, { environment: "development" });
  log(`database ${DATABASE}: ${applied} migration(s) applied`);

  // The seed script is its own piece of work; run it when it is there.
  const seedFile = join(root, "ops", "src", "seed.ts");
  let demo: { accounts: string[]; password: string } | null = null;
  if (existsSync(seedFile)) {
    const mod = (await import(seedFile)) as {
      seed: (url: string, opts: { scale?: number }) => Promise<unknown>;
      DEMO_ACCOUNTS?: readonly { email: string }[];
      DEMO_TESTER?: { email: string };
      DEMO_PASSWORD?: string;
    };
    await mod.seed(databaseUrl, { scale });
    demo = { accounts: [...(mod.DEMO_ACCOUNTS ?? []), ...(mod.DEMO_TESTER ? [mod.DEMO_TESTER] : [])].map((a) => a.email), password: mod.DEMO_PASSWORD ?? "" };
  } else {
    log("no ops/src/seed.ts: starting without demo data");
  }

  const pg = new URL(backends.postgresUrl);
  const upstashToken = randomBytes(24).toString("base64url"); // per run: nothing to leak or rotate
  standIns = await startStandIns({
    postgres: { host: pg.hostname, port: Number(pg.port || 5432) },
    redisUrl: backends.redisUrl,
    upstashToken,
    port: STANDIN_PORT,
    host: HOST,
    control: false,
  });

  // Each service connects as its own role (packages/local-backends/src/db-roles.ts), as deployed; the
  // gateway gets no database. Local trust authentication ignores the placeholder password.
  const roleUrls = serviceDatabaseUrls(databaseUrl);
  const shared = {
    NEON_HTTP_ENDPOINT: standIns.neonHttpEndpoint,
    NEON_WS_PROXY: standIns.neonWsProxy,
    ...(standIns.upstashUrl ? { UPSTASH_REDIS_REST_URL: standIns.upstashUrl, UPSTASH_REDIS_REST_TOKEN: upstashToken } : {}),
  };
  // FAULT_SWITCH: local instances answer the fault switch (npm run fault; docs/releases.md).
  writeBackendVars((svc) => ({ ...(roleUrls[svc] ? { DATABASE_URL: roleUrls[svc] } : {}), ...shared, FAULT_SWITCH: "on" }));
  const canaries = writeCanaryConfigs(root);

  // wrangler cannot run without an inspector; keep it on a free loopback port so it collides with nothing.
  const inspectorPort = await freePort();
  const internalPort = await freePort();
  const wranglerJs = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
  const configs = [...SERVICES.map((s) => join("services", s, "wrangler.jsonc")), ...canaries.map((c) => c.config)].flatMap((c) => ["-c", c]);
  wrangler = spawn(
    process.execPath,
    [
      wranglerJs,
      "dev",
      ...configs,
      "--ip",
      HOST,
      "--port",
      String(internalPort),
      "--inspector-port",
      String(inspectorPort),
      "--inspector-ip",
      HOST,
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: root,
      // No telemetry, and no fetch of workers.cloudflare.com/cf.json (Request.cf gets miniflare's placeholder).
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      // Its own process group: the terminal's Ctrl-C reaches this script, which stops the whole group.
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  wrangler.once("exit", (code, signal) => {
    if (stopping) return;
    log(`wrangler exited (${signal ?? code}); stopping the rest`);
    void shutdown(code || 1);
  });

  edge = await startEdge({ upstream: { host: HOST, port: internalPort }, port: PORT, host: HOST });
  const base = `http://${HOST}:${PORT}`;
  if (!(await waitForGateway(`${base}/api/health/live`))) return;
  // For npm run rollout / fault / verify: where this stack is and how to reach its Redis.
  writeStackFile(root, {
    gateway: base,
    upstashUrl: standIns.upstashUrl,
    upstashToken: standIns.upstashUrl ? upstashToken : null,
    databaseUrl,
    pid: process.pid,
  });
  const health = await readHealth(base);
  const line = "─".repeat(72);
  console.log(
    [
      "",
      line,
      `  Pitchey is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s). Ctrl-C stops everything.`,
      "",
      `  API (gateway)   ${base}/api`,
      `  health          ${base}/api/health  → ${health}`,
      `  status page     ${base}/status`,
      `  API docs        ${base}/docs  ·  ${base}/api/openapi.json`,
      `  canary arms     ${canaries.map((c) => `pitchey-${c.service}-canary`).join(" · ")} (weight 0: npm run rollout -- <service> <weight>)`,
      "",
      `  Postgres        ${backends.postgresSource} · database "${DATABASE}"${demo ? " · demo data seeded" : " · not seeded"}`,
      `                  ${databaseUrl}  (DATABASE_URL for npm run migrate / seed / explain:pitch)`,
      `  Redis           ${backends.redisSource}${backends.kinds.redis === "server" ? ` (${backends.redisUrl})` : ""}`,
      `  stand-ins       Neon HTTP ${standIns.neonHttpEndpoint} · Neon WS ${standIns.neonWsProxy}${standIns.upstashUrl ? ` · Upstash ${standIns.upstashUrl}` : ""}`,
      ...(demo?.accounts.length ? ["", `  demo logins     ${demo.accounts.join(" · ")}`, `                  password ${demo.password}`] : []),
      line,
      "",
    ].join("\n"),
  );
}

main().catch(async (err) => {
  console.error(`[dev] ${(err as Error).message}`);
  await shutdown(1);
});
