// Direct SQL from a test (through the same Neon stand-in the Workers use), for setup at scale and
// for checking what was written: as the database owner (the gateway itself has no database).
import { env } from "cloudflare:test";
import { neon } from "@neondatabase/serverless";
import { configureNeon, type DataEnv } from "@pitchey/data";

export function sql() {
  const e = env as unknown as DataEnv & { TEST_OWNER_DATABASE_URL: string };
  configureNeon(e);
  return neon(e.TEST_OWNER_DATABASE_URL);
}

/** Polls until check() is truthy (for work a Worker finishes after its response, in waitUntil). */
export async function eventually<T>(check: () => Promise<T>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
