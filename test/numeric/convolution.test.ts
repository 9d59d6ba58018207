import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convolve, solveLowerToeplitz } from "../../src/numeric/convolution.js";

const direct = (a: Float64Array, b: Float64Array, n: number): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length && i + j < n; j++) out[i + j] += a[i] * b[j];
  return out;
};
const maxRel = (x: Float64Array, y: Float64Array, scale: number): number => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]) / scale), 0);

describe("convolve", () => {
  it("small inputs are summed directly and exactly", () => {
    expect([...convolve(Float64Array.of(1, 2), Float64Array.of(1, 1), 3)]).toEqual([1, 3, 2]);
    expect([...convolve(Float64Array.of(1, 2, 3), Float64Array.of(4), 2)]).toEqual([4, 8]);
  });
  it("long inputs by FFT agree with the direct sum to ≈1e-15 of the scale (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 60, max: 3000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (na, nb, seed) => {
        let s = seed;
        const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
        const a = Float64Array.from({ length: na }, () => u());
        const b = Float64Array.from({ length: nb }, () => u() * Math.exp(-u()));
        const n = na + nb - 1;
        const scale = a.reduce((x, y) => x + y, 0);
        expect(maxRel(convolve(a, b, n), direct(a, b, n), scale)).toBeLessThan(1e-14);
      }),
      { numRuns: 12 },
    );
  });
});

describe("solveLowerToeplitz", () => {
  // Reference: plain forward substitution.
  const substitute = (omega: Float64Array, r: Float64Array, d: number, n: number): Float64Array => {
    const z = new Float64Array(n + 1);
    for (let m = 1; m <= n; m++) {
      let s = r[m];
      for (let j = 1; j < m; j++) s += omega[j] * z[m - j];
      z[m] = s / d;
    }
    return z;
  };
  it("solves z_m = 1 + z_{m−1}/2", () => {
    expect([...solveLowerToeplitz(Float64Array.of(0, 0.5), Float64Array.of(0, 1, 1, 1), 1, 3, 1)]).toEqual([0, 1, 1.5, 1.75]);
  });
  it("divide and conquer (long kernels) agrees with substitution on a renewal equation", () => {
    for (const [n, decay] of [[5000, 0.002], [3000, 0.05], [700, 0.0005]] as const) {
      // ω a defective-to-proper density (mass 0.999), r decaying: z stays O(1).
      const omega = Float64Array.from({ length: n + 1 }, (_, j) => (j === 0 ? 0 : decay * Math.exp(-decay * j)));
      const mass = omega.reduce((x, y) => x + y, 0);
      for (let j = 1; j <= n; j++) omega[j] *= 0.999 / mass;
      const r = Float64Array.from({ length: n + 1 }, (_, m) => Math.exp(-0.01 * m));
      const fast = solveLowerToeplitz(omega, r, 1.001, n, n);
      const slow = substitute(omega, r, 1.001, n);
      const scale = slow.reduce((x, y) => Math.max(x, Math.abs(y)), 0);
      // FFT rounding, ≈1e-16·√n·log n of the scale; the solver needs 1e-9.
      expect(maxRel(fast, slow, scale), `n=${n}`).toBeLessThan(1e-12);
    }
  });
  it("a kernel that vanishes past L gives the same answer whether L is passed or not", () => {
    const n = 4000;
    const L = 900;
    const omega = Float64Array.from({ length: n + 1 }, (_, j) => (j === 0 || j > L ? 0 : 0.9 / L));
    const r = Float64Array.from({ length: n + 1 }, (_, m) => 1 / (1 + m));
    const a = solveLowerToeplitz(omega, r, 1, n, L);
    const b = solveLowerToeplitz(omega, r, 1, n, n);
    const scale = b.reduce((x, y) => Math.max(x, Math.abs(y)), 0);
    expect(maxRel(a, b, scale)).toBeLessThan(1e-13);
  });
});
