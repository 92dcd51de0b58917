// CI's closing line: `npm test` (unit and integration tiers) and `npm run test:resilience` each print
// their own; this adds them up from their reports, as the one line `N passed, N failed` that ends .ci/run.
import { RESILIENCE_REPORT, closingLine, countReports, npmTestReports } from "./lib-results.mjs";

const npmTest = countReports(npmTestReports());
const resilience = countReports([[RESILIENCE_REPORT, "@pitchey/resilience"]]);
const all = { passed: npmTest.passed + resilience.passed, failed: npmTest.failed + resilience.failed, skipped: npmTest.skipped + resilience.skipped };
console.log(`\nnpm test: ${closingLine(npmTest)}; resilience suite: ${closingLine(resilience)}`);
console.log(closingLine(all));
process.exit(all.failed > 0 || all.passed === 0 ? 1 : 0);
