// `npm run sizes`: each Worker's bundle as `wrangler deploy --dry-run` builds it — raw and gzip size
// (measured here with zlib, beside wrangler's own figure) and the packages that weigh most.
// First it checks the zod import rule: `import * as z from "zod"` only (the named import is ~4× the bytes).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { findNamedZodImports } from "./lint/zod-imports";

const root = join(import.meta.dirname, "..");
const SERVICES = readdirSync(join(root, "services"))
  .filter((s) => statSync(join(root, "services", s, "wrangler.jsonc"), { throwIfNoEntry: false }))
  .sort();
const TOP = 3;

interface Size {
  service: string;
  raw: number;
  gzip: number;
  wrangler: string;
  top: { name: string; bytes: number }[];
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function run(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), ...args], {
      cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Who the bytes belong to: an npm package, one of our packages, or the service itself. */
function owner(input: string): string {
  const nm = input.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = input.slice(nm + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const ours = /(?:^|\/)(packages|services)\/([^/]+)\//.exec(input);
  return ours ? `${ours[1]}/${ours[2]}` : (input.split("/")[0] ?? input);
}

async function measure(service: string, out: string): Promise<Size> {
  const dir = join(root, "services", service);
  const meta = join(out, "bundle-meta.json");
  const r = await run(dir, ["deploy", "--dry-run", "--env=", "--outdir", out, "--metafile", meta]);
  if (r.code !== 0) throw new Error(`wrangler deploy --dry-run failed for ${service}:\n${r.out}`);
  const modules = readdirSync(out).filter((f) => /\.(m?js|wasm)$/.test(f));
  let raw = 0;
  let gzip = 0;
  for (const f of modules) {
    const bytes = readFileSync(join(out, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const byOwner = new Map<string, number>();
  const outputs = (JSON.parse(readFileSync(meta, "utf8")) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }).outputs;
  for (const o of Object.values(outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  }
  const top = [...byOwner]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, TOP);
  const wrangler = /Total Upload:\s*([\d.]+ \w+) \/ gzip:\s*([\d.]+ \w+)/.exec(r.out);
  return { service, raw, gzip, wrangler: wrangler ? `${wrangler[1]} / ${wrangler[2]}` : "?", top };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("   ");
  return [line(rows[0]!), widths.map((w) => "─".repeat(w)).join("   "), ...rows.slice(1).map(line)].join("\n");
}

const offenders = findNamedZodImports(root);
if (offenders.length) {
  console.error(`zod must be imported as \`import * as z from "zod"\`; the named import defeats tree-shaking. Fix:\n  ${offenders.join("\n  ")}`);
  process.exit(1);
}
console.log("zod imports: namespace only ✓\n");

const work = mkdtempSync(join(tmpdir(), "pitchey-sizes-"));
try {
  const sizes = await Promise.all(SERVICES.map((s) => measure(s, join(work, s))));
  const rows = [["service", "raw", "gzip (zlib -9)", "wrangler: raw / gzip", `largest ${TOP} inputs`]];
  for (const s of sizes) rows.push([s.service, kib(s.raw), kib(s.gzip), s.wrangler, s.top.map((t) => `${t.name} ${kib(t.bytes)}`).join(", ")]);
  rows.push(["total", kib(sizes.reduce((a, s) => a + s.raw, 0)), kib(sizes.reduce((a, s) => a + s.gzip, 0)), "", ""]);
  console.log(table(rows));
  console.log("\nas `wrangler deploy` would upload them (minified, as each wrangler.jsonc says); source maps not counted.");
} finally {
  rmSync(work, { recursive: true, force: true });
}
