// The providers' published prices the cost model uses (`npm run cost`), with where and when each was
// read. The live web is not reachable from the machines this repository is built on; each price was
// read on the date given from the stored copy of the page named (the provider's own page where one
// was stored, else a dated transcription of it, named as such). Check them again before quoting a
// figure to anyone: prices change.

export interface PriceSource {
  /** The page the figures come from. */
  url: string;
  /** When it was read here (YYYY-MM-DD), and what the copy said about its own date. */
  read: string;
  note: string;
}

export interface Prices {
  workers: {
    source: PriceSource;
    /** Workers Paid, per account and month. */
    planMonthly: number;
    includedRequests: number;
    perMillionRequests: number;
    includedCpuMs: number;
    perMillionCpuMs: number;
    /** Calls over a service binding are not billed as requests (the client's request is, once). */
    bindingCallsBilled: boolean;
    /** Workers do not bill bytes out. */
    perGbOut: number;
  };
  neon: {
    source: PriceSource;
    plan: string;
    perCuHour: number;
    storagePerGbMonth: number;
    /** The smallest compute autoscaling keeps running (CU); 1 CU ≈ 1 vCPU and 4 GB. */
    minCu: number;
  };
  upstash: {
    source: PriceSource;
    plan: string;
    per100kCommands: number;
    freeGbBandwidth: number;
    perGbBandwidth: number;
    freeGbStorage: number;
    perGbStorage: number;
  };
}

export const PRICES: Prices = {
  workers: {
    source: {
      url: "https://developers.cloudflare.com/workers/platform/pricing/",
      read: "2026-12-01",
      note:
        'Standard usage model. The request and CPU rates were read from a dated transcription of Cloudflare\'s pricing ("Cloudflare rates read 2026-08-03", github.com/halideworks/onelight wiki, Pricing); ' +
        "that service-binding calls add no cost from Cloudflare's Service bindings page (developers.cloudflare.com/workers/runtime-apis/bindings/service-bindings/: \"Service bindings don't increase costs\").",
    },
    planMonthly: 5,
    includedRequests: 10_000_000,
    perMillionRequests: 0.3,
    includedCpuMs: 30_000_000,
    perMillionCpuMs: 0.02,
    bindingCallsBilled: false,
    perGbOut: 0,
  },
  neon: {
    source: {
      url: "https://neon.com/docs/introduction/plans",
      read: "2026-12-01",
      note: "Neon's own plans page (its front matter: updatedOn 2026-11-12): Launch $0.106 per CU-hour, storage $0.35 per GB-month, no monthly minimum.",
    },
    plan: "Launch",
    perCuHour: 0.106,
    storagePerGbMonth: 0.35,
    minCu: 0.25,
  },
  upstash: {
    source: {
      url: "https://upstash.com/pricing/redis",
      read: "2026-12-01",
      note: "A dated transcription of Upstash's Redis pricing page (api-evangelist/upstash plans, page read 2026-09-20), agreeing with a second one captured 2026-11-09 (docs.flexprice.io): Pay as You Go $0.2 per 100K commands; bandwidth free up to 200 GB a month, then $0.03/GB; storage first 1 GB free, then $0.25/GB.",
    },
    plan: "Pay as You Go",
    per100kCommands: 0.2,
    freeGbBandwidth: 200,
    perGbBandwidth: 0.03,
    freeGbStorage: 1,
    perGbStorage: 0.25,
  },
};
