// `npm run test:resilience` after bootstrap: builds the Workers (turbo, cached), runs the resilience
// suite (resilience/: a mesh broken on purpose under load, fuzz, the authorization matrix, a load run),
// prints its table and then its own closing line. Not part of `npm test`; CI runs it after.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { QUIET, pathWithPnpm, pnpmCommand, root } from "./lib-pnpm.mjs";
import { RESILIENCE_REPORT, closingLine, countReports } from "./lib-results.mjs";

const t0 = Date.now();
const env = { ...process.env, ...QUIET, PATH: pathWithPnpm() };
const [cmd, ...pre] = pnpmCommand();
const build = spawnSync(cmd, [...pre, "exec", "turbo", "run", "build", "--filter=@pitchey/resilience...", "--output-logs=errors-only"], {
  stdio: "inherit",
  cwd: root,
  env,
});
if (build.status !== 0) console.error("[resilience] the Workers did not build");

rmSync(RESILIENCE_REPORT, { force: true });
const run =
  build.status === 0
    ? spawnSync(cmd, [...pre, "--filter", "@pitchey/resilience", "run", "test:resilience", ...process.argv.slice(2)], { stdio: "inherit", cwd: root, env })
    : build;

// (run with tsx: the table is formatted by the suite's own module)
const { formatTable, readRows } = await import(join(root, "resilience", "src", "report.ts"));
const rows = readRows();
console.log("\n[resilience] what broke, what was sent, what failed, what was checked in the database:\n");
console.log(rows.length ? formatTable(rows) : "(no rows: the suite did not get to run)");
const t = countReports([[RESILIENCE_REPORT, "@pitchey/resilience"]]);
for (const p of t.problems) console.error(p);
if (t.missing.length) console.error("no test results from the resilience suite (its run did not start or crashed)");
console.log(`\n[resilience] ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
console.log(`\n${closingLine(t)}`);
process.exit(run.status !== 0 || t.failed > 0 || t.passed === 0 ? 1 : 0);
