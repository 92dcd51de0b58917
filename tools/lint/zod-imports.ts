// zod 4 must be imported as a namespace (`import * as z from "zod"`): the named `z` import pulls the
// whole library into a Worker (about 4× the bundle). This finds the imports that break the rule.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// `import { z } from "zod"`, `import { z, ZodError } from "zod/v4"`, `export { z } from "zod"`,
// `import z from "zod"`; a type-only import erases at build time and is allowed.
const NAMED = /^[ \t]*(?:import|export)\s+(?!type\b)(?:[\w$]+\s*,\s*)?\{[^}]*(?<!type\s+)\bz\b[^}]*\}\s*from\s*["']zod(?:\/[\w/-]+)?["']/gm;
const DEFAULT = /^[ \t]*import\s+z\s*(?:,\s*\{[^}]*\}\s*)?from\s*["']zod(?:\/[\w/-]+)?["']/gm;

const SKIP = new Set(["node_modules", "dist", ".wrangler", ".turbo"]);
const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (SOURCE.test(name)) yield path;
  }
}

/** Offending imports in one file's text, as 1-based line numbers. */
export function namedZodImportLines(text: string): number[] {
  const lines: number[] = [];
  for (const re of [NAMED, DEFAULT]) {
    for (const m of text.matchAll(re)) lines.push(text.slice(0, m.index).split("\n").length);
  }
  return lines.sort((a, b) => a - b);
}

/** Every offending import under root's packages/, services/, scripts/, tools/ and ops/, as "path:line". */
export function findNamedZodImports(root: string): string[] {
  const out: string[] = [];
  for (const top of ["packages", "services", "scripts", "tools", "ops"]) {
    let entries: string[];
    try {
      entries = [...files(join(root, top))];
    } catch {
      continue;
    }
    for (const file of entries) {
      for (const line of namedZodImportLines(readFileSync(file, "utf8"))) out.push(`${relative(root, file)}:${line}`);
    }
  }
  return out;
}
