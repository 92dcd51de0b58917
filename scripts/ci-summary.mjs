// CI's closing line: `npm test` (unit and integration tiers) and `npm run test:resilience` each print
// their own; this adds them up from their reports, with `npm run lint`'s checks (one each: Biome, zod
// imports, layering, no keys), as the one line `N passed, N failed` that ends .ci/run. A report that is
// missing counts one failure.
import { LINT_REPORT, RESILIENCE_REPORT, closingLine, countReports, npmTestReports } from "./lib-results.mjs";

const npmTest = countReports(npmTestReports());
const lint = countReports([[LINT_REPORT, "lint"]]);
const resilience = countReports([[RESILIENCE_REPORT, "@pitchey/resilience"]]);
const parts = [npmTest, lint, resilience];
const all = { passed: 0, failed: 0, skipped: 0 };
for (const p of parts) for (const k of Object.keys(all)) all[k] += p[k];
console.log(`\nnpm test: ${closingLine(npmTest)}; lint: ${closingLine(lint)}; resilience suite: ${closingLine(resilience)}`);
console.log(closingLine(all));
process.exit(all.failed > 0 || all.passed === 0 ? 1 : 0);
