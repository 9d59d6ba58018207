import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logFactorial, logFactorialKernel, logGamma } from "../../src/special/gamma.js";

// Exact factorials as integers (BigInt), so the reference has no rounding of its own.
const factorial = (k: number): bigint => {
  let f = 1n;
  for (let i = 2n; i <= BigInt(k); i++) f *= i;
  return f;
};
/** ln of a BigInt through its decimal digits: ln(m·10^e) with m the first 17 digits. */
const lnBig = (n: bigint): number => {
  const s = n.toString();
  const head = Number(`${s[0]}.${s.slice(1, 17) || "0"}`);
  return Math.log(head) + (s.length - 1) * Math.LN10;
};

describe("logGamma (Lanczos)", () => {
  it("matches ln (n − 1)! at integers and ln √π at ½ to 1e-14 relative", () => {
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    for (const n of [2, 3, 5, 10, 21, 50, 171]) {
      const ref = lnBig(factorial(n - 1));
      expect(Math.abs(logGamma(n) - ref), `n = ${n}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(ref)));
    }
  });
  it("law: ln Γ(x + 1) = ln x + ln Γ(x)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (x) => {
        const lhs = logGamma(x + 1);
        expect(Math.abs(lhs - (Math.log(x) + logGamma(x)))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lhs)));
      }),
    );
  });
  it("is a kernel: NaN in, NaN out", () => {
    expect(logGamma(NaN)).toBeNaN();
  });
});

describe("logFactorial", () => {
  it("matches exact factorials on both branches (products below 20, Stirling beyond) to 1e-14 relative", () => {
    for (const k of [0, 1, 5, 9, 10, 11, 19, 20, 21, 100, 1000]) {
      const ref = lnBig(factorial(k));
      // Stirling's series is cut after x⁻⁷: the error is below the next term, 1/(1188x⁹) ≈ 1e-15 at k = 20.
      const tol = 1e-14 * Math.max(1, ref);
      expect(Math.abs(logFactorial(k) - ref), `k = ${k}`).toBeLessThanOrEqual(tol);
    }
  });
  it("agrees with logGamma(k + 1)", () => {
    for (let k = 0; k < 300; k += 7) expect(Math.abs(logFactorialKernel(k) - logGamma(k + 1))).toBeLessThanOrEqual(1e-12 * Math.max(1, logGamma(k + 1)));
  });
  it("rejects NaN and non-integers instead of returning NaN or a wrong value", () => {
    expect(() => logFactorial(NaN)).toThrow(/^logFactorial: k must be a non-negative integer, got NaN$/);
    expect(() => logFactorial(2.5)).toThrow(/^logFactorial: k/);
    expect(() => logFactorial("3" as never)).toThrow(TypeError);
  });
});
