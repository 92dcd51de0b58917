// `npm run lint` (or `pnpm --filter X lint` for one package): Biome's lint rules and format check
// (biome.jsonc), then the project's own rules over the source tree: zod imported as a namespace,
// dependencies pointing services → packages, and no secret material in tracked files. Exits non-zero
// on any finding. A run over the whole repository also writes lint-results.json, which CI's closing
// line counts (scripts/ci-summary.mjs): one check per rule set, passed or failed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { findNamedZodImports } from "./zod-imports";
import { findLayeringViolations } from "./layering";

const root = resolve(import.meta.dirname, "../..");
// Optional: only report findings under this folder (a package's own `lint` passes ".").
const only = process.argv[2] ? relative(root, resolve(process.cwd(), process.argv[2])) : "";
const REPORT = join(root, "lint-results.json");

// Whether `npm run lint` fails on files `npm run format` would change. Off until the one commit that
// formats the whole tree (README "Formatting and lint"); that commit turns it on.
const CHECK_FORMAT = true;

/** Biome over the repository (or `only`): lint rules, plus the format check once CHECK_FORMAT is on. */
function biome(): boolean {
  const bin = join(root, "node_modules", ".bin", "biome");
  if (!existsSync(bin)) {
    console.error("lint: Biome is not installed (node scripts/bootstrap.mjs installs it)");
    return false;
  }
  const args = ["check", "--error-on-warnings", ...(CHECK_FORMAT ? [] : ["--formatter-enabled=false"]), only || "."];
  return spawnSync(bin, args, { cwd: root, stdio: "inherit" }).status === 0;
}

// Private-key material: PEM blocks and private JWKs ("d" next to an Ed25519/EC/RSA key type).
const SECRET = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /"kty"\s*:\s*"(OKP|EC|RSA)"[^}]*"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/];

function secretFindings(): string[] {
  const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
  const out: string[] = [];
  for (const file of tracked) {
    if (/\.(png|jpg|lock|yaml)$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      continue;
    }
    for (const re of SECRET) if (re.test(text)) out.push(`${file}: looks like private key material (secrets belong in .dev.vars or wrangler secret)`);
  }
  return out;
}

if (!only) rmSync(REPORT, { force: true });
const mine = (f: string) => !only || f.startsWith(`${only}/`);
const checks: [string, string[]][] = [
  ["biome", biome() ? [] : ["Biome reported problems (above); `npm run format` fixes formatting, `npx biome lint --write <path>` safe lint fixes"]],
  [
    "zod namespace imports",
    findNamedZodImports(root)
      .map((f) => `${f}: import zod as \`import * as z from "zod"\``)
      .filter(mine),
  ],
  ["layering (services → packages)", findLayeringViolations(root).filter(mine)],
  ["no private keys", secretFindings().filter(mine)],
];
const failed = checks.filter(([, findings]) => findings.length);
for (const [name, findings] of failed) console.error(`\n${name}:\n  ${findings.join("\n  ")}`);

// The report in the shape of vitest's JSON (numPassedTests, numFailedTests): one "test" per check.
if (!only) {
  const testResults = [{ name: "lint", assertionResults: checks.map(([name, f]) => ({ fullName: `lint: ${name}`, status: f.length ? "failed" : "passed" })) }];
  writeFileSync(REPORT, JSON.stringify({ numPassedTests: checks.length - failed.length, numFailedTests: failed.length, success: !failed.length, testResults }));
}
if (failed.length) {
  console.error(`\nlint: ${failed.length} of ${checks.length} checks failed (${failed.map(([n]) => n).join(", ")})`);
  process.exit(1);
}
console.log(`lint: ${only || "repository"} ok (${checks.map(([n]) => n).join(", ")})`);
