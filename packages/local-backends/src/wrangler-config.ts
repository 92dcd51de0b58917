// Reading a service's wrangler.jsonc from Node (tests and scripts need its name, dates and bindings).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface WranglerConfig {
  name: string;
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  services?: { binding: string; service: string; entrypoint?: string }[];
  vars?: Record<string, string>;
  triggers?: { crons?: string[] };
  env?: Record<string, Omit<WranglerConfig, "env" | "main" | "compatibility_date">>;
}

/** JSONC: strips comments and trailing commas; strings (which may hold "//", "/*" or ", }") are left alone. */
export function parseJsonc(text: string): unknown {
  const noComments = scan(text, (c, i) => {
    if (c === "/" && text[i + 1] === "/") {
      const eol = text.indexOf("\n", i);
      return { skipTo: eol === -1 ? text.length : eol };
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close === -1) throw new SyntaxError("JSONC: unterminated /* comment");
      return { skipTo: close + 2, emit: " " };
    }
    return null;
  });
  const closer = /\s*[}\]]/y;
  const noTrailingCommas = scan(noComments, (c, i) => {
    if (c !== ",") return null;
    closer.lastIndex = i + 1;
    return closer.test(noComments) ? { skipTo: i + 1 } : null;
  });
  return JSON.parse(noTrailingCommas);
}

/** Copies text, copying strings verbatim and letting `at` replace what starts at i outside strings. */
function scan(text: string, at: (c: string, i: number) => { skipTo: number; emit?: string } | null): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const r = at(c, i);
    if (r) {
      out += r.emit ?? "";
      i = r.skipTo;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export function readWranglerConfig(serviceDir: string): WranglerConfig {
  return parseJsonc(readFileSync(join(serviceDir, "wrangler.jsonc"), "utf8")) as WranglerConfig;
}
