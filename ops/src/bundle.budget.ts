// Each Worker's bundle budget (gzip, what Cloudflare counts against its limits and what a cold start
// loads), and the size of a built bundle. The deploy refuses a bundle over its budget; the test
// (test/bundles.spec.ts) holds every service to it, and `npm run bench` reports against it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { SERVICES } from "./config.check";

/** KiB gzip. The gateway is on every request's path and bundles neither zod nor the Sentry SDK; a
 *  service carries its schemas and the Neon driver (~40 KiB of it). Health is the exception, over
 *  the 100 the others keep: it carries the Sentry SDK for the whole mesh (packages/http
 *  sentry-relay.ts), every service's schemas for the OpenAPI document and the docs page, and it is
 *  on no client's request path (docs/performance.md). Pitch is 2 KiB over the 100 it should keep
 *  since the API work (its operation table, idempotency store, ETags): zod 4's classic schemas carry
 *  their JSON Schema generators (~16 KB raw) whether they are called or not; `zod/mini` would drop
 *  them. Its budget is what it is, not the target: `npm run bench` reports the target as not met. */
export const BUNDLE_BUDGET_KIB: Record<(typeof SERVICES)[number], number> = { gateway: 25, auth: 100, pitch: 104, investor: 100, health: 140 };

/** A service's budget; one not listed gets a service's. */
export const budgetOf = (service: string): number => BUNDLE_BUDGET_KIB[service as (typeof SERVICES)[number]] ?? 100;

export interface BundleSize {
  file: string;
  raw: number;
  gzip: number;
}

/** The size of the one JavaScript module wrangler wrote into `dir` (its --outdir). */
export function bundleSize(dir: string): BundleSize {
  const js = readdirSync(dir).filter((f) => f.endsWith(".js"));
  if (js.length !== 1) throw new Error(`${dir}: expected one bundled module, found ${js.join(", ") || "none"}`);
  const bytes = readFileSync(join(dir, js[0]!));
  return { file: js[0]!, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** Why `size` is over `service`'s budget, or null. */
export function overBudget(service: string, size: BundleSize): string | null {
  const budget = budgetOf(service);
  return size.gzip > budget * 1024 ? `${service}'s bundle is ${kib(size.gzip)} KiB gzip, over its budget of ${budget} KiB (ops/src/bundle.budget.ts)` : null;
}
