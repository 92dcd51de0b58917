// Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core (no browser
// download). Missing browser: a stated skip outside CI, a failure with CI=true (.ci/run installs it).
//
// @example
//   const why = browserUnavailable();            // throws with CI=true when there is none
//   skipWhen(ctx, why !== null, why ?? "");
//   const browser = await launchBrowser();
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export type { Browser, Page } from "playwright-core";

/** Where Chromium is looked for: PITCHEY_CHROMIUM when set (only there), else Debian's and Ubuntu's paths. */
const CANDIDATES = process.env.PITCHEY_CHROMIUM ? [process.env.PITCHEY_CHROMIUM] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Headless, and nothing that reaches out on its own (updates, sync, QUIC probes). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const chromiumPath = (): string | null => CANDIDATES.find((p) => existsSync(p)) ?? null;

/** Why browser tests cannot run here (null: they can). With CI=true a missing browser is an error. */
export function browserUnavailable(): string | null {
  if (chromiumPath()) return null;
  const why = `no Chromium at ${CANDIDATES.join(" or ")} (install Debian's: apt-get install -y chromium, or set PITCHEY_CHROMIUM)`;
  if (process.env.CI === "true") throw new Error(`CI=true: browser tests need Chromium, and there is ${why}`);
  return why;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(browserUnavailable() ?? "no Chromium");
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
