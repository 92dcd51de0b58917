// One service's deploy (docs/releases.md): check its config, build it, run its tests, plan (and
// apply) its migrations, then `wrangler deploy` — or upload a version and move traffic to it in
// steps with Cloudflare's gradual deployments, checking the gates at each step and rolling back on
// any failure. The version is the git commit. Dry runs do everything that works offline and print
// the exact wrangler commands.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { readVersionFigures, type CanaryRules } from "@pitchey/data";
import { budgetOf, bundleSize, kib, overBudget } from "./bundle.budget";
import { checkConfig, type Environment } from "./config.check";
import { destructiveStatements, pendingMigrations } from "./migrations.check";
import { gate, describeArm, runVerify } from "./rollout.controller";
import { repoRoot, type Target } from "./target";
import { currentVersionId, shown, uploadedVersionId, wrangler } from "./wrangler";

export interface DeployOptions {
  service: string;
  env: Environment;
  /** Percentages for a gradual deployment (e.g. 10,50,100); null: deploy at once. */
  gradual: number[] | null;
  /** Deploy as the service's canary Worker (pitchey-<service>-canary-<env>) instead. */
  canary: boolean;
  dryRun: boolean;
  allowDestructive: boolean;
  /** npm test already ran every service's tests (CI): do not run this one's again. */
  skipTests: boolean;
  /** The owner's connection string of that environment's database, to apply migrations. */
  databaseUrl?: string;
  holdS: number;
  rules: CanaryRules;
  verifyArgs: string[];
  print: (line: string) => void;
  /** Where the gradual deployment's gates look (base URL and Redis); required unless dryRun. */
  target?: Target;
  /** Tests only: another migrations folder for the service. */
  migrationsDir?: string;
}

export function gitVersion(): { version: string; dirty: boolean } {
  const sha = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: repoRoot, encoding: "utf8" }).trim() !== "";
  return { version: sha, dirty };
}

class Refused extends Error {}

export async function deploy(o: DeployOptions): Promise<boolean> {
  const p = o.print;
  const { version, dirty } = gitVersion();
  const name = o.canary ? `pitchey-${o.service}-canary-${o.env}` : `pitchey-${o.service}-${o.env}`;
  p(
    `${o.service} → ${o.env} as ${name}, version ${version}${dirty ? " (uncommitted changes!)" : ""}${o.gradual ? `, gradual ${o.gradual.join(" → ")} %` : ""}${o.dryRun ? " — dry run" : ""}`,
  );
  try {
    if (dirty && !o.dryRun) throw new Refused("the tree has uncommitted changes: a deploy's version must name what it runs (commit first)");

    // 1. config
    const problems = checkConfig(o.service, o.env);
    if (problems.length) throw new Refused(`config: services/${o.service}/wrangler.jsonc env.${o.env}: ${problems.join("; ")}`);
    p(`1. config: env.${o.env} checked (names, bindings, public only where intended, no local values, observability)`);

    // 2. build (offline: wrangler's own dry run bundles exactly what would be uploaded)
    const outdir = join("dist", o.env);
    const build = await wrangler(o.service, ["deploy", "--dry-run", "--env", o.env, "--outdir", outdir]);
    if (build.code !== 0) throw new Refused(`build failed:\n${build.out.slice(-2000)}`);
    const size = /Total Upload:\s*([^\n]+)/.exec(build.out)?.[1]?.trim();
    const bundle = bundleSize(join(repoRoot, "services", o.service, outdir));
    const over = overBudget(o.service, bundle);
    if (over) throw new Refused(over);
    p(
      `2. build: ${shown(o.service, ["deploy", "--dry-run", "--env", o.env, "--outdir", outdir])} ✓${size ? ` ${size}` : ""}, ${kib(bundle.gzip)} of ${budgetOf(o.service)} KiB gzip budget`,
    );

    // 3. the service's own tests
    if (o.skipTests) {
      p("3. tests: skipped (--skip-tests: npm test ran them already)");
    } else {
      const t = spawnSync(process.execPath, [join(repoRoot, "scripts", "test.mjs"), "--filter", `@pitchey/${o.service}`], {
        cwd: repoRoot,
        encoding: "utf8",
        env: process.env,
      });
      const line = (t.stdout ?? "").trim().split("\n").at(-1) ?? "";
      if (t.status !== 0) throw new Refused(`tests failed: ${line}`);
      p(`3. tests: node scripts/test.mjs --filter @pitchey/${o.service} ✓ ${line}`);
    }

    // 4. migrations: what is pending, and nothing destructive unless allowed
    const { pending, known } = await pendingMigrations(o.service, o.databaseUrl, o.migrationsDir);
    const destructive = pending.flatMap((m) => destructiveStatements(m.sql).map((d) => `${m.name}: ${d}`));
    if (destructive.length && !o.allowDestructive) {
      throw new Refused(
        `destructive migration (stable and canary share one schema; expand → contract, docs/releases.md):\n  ${destructive.join("\n  ")}\n  re-run with --allow-destructive once no running version uses it, or mark the file "-- pitchey: allow-destructive <why>"`,
      );
    }
    const migrate = o.databaseUrl ? `npm run migrate -- --env ${o.env}` : `DATABASE_URL=<${o.env} owner URL> npm run migrate -- --env ${o.env}`;
    p(
      `4. migrations: ${pending.length} ${known ? "pending" : "in the repository (offline: pending ones unknown)"} for ${o.service}${pending.length ? ` (${pending.map((m) => m.name).join(", ")})` : ""}; ${destructive.length ? "destructive ones allowed" : "none destructive"} → ${migrate}`,
    );
    if (!o.dryRun && o.databaseUrl && pending.length && known) {
      const m = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "ops", "src", "migrate.ts"), "--env", o.env], {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: o.databaseUrl },
      });
      if (m.status !== 0) throw new Refused(`migrations failed:\n${(m.stdout + m.stderr).slice(-2000)}`);
    }

    // 5. deploy
    const vars = ["--var", `SERVICE_VERSION:${version}`, ...(o.canary ? ["--var", "ARM:canary", "--name", name] : [])];
    if (!o.gradual) {
      const args = ["deploy", "--env", o.env, ...vars];
      if (o.dryRun) return (p(`5. would run: ${shown(o.service, args)}`), true);
      const d = await wrangler(o.service, args);
      if (d.code !== 0) throw new Refused(`wrangler deploy failed:\n${d.out.slice(-2000)}`);
      p(`5. deployed: ${shown(o.service, args)} ✓`);
      return true;
    }
    return await gradual(o, version, vars);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    p(`✗ ${err.message}`);
    return false;
  }
}

async function gradual(o: DeployOptions, version: string, vars: string[]): Promise<boolean> {
  const p = o.print;
  const upload = ["versions", "upload", "--env", o.env, "--tag", version, "--message", `${o.service} ${version}`, ...vars];
  const status = ["deployments", "status", "--env", o.env, "--json", ...(o.canary ? ["--name", vars.at(-1)!] : [])];
  const move = (nv: string, ov: string, pct: number) => [
    "versions",
    "deploy",
    `${nv}@${pct}%`,
    ...(pct < 100 ? [`${ov}@${100 - pct}%`] : []),
    "--env",
    o.env,
    "-y",
    "--message",
    `${o.service} ${version} at ${pct} %`,
  ];
  const back = (ov: string) => ["rollback", ov, "--env", o.env, "-y", "--message", `${o.service} ${version}: gates failed`];
  if (o.dryRun) {
    p(`5. would run: ${shown(o.service, status)}  → <current version id>`);
    p(`   then: ${shown(o.service, upload)}  → <new version id>`);
    for (const pct of o.gradual!)
      p(
        `   then: ${shown(o.service, move("<new>", "<current>", pct))}; hold ${o.holdS} s; gates: 5xx ≤ old + ${(o.rules.margin * 100).toFixed(1)} %, p95 ≤ ${o.rules.p95Factor}× old, npm run verify`,
      );
    p(`   on any failure: ${shown(o.service, back("<current>"))}`);
    return true;
  }
  const t = o.target;
  if (!t) throw new Refused("a gradual deployment needs --base (the gateway) and that environment's Redis for its gates");
  const s = await wrangler(o.service, status);
  const oldId = currentVersionId(s.out);
  if (!oldId) throw new Refused(`cannot tell the current version (${shown(o.service, status)}):\n${s.out.slice(-1000)}`);
  const oldVersion = await runningVersion(t.base, o.service);
  const u = await wrangler(o.service, upload);
  const newId = uploadedVersionId(u.out);
  if (u.code !== 0 || !newId) throw new Refused(`upload failed:\n${u.out.slice(-2000)}`);
  p(`5. uploaded version ${newId} (${version}); current ${oldId}${oldVersion ? ` (${oldVersion})` : ""}`);
  for (const pct of o.gradual!) {
    const d = await wrangler(o.service, move(newId, oldId, pct));
    if (d.code !== 0) return rollBackTo(o, oldId, back(oldId), `versions deploy failed: ${d.out.slice(-500)}`);
    p(`   ${pct} %: ${shown(o.service, move(newId, oldId, pct))} ✓; holding ${o.holdS} s`);
    await new Promise((r) => setTimeout(r, o.holdS * 1000));
    const f = await readVersionFigures(t.redis, o.service, oldVersion ?? "", version, o.rules.windowMinutes);
    const g = gate(f.stable, f.canary, o.rules);
    const v = g.ok ? await runVerify(t.base, o.verifyArgs) : { ok: false, line: "not run" };
    p(`   ${pct} %: ${describeArm("old", f.stable)} | ${describeArm("new", f.canary)} | verify ${v.ok ? "✓" : "✗"} ${v.line}`);
    if (!g.ok || !v.ok) return rollBackTo(o, oldId, back(oldId), g.ok ? "npm run verify failed" : g.reason);
  }
  p(`${o.service}: version ${version} takes 100 % in ${o.env}`);
  return true;
}

async function rollBackTo(o: DeployOptions, oldId: string, args: string[], why: string): Promise<boolean> {
  o.print(`   ✗ ${why}; rolling back: ${shown(o.service, args)}`);
  const r = await wrangler(o.service, args);
  o.print(r.code === 0 ? `   rolled back to ${oldId}` : `   ROLLBACK FAILED (${r.code}): ${r.out.slice(-500)} — roll back by hand now`);
  return false;
}

/** The version the service reports now (health names each service's version). */
async function runningVersion(base: string, service: string): Promise<string | null> {
  try {
    const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
    const b = (await r.json()) as { services?: Record<string, { version?: string | null }> };
    return b.services?.[service]?.version ?? null;
  } catch {
    return null;
  }
}
