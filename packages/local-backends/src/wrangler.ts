// wrangler's Node API, loaded without the signal handlers its module installs when it loads (SIGINT and
// SIGTERM → process.exit(), for its `pages dev` command): a program that only reads and maps configs
// through it (npm start, a mesh under Miniflare, a benchmark) keeps its own shutdown on Ctrl-C. A
// process that loaded wrangler before (the vitest pool) keeps whatever wrangler set up there.
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const before = Object.fromEntries(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
const wrangler = await import("wrangler");
for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before[s]!.has(l)) process.off(s, l);

export const { experimental_readRawConfig, unstable_getMiniflareWorkerOptions, unstable_readConfig } = wrangler;
