// Headless Chromium for page tests: Debian's `chromium` (apt-get install chromium; .ci/run installs it)
// driven by playwright-core. Missing browser: a skip with its reason — but with CI=true a failure, as
// a missing back-end is.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where the browser is: PITCHEY_CHROMIUM, else Debian's. */
export const chromiumPath = () => process.env.PITCHEY_CHROMIUM ?? "/usr/bin/chromium";

/** No sandbox (tests run as root in containers), no GPU, no traffic of its own (updates, sync, QUIC). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export type Launched = { browser: Browser; skip?: undefined } | { browser?: undefined; skip: string };

export async function launchBrowser(): Promise<Launched> {
  const path = chromiumPath();
  if (!existsSync(path)) {
    const why = `no Chromium at ${path} (install Debian's: apt-get install -y chromium; or set PITCHEY_CHROMIUM)`;
    if (process.env.CI === "true") throw new Error(`CI: ${why}`);
    return { skip: why };
  }
  return { browser: await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, headless: true }) };
}
