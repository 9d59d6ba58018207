import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  batchMeansEstimate,
  bucketLower,
  histogramBase,
  histogramKey,
  histogramQuantile,
  HIST_BUCKETS,
  probabilityEstimate,
} from "../../src/sim/stats.js";

function expectRel(label: string, got: number, expected: number, tol: number): void {
  const err = Math.abs(got - expected) / Math.abs(expected);
  if (!(err <= tol)) {
    throw new Error(`${label}: expected ${expected}, got ${got}, relative error ${err.toExponential(2)} > tolerance ${tol}`);
  }
}

describe("batch means", () => {
  test("value is Σsums/Σcounts, half-width uses t with b−1 degrees of freedom", () => {
    const sums = [10, 12, 8, 11];
    const counts = [10, 10, 10, 10];
    const e = batchMeansEstimate(sums, counts, 0.95);
    const means = [1, 1.2, 0.8, 1.1];
    const m = 1.025;
    const sd = Math.sqrt(means.reduce((a, x) => a + (x - m) ** 2, 0) / 3);
    expect(e.value).toBeCloseTo(1.025, 14);
    expectRel("half-width", e.halfWidth, (3.182446305284263 * sd) / 2, 1e-9);
    expect(e.batches).toBe(4);
  });
  test("scale-equivariant on every scale: sums × 2^k give value and interval × 2^k, bit for bit (k from −900 to 1000)", () => {
    // Powers of two scale doubles exactly, so the reference is the estimate at scale 1.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: -900, max: 1000 }), // half-widths stay normal (≥ 1e-16·2^−900)
        (means, k) => {
          const counts = means.map(() => 1);
          const ref = batchMeansEstimate(means, counts, 0.95);
          const scaled = batchMeansEstimate(means.map((x) => x * 2 ** k), counts, 0.95);
          expect(scaled.value).toBe(ref.value * 2 ** k);
          expect(scaled.halfWidth, `k = ${k}`).toBe(ref.halfWidth * 2 ** k);
        },
      ),
    );
  });
  test("a single batch gives an infinite interval, not NaN", () => {
    const e = batchMeansEstimate([3], [2], 0.95);
    expect(e.value).toBe(1.5);
    expect(e.halfWidth).toBe(Infinity);
  });
  test("zero hits: the upper limit is at least the rule of three, −ln(1−c)/n", () => {
    const e = probabilityEstimate([0, 0, 0], [1000, 1000, 1000], 0.95);
    expect(e.value).toBe(0);
    expect(e.lower).toBe(0);
    expectRel("upper", e.upper, -Math.log(0.05) / 3000, 1e-12);
  });
});

describe("log-linear histogram", () => {
  test("buckets are ≤ 2^−7 wide relative to their lower edge and contain their values", () => {
    const base = histogramBase(1);
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1e6, noNaN: true }), (x) => {
        const i = histogramKey(x) - base;
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThan(HIST_BUCKETS);
        const lo = bucketLower(i, base);
        const hi = bucketLower(i + 1, base);
        expect(lo).toBeLessThanOrEqual(x);
        expect(x).toBeLessThan(hi);
        expect((hi - lo) / lo).toBeLessThanOrEqual(2 ** -7 + 1e-15);
      }),
    );
  });
  test("quantiles of a sample are within one bucket of the sorted-sample quantile", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (xs, zeros, p) => {
          const base = histogramBase(1);
          const counts = new Float64Array(HIST_BUCKETS);
          for (const x of xs) counts[histogramKey(x) - base]++;
          const q = histogramQuantile(p, zeros, 0, counts, 0, base);
          const all = [...new Array(zeros).fill(0), ...xs].sort((a, b) => a - b);
          const n = all.length;
          // Any value between the order statistics around rank p·n is a valid p-quantile.
          const lo = all[Math.max(0, Math.ceil(p * n) - 1)];
          const hi = all[Math.min(n - 1, Math.ceil(p * n))];
          expect(q).toBeGreaterThanOrEqual(lo * (1 - 2 ** -7) - 1e-12);
          expect(q).toBeLessThanOrEqual(hi * (1 + 2 ** -7) + 1e-12);
        },
      ),
    );
  });
});
