// Each fault in turn while the mixed workload runs: before it (3 s), during it, and after recovery.
// Only the routes that depend on the broken part may fail, and only as problem+json 503/504 with
// Retry-After within their timeout; cached reads keep answering; after recovery everything answers
// again without a restart; and nothing is lost (journal.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { faults } from "../src/faults";
import { Client, closeAgents } from "../src/http";
import { ledgerMismatches, verifyWrites } from "../src/journal";
import { random } from "../src/random";
import { addRow, Tally } from "../src/report";
import { Workload } from "../src/workload";

const LANES = 4;
const BEFORE_MS = 3_000;
const FAULT_MS = 10_000;
const AFTER_MS = 4_000;
/** Long enough for the gateway's circuit breakers (open 10 s) to let a trial call through. */
const RECOVERY_LIMIT_MS = 30_000;

const databaseUrl = inject("databaseUrl");
let w: Workload;

beforeAll(async () => {
  w = new Workload(new Client(inject("baseUrl")), random(inject("seed")).fork("faults"));
  await w.setup(LANES);
});
afterAll(() => closeAgents());

describe("faults under the mixed workload", () => {
  for (const f of faults({ redis: inject("redis"), controlUrl: inject("controlUrl") })) {
    it(f.name, async () => {
      const tally = new Tally();
      const from = w.journal.length;
      await w.run(BEFORE_MS, { breaks: [], label: "before the fault: ", tally });
      await w.warmUp();
      await f.inject();
      try {
        await w.run(FAULT_MS, { breaks: f.breaks, label: "", tally });
      } finally {
        await f.recover();
      }
      const t0 = Date.now();
      let back = false;
      while (!back && Date.now() - t0 < RECOVERY_LIMIT_MS) {
        back = await w.probe();
        if (!back) await new Promise((r) => setTimeout(r, 500));
      }
      const backAfter = (Date.now() - t0) / 1000;
      if (!back) tally.add(`not answering ${RECOVERY_LIMIT_MS / 1000} s after recovery`);
      const after = { breaks: [], label: "after recovery: ", tally };
      await w.run(AFTER_MS, after);
      await w.replayFailedInvestments(from, after);
      const v = await verifyWrites(databaseUrl, w.journal.slice(from));
      const ledger = await ledgerMismatches(databaseUrl);
      addRow({
        fault: f.name,
        requests: tally.requests,
        errors: tally.all(),
        writesChecked: v.checked,
        lost: v.lost + ledger.length,
        note: back ? `every service answered again ${backAfter.toFixed(1)} s after the fault was lifted` : "never answered again",
      });
      expect({ failures: tally.failures(), lost: [...v.problems, ...ledger] }).toEqual({ failures: {}, lost: [] });
    });
  }
});
