/**
 * The regularized incomplete gamma functions by identities independent of their code:
 * P(1, x) = 1 − e^{−x} and Q(1, x) = e^{−x} in closed form, the recurrence
 * P(a + 1, x) = P(a, x) − x^a e^{−x}/Γ(a + 1) across the series/fraction switch at x = a + 1,
 * P + Q = 1, monotonicity, and the kernel's edge values (never a throw). Values against
 * mpmath come through the gamma distribution's cdf/ccdf (test/distributions/cdf.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gammaP, gammaQ } from "../../src/special/gammainc.js";
import { logFactorial } from "../../src/special/gamma.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("gammaP / gammaQ", () => {
  it("a = 1 is the exponential law: P = 1 − e^{−x}, Q = e^{−x}, each to 1e-13 relative", () => {
    for (const x of [1e-8, 1e-3, 0.5, 1, 1.999, 2, 2.001, 10, 100, 700]) {
      expect(rel(gammaP(1, x), -Math.expm1(-x)), `P(1, ${x})`).toBeLessThan(1e-13);
      expect(rel(gammaQ(1, x), Math.exp(-x)), `Q(1, ${x})`).toBeLessThan(1e-13);
    }
  });

  it("integer a: Q(n, x) = e^{−x} Σ_{k<n} x^k/k! (the Erlang tail)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 1e-3, max: 80, noNaN: true }), (n, x) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += Math.exp(k * Math.log(x) - x - logFactorial(k));
        expect(rel(gammaQ(n, x), s)).toBeLessThan(1e-13);
      }),
    );
  });

  it("the recurrence P(a + 1, x) = P(a, x) − x^a e^{−x}/Γ(a + 1) holds across x = a + 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), (a, f) => {
        const x = f * (a + 1);
        const term = Math.exp(a * Math.log(x) - x - logGammaOf(a + 1));
        const lhs = gammaP(a + 1, x);
        // Absolute error, scaled by the largest term: P(a, x) − term cancels when both are near 1.
        expect(Math.abs(lhs - (gammaP(a, x) - term))).toBeLessThan(1e-13 * Math.max(1, gammaP(a, x)));
      }),
    );
  });

  it("P + Q = 1, both in [0, 1], P non-decreasing in x", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 200, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, x, dx) => {
        const p = gammaP(a, x);
        const q = gammaQ(a, x);
        expect(p >= 0 && p <= 1 && q >= 0 && q <= 1).toBe(true);
        expect(Math.abs(p + q - 1)).toBeLessThan(1e-13);
        expect(gammaP(a, x + dx)).toBeGreaterThanOrEqual(p - 1e-15);
      }),
    );
  });

  it("edges: x ≤ 0 gives P = 0, Q = 1; x = ∞ gives P = 1, Q = 0; NaN in, NaN out (a kernel never throws)", () => {
    expect([gammaP(2, 0), gammaQ(2, 0), gammaP(2, -1), gammaQ(2, -1)]).toEqual([0, 1, 0, 1]);
    expect([gammaP(2, Infinity), gammaQ(2, Infinity)]).toEqual([1, 0]);
    expect([gammaP(NaN, 1), gammaQ(1, NaN)]).toEqual([NaN, NaN]);
  });
});

/** ln Γ(a + 1) for the recurrence's term, from ln Γ of the fractional part and a product (no shared code with the kernel's log-gamma). */
function logGammaOf(a: number): number {
  // Down to z ∈ (1, 2] by Γ(z + 1) = zΓ(z).
  let z = a;
  let logProd = 0;
  while (z > 2) {
    z -= 1;
    logProd += Math.log(z);
  }
  // ln Γ(z) for z ∈ (0, 2] via Γ(z) = Γ(z + 16)/(z(z+1)…(z+15)) and Stirling at z + 16 ≥ 16 (next term < 1e-16).
  let w = z;
  let shift = 0;
  for (let k = 0; k < 16; k++) shift += Math.log(w + k);
  w += 16;
  const stirling = (w - 0.5) * Math.log(w) - w + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * w) - 1 / (360 * w ** 3) + 1 / (1260 * w ** 5) - 1 / (1680 * w ** 7) + 1 / (1188 * w ** 9);
  return stirling - shift + logProd;
}
