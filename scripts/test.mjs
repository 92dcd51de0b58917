// `npm test` after bootstrap: every package's tests through turbo (which builds the Workers the
// gateway and health tests load), then one closing line with the totals over all packages.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { QUIET, pathWithPnpm, pnpmCommand, root } from "./lib-pnpm.mjs";
import { spawnSync } from "node:child_process";

const env = { ...process.env, ...QUIET, PATH: pathWithPnpm() };
const dirs = [...["packages", "services"].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p))), join(root, "ops")];
// A package may run more than one suite (the gateway: workerd, then the browser): test-results*.json.
const resultFiles = (d) => readdirSync(d).filter((f) => /^test-results(\.[\w-]+)?\.json$/.test(f)).map((f) => join(d, f));
for (const d of dirs) for (const f of resultFiles(d)) rmSync(f, { force: true });

const [cmd, ...pre] = pnpmCommand();
const extra = process.argv.slice(2); // e.g. --filter @pitchey/auth
const run = spawnSync(cmd, [...pre, "exec", "turbo", "run", "test", "--continue", "--concurrency=2", "--output-logs=full", ...extra], { stdio: "inherit", cwd: root, env });

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
/** "package: reason" → test names, for tests that skipped saying why (packages/local-backends/src/skip-when.ts). */
const reasons = new Map();
for (const d of dirs) {
  const pkg = JSON.parse(readFileSync(join(d, "package.json"), "utf8"));
  if (!pkg.scripts?.test) continue;
  if (!existsSync(join(d, "test-results.json"))) {
    missing.push(pkg.name);
    continue;
  }
  for (const file of resultFiles(d)) count(pkg, JSON.parse(readFileSync(file, "utf8")));
}

function count(pkg, r) {
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A suite that failed to load (or a runtime that did not start) fails no single test: count it.
  if (!r.success && !r.numFailedTests) {
    console.error(`${pkg.name}: its test run failed outside any test (${r.numFailedTestSuites ?? 0} suite(s) failed to run)`);
    failed += Math.max(1, r.numFailedTestSuites ?? 0);
  }
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const t of (r.testResults ?? []).flatMap((f) => f.assertionResults ?? [])) {
    if (t.status !== "skipped" || !t.meta?.skipReason) continue;
    const key = `${pkg.name}: ${t.meta.skipReason}`;
    reasons.set(key, [...(reasons.get(key) ?? []), t.fullName]);
  }
}

for (const [why, tests] of reasons) console.log(`skipped ${tests.length === 1 ? `"${tests[0]}"` : `${tests.length} tests ("${tests[0]}", …)`} in ${why}`);
const filtered = extra.some((a) => a.startsWith("--filter"));
if (missing.length && !filtered) {
  console.error(`no test results from: ${missing.join(", ")} (their test run did not start or crashed)`);
  failed += missing.length;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
