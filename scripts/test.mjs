// `npm test` after bootstrap: every package's tests through turbo (which builds the Workers the
// gateway and health tests load), then one closing line with the totals over all packages.
import { rmSync } from "node:fs";
import { QUIET, pathWithPnpm, pnpmCommand, root } from "./lib-pnpm.mjs";
import { closingLine, countReports, unitReports } from "./lib-results.mjs";
import { spawnSync } from "node:child_process";

const env = { ...process.env, ...QUIET, PATH: pathWithPnpm() };
const reports = unitReports();
for (const [file] of reports) rmSync(file, { force: true });

const [cmd, ...pre] = pnpmCommand();
const extra = process.argv.slice(2); // e.g. --filter @pitchey/auth
const run = spawnSync(cmd, [...pre, "exec", "turbo", "run", "test", "--continue", "--concurrency=2", "--output-logs=full", ...extra], { stdio: "inherit", cwd: root, env });

const filtered = extra.some((a) => a.startsWith("--filter"));
const t = countReports(reports);
for (const p of t.problems) console.error(p);
for (const [why, tests] of t.reasons) console.log(`skipped ${tests.length === 1 ? `"${tests[0]}"` : `${tests.length} tests ("${tests[0]}", …)`} in ${why}`);
if (t.missing.length && !filtered) console.error(`no test results from: ${t.missing.join(", ")} (their test run did not start or crashed)`);
// A filtered run leaves the other packages without results: they are not failures then.
if (filtered) t.failed -= t.missing.length;
console.log(`\n${closingLine(t)}`);
process.exit(run.status !== 0 || t.failed > 0 || t.passed === 0 ? 1 : 0);
