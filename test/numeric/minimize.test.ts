import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { brentMin, goldenMin } from "../../src/numeric/minimize.js";

// Minima known in closed form: (x − c)² + k at c, e^x − 2x at ln 2, x ln x at 1/e.
const cases = [
  { name: "(x − 0.3)² + 1 on [0, 1]", f: (x: number) => (x - 0.3) ** 2 + 1, lo: 0, hi: 1, x: 0.3, fx: 1 },
  { name: "e^x − 2x on [-1, 3]", f: (x: number) => Math.exp(x) - 2 * x, lo: -1, hi: 3, x: Math.LN2, fx: 2 - 2 * Math.LN2 },
  { name: "x ln x on [1e-9, 2]", f: (x: number) => x * Math.log(x), lo: 1e-9, hi: 2, x: 1 / Math.E, fx: -1 / Math.E },
];

describe("goldenMin and brentMin find closed-form minima", () => {
  for (const c of cases) {
    test(c.name, () => {
      for (const [name, min] of [["golden", goldenMin], ["brent", brentMin]] as const) {
        const r = min(c.f, c.lo, c.hi, 1e-12);
        // At a smooth minimum f − f* ≈ f″(x*)(x − x*)²/2: x is good to √(rounding of f), f to rounding.
        expect(Math.abs(r.x - c.x), `${name}: x = ${r.x}, expected ${c.x}`).toBeLessThan(1e-6);
        expect(Math.abs(r.fx - c.fx), `${name}: f = ${r.fx}, expected ${c.fx}`).toBeLessThan(1e-12);
      }
    });
  }
});

describe("infeasible points (+Infinity) are walls, not errors", () => {
  test("a convex function that is +Infinity beyond 0.8 is still minimised inside", () => {
    const f = (x: number) => (x > 0.8 ? Infinity : (x - 0.7) ** 2);
    for (const min of [goldenMin, brentMin]) {
      const r = min(f, 0, 1, 1e-12);
      expect(Math.abs(r.x - 0.7)).toBeLessThan(1e-6);
    }
  });
  test("brentMin falls back to golden section when its first point is infeasible", () => {
    const f = (x: number) => (x < 0.5 ? Infinity : (x - 0.9) ** 2);
    const r = brentMin(f, 0, 1, 1e-12);
    expect(Math.abs(r.x - 0.9)).toBeLessThan(1e-6);
  });
});

describe("law: the minimum found is not above any sampled value (convex f)", () => {
  test("parabolas with random centre and curvature", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (c, a) => {
        const f = (x: number) => a * (x - c) ** 2;
        for (const min of [goldenMin, brentMin]) {
          const r = min(f, -20, 20, 1e-12);
          for (let i = 0; i <= 40; i++) expect(r.fx).toBeLessThanOrEqual(f(-20 + i) + 1e-9 * a);
        }
      }),
    );
  });
});

describe("brentMin options", () => {
  test("maxSteps caps the evaluations (one for the first point, one per step) and returns the best so far", () => {
    let calls = 0;
    const f = (x: number) => {
      calls++;
      return (x - 0.3) ** 4 + Math.cosh(x - 0.7);
    };
    const full = brentMin(f, 0, 1, 1e-10);
    const fullCalls = calls;
    calls = 0;
    const capped = brentMin(f, 0, 1, 1e-10, { maxSteps: 3 });
    expect(calls).toBe(4);
    expect(fullCalls).toBeGreaterThan(4);
    expect(capped.fx).toBeGreaterThanOrEqual(full.fx);
    expect(f(capped.x)).toBe(capped.fx);
  });

  test("start is used as the first point, not evaluated again; a start outside (lo, hi) is ignored", () => {
    const seen: number[] = [];
    const f = (x: number) => {
      seen.push(x);
      return (x - 2) ** 2;
    };
    const r = brentMin(f, 0, 5, 1e-8, { start: { x: 2.2, fx: 0.04 } });
    expect(seen).not.toContain(2.2);
    expect(r.x).toBeCloseTo(2, 6);
    seen.length = 0;
    brentMin(f, 0, 5, 1e-8, { start: { x: 7, fx: 25 }, maxSteps: 0 });
    // Ignored: the golden-section first point is evaluated instead.
    expect(seen).toEqual([0.3819660112501051 * 5]);
  });
});
