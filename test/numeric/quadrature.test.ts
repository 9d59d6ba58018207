import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gaussLegendre, gaussLegendreUnit, gaussNodes, tanhSinhNodes } from "../../src/numeric/quadrature.js";
import { expectRel } from "../helpers.js";

describe("Gauss–Legendre", () => {
  it("is exact for polynomials of degree 2n − 1 and its weights sum to 2", () => {
    for (const n of [1, 2, 3, 6, 8, 10, 12, 16]) {
      const { x, w } = gaussLegendre(n);
      expect(Math.abs(w.reduce((a, b) => a + b, 0) - 2)).toBeLessThan(1e-14);
      for (let i = 1; i < n; i++) expect(x[i]).toBeGreaterThan(x[i - 1]);
      for (let d = 0; d <= 2 * n - 1; d++) {
        let s = 0;
        gaussNodes(0, 1, n, (xx, ww) => { s += ww * xx ** d; });
        expectRel(s, 1 / (d + 1), 1e-14, { n, d });
      }
    }
  });
  it("matches the tabulated 2-point rule (Abramowitz–Stegun 25.4.30)", () => {
    const { x, w } = gaussLegendre(2);
    expectRel(x[1], 1 / Math.sqrt(3), 1e-15);
    expect([w[0], w[1]]).toEqual([1, 1].map((v) => expect.closeTo(v, 15)));
  });
});

describe("tanh-sinh", () => {
  const integrate = (lo: number, hi: number, f: (x: number, dl: number, dh: number) => number): number => {
    let s = 0;
    tanhSinhNodes(lo, hi, (x, dl, dh, w) => { s += w * f(x, dl, dh); });
    return s;
  };
  it("integrates end singularities y^k, k > 0, and smooth functions to ≈1e-15", () => {
    // ∫₀¹ y^k dy = 1/(k + 1); ∫₀¹ (1 − y)^k e^y dy has no closed form, so k = 1: e − 2.
    for (const k of [0.01, 0.25, 0.4, 0.7, 1.5]) expectRel(integrate(0, 1, (_x, dl) => dl ** k), 1 / (k + 1), 1e-14, { k });
    expectRel(integrate(0, 1, (x, _dl, dh) => dh * Math.exp(x)), Math.E - 2, 1e-14);
    expectRel(integrate(2, 5, (x) => Math.cos(x)), Math.sin(5) - Math.sin(2), 1e-13);
  });
  it("handles a singularity just outside an end and integrable y^{k−1} down to k = 0.1", () => {
    for (const d of [1e-12, 1e-6, 1e-2]) {
      const exact = ((1 + d) ** 1.25 - d ** 1.25) / 1.25;
      expectRel(integrate(0, 1, (_x, _dl, dh) => (d + dh) ** 0.25), exact, 1e-14, { d });
    }
    expectRel(integrate(0, 1, (_x, dl) => dl ** -0.5), 2, 1e-14);
    expectRel(integrate(0, 1, (_x, dl) => dl ** -0.9), 10, 2e-9); // the rule's stated limit
  });
  it("gives exact distances from both ends", () => {
    const lo = 1;
    const hi = 1 + 1e-3;
    tanhSinhNodes(lo, hi, (x, dl, dh) => {
      expect(dl).toBeGreaterThan(0);
      expect(dh).toBeGreaterThan(0);
      expect(Math.abs(dl + dh - (hi - lo))).toBeLessThan(1e-18);
      expect(x).toBe(dl <= dh ? lo + dl : hi - dh);
    });
  });
});

const fixture = JSON.parse(readFileSync(new URL("../fixtures/numeric/quadrature.json", import.meta.url), "utf8")) as {
  rules: { n: number; nodes: number[]; weights: number[] }[];
};

describe("gaussLegendreUnit against mpmath (test/fixtures/numeric/generate.py)", () => {
  it("nodes and weights agree to 1e-15 absolute for every tabulated size", () => {
    for (const { n, nodes, weights } of fixture.rules) {
      const r = gaussLegendreUnit(n);
      expect(r.nodes.length).toBe(n);
      for (let i = 0; i < n; i++) {
        const dx = Math.abs(r.nodes[i] - nodes[i]);
        const dw = Math.abs(r.weights[i] - weights[i]);
        if (!(dx <= 1e-15 && dw <= 1e-15)) throw new Error(`n = ${n}, i = ${i}: node ${r.nodes[i]} vs ${nodes[i]}, weight ${r.weights[i]} vs ${weights[i]}`);
      }
    }
  });
});

describe("gaussLegendreUnit laws", () => {
  it("integrates every polynomial of degree ≤ 2n − 1 on [0, 1] exactly (to rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 80 }), (n, coeffs) => {
        const c = coeffs.slice(0, 2 * n);
        const { nodes, weights } = gaussLegendreUnit(n);
        let got = 0;
        for (let i = 0; i < n; i++) {
          let p = 0;
          for (let k = c.length - 1; k >= 0; k--) p = p * nodes[i] + c[k];
          got += weights[i] * p;
        }
        // ∫_0^1 Σ c_k x^k dx = Σ c_k/(k + 1); rounding bounded by the sum of |terms|.
        const exact = c.reduce((s, ck, k) => s + ck / (k + 1), 0);
        const scale = c.reduce((s, ck) => s + Math.abs(ck), 0);
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-13 * scale + 1e-300);
      }),
      { seed: 10, numRuns: 300 },
    );
  });
  it("has nodes ascending in (0, 1), positive weights summing to 1, symmetric about ½; memoised and frozen", () => {
    for (const n of [1, 5, 16, 33]) {
      const { nodes, weights } = gaussLegendreUnit(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        expect(nodes[i] > 0 && nodes[i] < 1).toBe(true);
        if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
        expect(weights[i]).toBeGreaterThan(0);
        expect(Math.abs(nodes[i] + nodes[n - 1 - i] - 1)).toBeLessThan(1e-15);
        sum += weights[i];
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      expect(gaussLegendreUnit(n)).toBe(gaussLegendreUnit(n));
      expect(Object.isFrozen(gaussLegendreUnit(n))).toBe(true);
    }
  });
});
