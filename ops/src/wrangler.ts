// Running wrangler for one service, as the deploy does. PITCHEY_WRANGLER names another executable
// (tests put a recording stand-in there: this machine cannot reach Cloudflare).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./target";

export const wranglerBin = () => process.env.PITCHEY_WRANGLER ?? join(repoRoot, "node_modules", ".bin", "wrangler");

/** How a command is shown to an operator (and what the dry run prints). */
export const shown = (service: string, args: string[]) =>
  `(cd services/${service} && npx wrangler ${args.map((a) => (/^[\w@%:./,=-]+$/.test(a) ? a : JSON.stringify(a))).join(" ")})`;

export function wrangler(service: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(wranglerBin(), args, {
      cwd: join(repoRoot, "services", service),
      env: { ...env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", (err) => resolve({ code: 127, out: String(err) }));
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** "Worker Version ID: <uuid>" in `wrangler versions upload`'s output. */
export function uploadedVersionId(out: string): string | null {
  return /Worker Version ID:\s*([0-9a-f-]{36})/i.exec(out)?.[1] ?? null;
}

/** The version taking (most of) the traffic, from `wrangler deployments status --json`. */
export function currentVersionId(json: string): string | null {
  try {
    const d = JSON.parse(json) as { versions?: { version_id?: string; percentage?: number }[] };
    const v = [...(d.versions ?? [])].sort((a, b) => (b.percentage ?? 0) - (a.percentage ?? 0))[0];
    return v?.version_id ?? null;
  } catch {
    return null;
  }
}
