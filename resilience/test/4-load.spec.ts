// Load: 60 s of the mixed workload on loopback with nothing broken: 0 errors, nothing lost, and the
// memory of the workerd process bounded — its growth from the 20th to the 60th second stays under
// MEMORY_GROWTH_BOUND_MIB (the RSS is sampled every second and printed).
import { afterAll, describe, expect, inject, it } from "vitest";
import { Client, closeAgents } from "../src/http";
import { ledgerMismatches, verifyWrites } from "../src/journal";
import { rssMiB, workerdPids } from "../src/memory";
import { random } from "../src/random";
import { addRow, Tally } from "../src/report";
import { Workload } from "../src/workload";

const SECONDS = 60;
const WARM_SECONDS = 20;
const LANES = 8;
/**
 * What workerd's RSS may grow by between the 20th and the 60th second. Two things grow there without
 * a leak, and both level off:
 * - state kept on purpose, all of it bounded: each service's in-memory cache layer (10,000 entries and
 *   8 M characters of JSON per isolate, kept as parsed objects: up to about 3× that; storage.md) —
 *   nearly all of it in the pitch service, whose reads the workload is mostly made of: ~48 MiB;
 * - garbage V8 has not collected yet: it collects lazily, so even a route that keeps nothing climbs by
 *   over a hundred MiB before it levels off (src/rss-baseline.ts prints that curve: with no leak at
 *   all, RSS rose for the first minute and then stayed flat for the next hundreds of thousands of
 *   requests) — allow 144 MiB.
 * A leak that keeps what a request carries (a response body, a request, a context: tens of KB) grows
 * with the 3,000–6,000 requests of those 40 s and passes 192 MiB.
 */
const MEMORY_GROWTH_BOUND_MIB = 192;

afterAll(() => closeAgents());

describe("load", () => {
  it(`runs ${SECONDS} s of the mixed workload with 0 errors, nothing lost, and workerd's memory bounded`, async () => {
    const pids = workerdPids(inject("meshPid"));
    expect(pids.length).toBeGreaterThan(0);
    const w = new Workload(new Client(inject("baseUrl"), "127.0.0.4"), random(inject("seed")).fork("load"));
    await w.setup(LANES);
    await w.warmUp();
    const tally = new Tally();
    const samples: { s: number; mib: number }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(() => samples.push({ s: (Date.now() - t0) / 1000, mib: rssMiB(pids) }), 1_000);
    samples.push({ s: 0, mib: rssMiB(pids) });
    try {
      await w.run(SECONDS * 1_000, { breaks: [], label: "", tally });
    } finally {
      clearInterval(sampler);
    }
    samples.push({ s: (Date.now() - t0) / 1000, mib: rssMiB(pids) });
    const at = (sec: number) => samples.reduce((best, x) => (Math.abs(x.s - sec) < Math.abs(best.s - sec) ? x : best)).mib;
    const growth = at(SECONDS) - at(WARM_SECONDS);
    const peak = Math.max(...samples.map((x) => x.mib));
    const v = await verifyWrites(inject("databaseUrl"), w.journal);
    const ledger = await ledgerMismatches(inject("databaseUrl"));
    const rate = tally.requests / SECONDS;
    const note = `${rate.toFixed(0)} req/s over ${LANES} lanes; workerd RSS ${at(0).toFixed(0)} MiB at 0 s, ${at(WARM_SECONDS).toFixed(0)} at ${WARM_SECONDS} s, ${at(SECONDS).toFixed(0)} at ${SECONDS} s (peak ${peak.toFixed(0)}): growth ${growth.toFixed(1)} MiB from ${WARM_SECONDS} s to ${SECONDS} s, bound ${MEMORY_GROWTH_BOUND_MIB} MiB`;
    console.log(`[load] ${tally.requests} requests; ${note}`);
    const errors = { ...tally.all(), ...(growth >= MEMORY_GROWTH_BOUND_MIB ? { [`memory grew ${growth.toFixed(0)} MiB`]: 1 } : {}) };
    addRow({ fault: `load ${SECONDS} s`, requests: tally.requests, errors, writesChecked: v.checked, lost: v.lost + ledger.length, note });
    expect({ failures: tally.failures(), lost: [...v.problems, ...ledger] }).toEqual({ failures: {}, lost: [] });
    expect(growth).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
  });
});
