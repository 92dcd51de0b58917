// The project's own rules, checked over the source tree (`npm run lint`, or `pnpm --filter X lint`
// for one package): zod imported as a namespace, dependencies pointing services → packages, and no
// secret material in tracked files. Exits non-zero with one line per finding.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { findNamedZodImports } from "./zod-imports";
import { findLayeringViolations } from "./layering";

const root = resolve(import.meta.dirname, "../..");
// Optional: only report findings under this folder (a package's own `lint` passes ".").
const only = process.argv[2] ? relative(root, resolve(process.cwd(), process.argv[2])) : "";

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

const findings = [
  ...findNamedZodImports(root).map((f) => `${f}: import zod as \`import * as z from "zod"\``),
  ...findLayeringViolations(root),
  ...secretFindings(),
].filter((f) => !only || f.startsWith(only + "/"));

if (findings.length) {
  console.error(findings.join("\n"));
  console.error(`\n${findings.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${only || "repository"} ok`);
