import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gaussLegendre } from "../../src/numeric/quadrature.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/numeric/quadrature.json", import.meta.url), "utf8")) as {
  rules: { n: number; nodes: number[]; weights: number[] }[];
};

describe("gaussLegendre against mpmath (test/fixtures/numeric/generate.py)", () => {
  it("nodes and weights agree to 1e-15 absolute for every tabulated size", () => {
    for (const { n, nodes, weights } of fixture.rules) {
      const r = gaussLegendre(n);
      expect(r.nodes.length).toBe(n);
      for (let i = 0; i < n; i++) {
        const dx = Math.abs(r.nodes[i] - nodes[i]);
        const dw = Math.abs(r.weights[i] - weights[i]);
        if (!(dx <= 1e-15 && dw <= 1e-15)) throw new Error(`n = ${n}, i = ${i}: node ${r.nodes[i]} vs ${nodes[i]}, weight ${r.weights[i]} vs ${weights[i]}`);
      }
    }
  });
});

describe("gaussLegendre laws", () => {
  it("integrates every polynomial of degree ≤ 2n − 1 on [0, 1] exactly (to rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 80 }), (n, coeffs) => {
        const c = coeffs.slice(0, 2 * n);
        const { nodes, weights } = gaussLegendre(n);
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
      const { nodes, weights } = gaussLegendre(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        expect(nodes[i] > 0 && nodes[i] < 1).toBe(true);
        if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
        expect(weights[i]).toBeGreaterThan(0);
        expect(Math.abs(nodes[i] + nodes[n - 1 - i] - 1)).toBeLessThan(1e-15);
        sum += weights[i];
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      expect(gaussLegendre(n)).toBe(gaussLegendre(n));
      expect(Object.isFrozen(gaussLegendre(n))).toBe(true);
    }
  });
});
