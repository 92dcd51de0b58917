// CI's closing line: `npm test` and `npm run test:resilience` each print their own; this adds them up
// from their reports, as the one line `N passed, N failed` that ends .ci/run.
import { RESILIENCE_REPORT, closingLine, countReports, unitReports } from "./lib-results.mjs";

const unit = countReports(unitReports());
const resilience = countReports([[RESILIENCE_REPORT, "@pitchey/resilience"]]);
const all = { passed: unit.passed + resilience.passed, failed: unit.failed + resilience.failed, skipped: unit.skipped + resilience.skipped };
console.log(`\nnpm test: ${closingLine(unit)}; resilience suite: ${closingLine(resilience)}`);
console.log(closingLine(all));
process.exit(all.failed > 0 || all.passed === 0 ? 1 : 0);
