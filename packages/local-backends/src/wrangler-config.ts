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
}

/** JSONC: strips comments and trailing commas (strings are left alone). */
export function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

export function readWranglerConfig(serviceDir: string): WranglerConfig {
  return parseJsonc(readFileSync(join(serviceDir, "wrangler.jsonc"), "utf8")) as WranglerConfig;
}
