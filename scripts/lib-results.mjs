// Counts from vitest's JSON reports (the `--reporter=json --outputFile=…` every test script writes):
// what `npm test`, `npm run test:resilience` and CI's combined closing line add up. Node built-ins only.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib-pnpm.mjs";

/** Every package of `npm test` (packages/*, services/*, ops, tools) with a test script: [dir, name, extra
 *  reports]. A package that runs more than one suite names the others' report files in its
 *  package.json (`"pitchey": {"reports": ["test-results.browser.json"]}`: the gateway's browser tests). */
export function testPackages() {
  return workspaces()
    .filter(([, pkg]) => pkg.scripts?.test)
    .map(([d, pkg]) => [d, pkg.name, pkg.pitchey?.reports ?? []]);
}

/** The directory of the package called `name` (packages/*, services/*, ops), or undefined. */
export const packageDir = (name) => workspaces().find(([, pkg]) => pkg.name === name)?.[0];

function workspaces() {
  const dirs = [...["packages", "services"].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p))), join(root, "ops"), join(root, "tools")];
  return dirs.map((d) => [d, JSON.parse(readFileSync(join(d, "package.json"), "utf8"))]);
}

/**
 * Totals over the given reports ([file, name] pairs). A missing report counts one failure (its run
 * did not start or crashed); so does a run that failed outside any test (a suite that did not load).
 */
export function countReports(reports) {
  const t = { passed: 0, failed: 0, skipped: 0, missing: [], problems: [], reasons: new Map() };
  for (const [file, name] of reports) {
    if (!existsSync(file)) {
      t.missing.push(name);
      t.failed++;
      continue;
    }
    const r = JSON.parse(readFileSync(file, "utf8"));
    t.passed += r.numPassedTests ?? 0;
    t.failed += r.numFailedTests ?? 0;
    if (!r.success && !r.numFailedTests) {
      t.problems.push(`${name}: its test run failed outside any test (${r.numFailedTestSuites ?? 0} suite(s) failed to run)`);
      t.failed += Math.max(1, r.numFailedTestSuites ?? 0);
    }
    t.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // Tests that skipped saying why (packages/local-backends/src/skip-when.ts): "package: reason" → names.
    for (const a of (r.testResults ?? []).flatMap((f) => f.assertionResults ?? [])) {
      if (a.status !== "skipped" || !a.meta?.skipReason) continue;
      const key = `${name}: ${a.meta.skipReason}`;
      t.reasons.set(key, [...(t.reasons.get(key) ?? []), a.fullName]);
    }
  }
  return t;
}

/** The unit tier's report (vitest.unit.config.ts: every *.unit.spec.ts, in Node). */
export const UNIT_REPORT = join(root, "test-results.unit.json");
export const UNIT_TIER = "unit tier";
/** The integration tier's reports: each package's own suites. */
export const integrationReports = () =>
  testPackages().flatMap(([d, name, extra]) => [[join(d, "test-results.json"), name], ...extra.map((f) => [join(d, f), `${name} (${f})`])]);
/** `npm test`'s reports: the unit tier's and the integration tier's (its closing line counts both). */
export const npmTestReports = () => [[UNIT_REPORT, UNIT_TIER], ...integrationReports()];
/** `npm run lint`'s report (tools/lint/lint.ts): one passed or failed "test" per check. */
export const LINT_REPORT = join(root, "lint-results.json");
/** The resilience suite's report. */
export const RESILIENCE_REPORT = join(root, "resilience", "resilience-results.json");

export const closingLine = (t) => `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
