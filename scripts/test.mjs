// `npm test` after bootstrap: the unit tier (every *.unit.spec.ts in Node, vitest.unit.config.ts:
// seconds, no back-ends), then every package's integration tests through turbo (which builds the
// Workers the gateway and health tests load), then one closing line with the totals over both.
// `--unit`: the unit tier alone (`npm run test:unit`).
import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { QUIET, pathWithPnpm, pnpmCommand, root } from "./lib-pnpm.mjs";
import { UNIT_REPORT, UNIT_TIER, closingLine, countReports, integrationReports, packageDir } from "./lib-results.mjs";
import { spawnSync } from "node:child_process";

const env = { ...process.env, ...QUIET, PATH: pathWithPnpm() };
const unitOnly = process.argv.includes("--unit");
const extra = process.argv.slice(2).filter((a) => a !== "--unit"); // e.g. --filter @pitchey/auth
const unitReport = [[UNIT_REPORT, UNIT_TIER]];
const reports = unitOnly ? [] : integrationReports();
for (const [file] of [...unitReport, ...reports]) rmSync(file, { force: true });

const filtered = extra.some((a) => a.startsWith("--filter"));
const unit = spawnSync(
  process.execPath,
  [
    join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--config",
    "vitest.unit.config.ts",
    ...unitScope(extra),
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${UNIT_REPORT}`,
  ],
  { stdio: "inherit", cwd: root, env },
);

let run = { status: 0 };
if (!unitOnly) {
  const [cmd, ...pre] = pnpmCommand();
  run = spawnSync(cmd, [...pre, "exec", "turbo", "run", "test", "--continue", "--concurrency=2", "--output-logs=full", ...extra], {
    stdio: "inherit",
    cwd: root,
    env,
  });
}

const u = countReports(unitReport);
const i = countReports(reports);
for (const p of [...u.problems, ...i.problems]) console.error(p);
for (const [why, tests] of [...u.reasons, ...i.reasons])
  console.log(`skipped ${tests.length === 1 ? `"${tests[0]}"` : `${tests.length} tests ("${tests[0]}", …)`} in ${why}`);
if (u.missing.length) console.error("no results from the unit tier (its run did not start or crashed)");
if (i.missing.length && !filtered) console.error(`no test results from: ${i.missing.join(", ")} (their test run did not start or crashed)`);
// A filtered run leaves the other packages without results: they are not failures then. The unit
// tier always runs, so its missing report always is.
if (filtered) i.failed -= i.missing.length;
const t = { passed: u.passed + i.passed, failed: u.failed + i.failed, skipped: u.skipped + i.skipped };
if (!unitOnly) console.log(`\nunit tier: ${closingLine(u)}; integration tier: ${closingLine(i)}`);
console.log(`\n${closingLine(t)}`);
process.exit(unit.status !== 0 || run.status !== 0 || t.failed > 0 || t.passed === 0 ? 1 : 0);

/** The unit tier's file filters for `--filter <name>`: the named packages' directories (vitest takes
 *  path fragments). Anything but exact package names (globs, `name...`) runs the whole tier. */
function unitScope(args) {
  const names = args.flatMap((a, k) => (a === "--filter" ? [args[k + 1]] : a.startsWith("--filter=") ? [a.slice(9)] : []));
  const dirs = names.map((n) => n && packageDir(n));
  if (!names.length || dirs.some((d) => !d)) return [];
  return ["--passWithNoTests", ...dirs.map((d) => `${relative(root, d)}/`)];
}
