// Writes git-ignored .dev.vars files with local-only secrets when they are missing: an Ed25519 key
// pair for access tokens (private key to auth, public JWKS to the gateway) and the identity HMAC
// secret every service shares. Existing files are kept; delete them to rotate (see docs/operations.md).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSecrets } from "../packages/http/src/keys";

const root = join(import.meta.dirname, "..");
const services = ["gateway", "auth", "pitch", "investor", "health"];
const file = (s: string) => join(root, "services", s, ".dev.vars");

export function readDevVars(service: string): Record<string, string> {
  if (!existsSync(file(service))) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file(service), "utf8").split("\n")) {
    const i = line.indexOf("=");
    if (i > 0 && !line.startsWith("#")) out[line.slice(0, i)] = line.slice(i + 1).replace(/^'(.*)'$/, "$1");
  }
  return out;
}

export async function ensureDevVars(): Promise<void> {
  const complete = services.every((s) => readDevVars(s).IDENTITY_HMAC_SECRET) && readDevVars("auth").JWT_PRIVATE_JWK && readDevVars("gateway").JWT_PUBLIC_JWKS;
  if (complete) return;
  const kid = `local-${new Date().toISOString().slice(0, 10)}`;
  const secrets = await generateSecrets(kid);
  for (const s of services) {
    const lines = [
      "# Local development only (scripts/gen-dev-vars.ts; git-ignored). Production: wrangler secret put.",
      `IDENTITY_HMAC_SECRET='${secrets.IDENTITY_HMAC_SECRET}'`,
    ];
    if (s === "auth") lines.push(`JWT_PRIVATE_JWK='${secrets.JWT_PRIVATE_JWK}'`, `JWT_PUBLIC_JWKS='${secrets.JWT_PUBLIC_JWKS}'`);
    if (s === "gateway") lines.push(`JWT_PUBLIC_JWKS='${secrets.JWT_PUBLIC_JWKS}'`);
    writeFileSync(file(s), `${lines.join("\n")}\n`, { mode: 0o600 });
  }
  console.log(`[bootstrap] wrote local secrets to services/*/.dev.vars (key id ${kid})`);
}

if (import.meta.filename === process.argv[1]) await ensureDevVars();
