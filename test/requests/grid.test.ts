import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GRID_FLOOR, gridConvolve, gridFromTail, gridMean, gridPoint, gridQuantile, gridShift, gridTail, monotone } from "../../src/requests/grid.js";

describe("conservative grid laws (docs/model.md §9.4)", () => {
  it("a constant is rounded up to the next grid point", () => {
    const p = gridPoint(0.25, 0.6);
    expect(gridTail(p, 0.5)).toBe(1);
    expect(gridTail(p, 0.75)).toBe(0);
    expect(gridMean(p)).toBe(0.75);
    expect(gridTail(gridPoint(0.1, 0.3), 0.3 - 1e-12)).toBe(1); // 0.3/0.1 rounds to 2.9999…: still ≥ 0.3
  });

  it("a tail bound becomes a law whose tail is ≥ the bound, non-increasing, ending below the floor", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 1e-2, max: 0.2, noNaN: true }), (m, h) => {
        const bound = (x: number) => Math.exp(-x / m) * (1 + 0.3 * Math.sin(7 * x)); // not monotone
        const g = gridFromTail(h, bound, 1e6);
        for (let k = 0; k < g.tail.length; k++) {
          expect(g.tail[k]).toBeGreaterThanOrEqual(Math.min(1, bound(k * h)));
          if (k > 0) expect(g.tail[k]).toBeLessThanOrEqual(g.tail[k - 1]);
        }
        expect(g.tail[g.tail.length - 1]).toBeLessThanOrEqual(GRID_FLOOR);
      }),
      { numRuns: 30 },
    );
  });

  it("convolution: the tail of the sum of independent grid laws, by direct double sums", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (wa, wb) => {
        const law = (w: number[]) => {
          const s = w.reduce((a, b) => a + b, 0) || 1;
          const mass = Float64Array.from(w.map((x) => (w.reduce((a, b) => a + b, 0) ? x / s : 0)));
          if (mass.every((x) => x === 0)) mass[0] = 1;
          const tail = new Float64Array(mass.length);
          for (let k = 0; k < mass.length; k++) for (let j = k + 1; j < mass.length; j++) tail[k] += mass[j];
          return { h: 1, mass, tail };
        };
        const a = law(wa);
        const b = law(wb);
        const c = gridConvolve(a, b, 100);
        for (let k = 0; k < 12; k++) {
          let direct = 0;
          for (let i = 0; i < a.mass.length; i++) for (let j = 0; j < b.mass.length; j++) if (i + j > k) direct += a.mass[i] * b.mass[j];
          expect(Math.abs(gridTail(c, k) - direct)).toBeLessThanOrEqual(1e-12);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("an atom at ∞ is carried into every later tail; truncation makes one", () => {
    const a = { h: 1, mass: Float64Array.from([0.5, 0.3]), tail: Float64Array.from([0.5, 0.2]) }; // 0.2 at ∞
    const b = gridPoint(1, 2);
    const c = gridConvolve(a, b, 100);
    expect(gridTail(c, 1e6)).toBeCloseTo(0.2, 15);
    const t = gridConvolve(gridPoint(1, 3), gridPoint(1, 4), 5); // the sum 7 lies beyond 5 points
    expect(gridTail(t, 100)).toBe(1);
    expect(gridShift(gridPoint(1, 1), 2.5).tail.findIndex((v) => v === 0)).toBe(4);
  });

  it("quantile: the smallest grid point with tail ≤ ε; Infinity when the atom exceeds ε", () => {
    const g = gridFromTail(0.5, (x) => Math.exp(-x), 1e6);
    for (const e of [0.5, 1e-3, 1e-9]) {
      const q = gridQuantile(g, e);
      expect(gridTail(g, q)).toBeLessThanOrEqual(e);
      expect(gridTail(g, q - 0.5)).toBeGreaterThan(e);
    }
    expect(gridQuantile({ h: 1, mass: Float64Array.from([0.9]), tail: Float64Array.from([0.1]) }, 0.05)).toBe(Infinity);
  });

  it("monotone only raises values and caps at 1", () => {
    const t = Float64Array.from([1 + 1e-16, 0.3, 0.4, 0.1]);
    monotone(t);
    expect([...t]).toEqual([1, 0.4, 0.4, 0.1]);
  });
});
