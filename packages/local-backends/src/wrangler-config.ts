// A service's wrangler.jsonc as written (top level and every env section), read by wrangler's own
// reader: its JSONC parser, the one `wrangler dev` and `deploy` use. For what tests, tools and config
// checks look up (names, dates, bindings, crons, each environment's vars) and for copies of a config.
import { join } from "node:path";
import { experimental_readRawConfig } from "./wrangler";

/** The part of a config this project reads (wrangler's own config types are not published with it). */
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

export const wranglerConfigPath = (serviceDir: string) => join(serviceDir, "wrangler.jsonc");

export function readWranglerConfig(serviceDir: string): WranglerConfig {
  return experimental_readRawConfig({ config: wranglerConfigPath(serviceDir) }).rawConfig as unknown as WranglerConfig;
}
