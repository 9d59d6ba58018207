import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eulerInvert } from "../../src/queueing/inversion.js";

// Transforms with elementary inverses (Abate & Whitt 1995, Table 1 style checks).
describe("eulerInvert", () => {
  it("1/(s + a) → e^{−at} and 1/(s(s + a)) → (1 − e^{−at})/a within the discretisation error e^{−A}·f(3t)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 30, noNaN: true }), fc.constantFrom(20, 24, 28), (a, t, A) => {
        // Re 1/(s + a) at s = x + iy: (x + a)/((x + a)² + y²)
        const exp = eulerInvert((x, y) => (x + a) / ((x + a) ** 2 + y * y), t, A);
        expect(Math.abs(exp - Math.exp(-a * t)), `a=${a} t=${t} A=${A}: ${exp}`).toBeLessThan(1.1 * Math.exp(-A) + 1e-10);
        // 1/(s(s + a)) → (1 − e^{−at})/a
        const cdf = eulerInvert((x, y) => {
          const pr = x * (x + a) - y * y, pi = y * (2 * x + a);
          return pr / (pr * pr + pi * pi);
        }, t, A);
        expect(Math.abs(cdf - -Math.expm1(-a * t) / a), `a=${a} t=${t} A=${A}: ${cdf}`).toBeLessThan((1.1 * Math.exp(-A) * -Math.expm1(-3 * a * t)) / a + 1e-10 * (1 + t));
      }),
    );
  });
});
