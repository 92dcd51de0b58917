// The dependency rule (docs/architecture.md#layout): services → packages, never service → service, never package →
// service (nor package → scripts/, tools/ or ops/, which may use services). This finds imports that break it, by reading source files as text.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const SKIP = new Set(["node_modules", "dist", ".wrangler", ".turbo"]);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const SERVICE_PACKAGES = /^@pitchey\/(gateway|auth|pitch|investor|health)(\/|$)/;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

/** "path:line: what" for every import that points the wrong way. */
export function findLayeringViolations(root: string): string[] {
  const out: string[] = [];
  for (const top of ["services", "packages"]) {
    let dirs: string[];
    try {
      dirs = readdirSync(join(root, top));
    } catch {
      continue;
    }
    for (const owner of dirs) {
      const base = join(root, top, owner);
      if (!statSync(base).isDirectory()) continue;
      for (const file of sources(base)) {
        const text = readFileSync(file, "utf8");
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2]!;
          const line = text.slice(0, m.index).split("\n").length + (text[m.index] === "\n" ? 1 : 0);
          const where = `${relative(root, file)}:${line}`;
          if (SERVICE_PACKAGES.test(spec)) {
            out.push(`${where}: imports the service package ${spec}`);
            continue;
          }
          if (top === "packages" && /^@pitchey\/(ops|tools)(\/|$)/.test(spec)) {
            out.push(`${where}: imports ${spec} (operator and development tools may use packages, not the other way)`);
            continue;
          }
          if (!spec.startsWith(".")) continue;
          const target = relative(root, resolve(dirname(file), spec)).split(sep);
          if (top === "packages" && ["scripts", "tools", "ops"].includes(target[0]!)) {
            out.push(`${where}: imports ${target.join("/")} (${target[0]}/ may use services; a package must not depend on it)`);
          }
          if (target[0] === "services" && (top === "packages" || target[1] !== owner)) {
            out.push(
              `${where}: imports ${target.slice(0, 3).join("/")} (${top === "packages" ? "a package must not depend on a service" : "services talk through bindings, not imports"})`,
            );
          }
        }
      }
    }
  }
  return out;
}
