import { describe, expect, it } from "vitest";
import { sweepInBatches } from "./sweep";

/** A table of `rows` rows that a batch deletes from, recording each batch's limit. */
function table(rows: number) {
  const calls: number[] = [];
  return {
    calls,
    left: () => rows,
    deleteBatch: async (limit: number) => {
      calls.push(limit);
      const n = Math.min(limit, rows);
      rows -= n;
      return n;
    },
  };
}

describe("sweepInBatches", () => {
  it("deletes in batches of batchSize until a short batch says nothing is left", async () => {
    const t = table(7);
    expect(await sweepInBatches(t.deleteBatch, { batchSize: 3, maxBatches: 10 })).toEqual({ deleted: 7, batches: 3, complete: true });
    expect(t.calls).toEqual([3, 3, 3]);
    expect(t.left()).toBe(0);
  });

  it("stops at maxBatches and says the run is incomplete; the next run goes on", async () => {
    const t = table(10);
    expect(await sweepInBatches(t.deleteBatch, { batchSize: 3, maxBatches: 2 })).toEqual({ deleted: 6, batches: 2, complete: false });
    expect(t.left()).toBe(4);
    expect(await sweepInBatches(t.deleteBatch, { batchSize: 3, maxBatches: 2 })).toEqual({ deleted: 4, batches: 2, complete: true });
  });

  it("makes one statement when there is nothing to delete, and refuses nonsense limits or an unbounded batch", async () => {
    const t = table(0);
    expect(await sweepInBatches(t.deleteBatch, { batchSize: 5, maxBatches: 3 })).toEqual({ deleted: 0, batches: 1, complete: true });
    await expect(sweepInBatches(t.deleteBatch, { batchSize: 0, maxBatches: 3 })).rejects.toThrow(/bad sweep limits/);
    await expect(sweepInBatches(async () => 9, { batchSize: 5, maxBatches: 3 })).rejects.toThrow(/more than its 5/);
  });
});
