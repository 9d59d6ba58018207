/**
 * The chunk plan (properties): it partitions the run exactly, depends on the run length only,
 * balances chunks and batches to within one unit, and gives at least MIN_BATCHES batches when
 * the run has that many units — the three facts the simulator's reproducibility and its
 * batch-means intervals rest on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHUNK_UNITS, MAX_CHUNKS, MIN_BATCHES, defaultWarmup, planChunks } from "../../src/sim/plan.js";

const runLength = fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2 ** 30 }));
const spread = (xs: readonly number[]) => Math.max(...xs) - Math.min(...xs);

describe("planChunks", () => {
  it("partitions n units: chunks numbered 0…k−1, batch sizes positive and summing to n", () => {
    fc.assert(
      fc.property(runLength, (n) => {
        const plan = planChunks(n);
        expect(plan.map((c) => c.chunk)).toEqual(plan.map((_, i) => i));
        const sizes = plan.flatMap((c) => c.batchSizes);
        expect(sizes.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      }),
    );
  });

  it("k = min(MAX_CHUNKS, ⌈n/CHUNK_UNITS⌉) chunks, balanced within one unit, batches within one unit inside a chunk", () => {
    fc.assert(
      fc.property(runLength, (n) => {
        const plan = planChunks(n);
        expect(plan.length).toBe(Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(n / CHUNK_UNITS))));
        expect(spread(plan.map((c) => c.batchSizes.reduce((a, b) => a + b, 0)))).toBeLessThanOrEqual(1);
        for (const c of plan) expect(spread(c.batchSizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("at least MIN_BATCHES batches when n ≥ MIN_BATCHES, and one batch per unit below", () => {
    fc.assert(
      fc.property(runLength, (n) => {
        const batches = planChunks(n).reduce((a, c) => a + c.batchSizes.length, 0);
        expect(batches).toBeGreaterThanOrEqual(Math.min(n, MIN_BATCHES));
      }),
    );
    expect(planChunks(5).flatMap((c) => c.batchSizes)).toEqual([1, 1, 1, 1, 1]);
  });

  it("the default warm-up is a tenth of a chunk, capped at 20 000", () => {
    expect(defaultWarmup(1000)).toBe(100);
    expect(defaultWarmup(100_000)).toBe(10_000);
    expect(defaultWarmup(CHUNK_UNITS)).toBe(20_000); // a tenth would be 26 214
    expect(defaultWarmup(1e9)).toBe(20_000);
  });
});
