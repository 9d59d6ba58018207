import { describe, expect, test } from "vitest";
import { criticalWeightChange, rankRobustness, weightedSum, topsis } from "../../src/scores/index.js";
import { criticalScan, dirichlet, shiftWeight } from "../../src/scores/robustness.js";
import { weightedSumKernel } from "../../src/scores/aggregate.js";
import { normalize } from "../../src/scores/normalize.js";
import { rng } from "../../src/random/rng.js";
import { criteriaOf, fixtures } from "./helpers.js";

// z for a two-sided 99.9% interval: with ~10 stochastic comparisons below, the chance that
// a correct implementation fails any of them is about 1%.
const Z = 3.29;

describe("rankRobustness against the exact Beta probability (scipy)", () => {
  for (const c of fixtures.robustness) {
    test(`${JSON.stringify(c.matrix)} w=${c.weights} κ=${c.concentration}`, () => {
      const r = rankRobustness(c.matrix, criteriaOf(c.benefit, c.weights), { concentration: c.concentration, samples: 20000, seed: 11 });
      r.probabilityFirst.forEach((p, i) => {
        const exact = c.probabilityFirst[i];
        const se = Math.sqrt((exact * (1 - exact)) / r.samples);
        if (!(Math.abs(p - exact) <= Z * se)) {
          throw new Error(`alternative ${i}: expected ${exact}, got ${p}, tolerance ${Z}·${se}`);
        }
      });
      expect(r.probabilityFirst.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
  }

  test("a dominating alternative ranks first with probability 1; seeded runs repeat", () => {
    const m = [[1, 9, 1], [2, 3, 4], [3, 1, 2]];
    const crit = [
      { name: "latency", benefit: false, weight: 0.2 },
      { name: "quality", benefit: true, weight: 0.5 },
      { name: "energy", benefit: false, weight: 0.3 },
    ];
    for (const method of ["weightedSum", "topsis"] as const) {
      const r = rankRobustness(m, crit, { method, samples: 500, concentration: 2, seed: 3 });
      expect(r.probabilityFirst).toEqual([1, 0, 0]);
      expect(r.critical.flips).toBe(false);
      expect(rankRobustness(m, crit, { method, samples: 500, seed: 5 })).toEqual(rankRobustness(m, crit, { method, samples: 500, seed: 5 }));
    }
  });
});

describe("Dirichlet draws", () => {
  test("component means match the centre within a 99.9% interval; zero weights stay zero", () => {
    const u = rng(2024);
    const w = [0.5, 0.3, 0.2, 0];
    const kappa = 10;
    const n = 20000;
    const sum = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) {
      const d = dirichlet(u, w.map((x) => kappa * x));
      expect(d[3]).toBe(0);
      d.forEach((x, j) => (sum[j] += x));
    }
    w.slice(0, 3).forEach((wj, j) => {
      const se = Math.sqrt((wj * (1 - wj)) / (kappa + 1) / n);
      expect(Math.abs(sum[j] / n - wj)).toBeLessThanOrEqual(Z * se);
    });
  });
});

describe("criticalWeightChange", () => {
  for (const c of fixtures.criticalChange) {
    test(`${c.name}: matches the numpy grid-and-bisection search`, () => {
      const got = criticalWeightChange(c.matrix, criteriaOf(c.benefit, c.weights), { normalizeWeights: true });
      expect(got.top).toBe(c.top);
      expect(got.flips).toBe(c.critical !== null);
      if (c.critical === null) return;
      expect(got.criterion).toBe(c.critical.criterion);
      // numpy bisects to ~1e-16 of the bracket; the closed form divides once.
      const tol = 1e-12;
      if (!(Math.abs(got.delta - c.critical.delta) <= tol)) throw new Error(`expected δ ${c.critical.delta}, got ${got.delta}, tolerance ${tol}`);
    });
  }

  test("at the reported weights the challenger ties the top alternative", () => {
    for (const c of fixtures.criticalChange) {
      const crit = criteriaOf(c.benefit, c.weights);
      const got = criticalWeightChange(c.matrix, crit, { normalizeWeights: true });
      const at = weightedSum(c.matrix, crit.map((x, j) => ({ ...x, weight: got.weights[j] })), { normalizeWeights: true });
      expect(at.scores[got.challenger]).toBeCloseTo(at.scores[got.top], 12);
    }
  });

  test("the closed form for the weighted sum agrees with the generic scan", () => {
    for (const c of fixtures.criticalChange) {
      const crit = criteriaOf(c.benefit, c.weights);
      const s = c.weights.reduce((a, b) => a + b, 0);
      const w = c.weights.map((x) => x / s);
      const r = normalize(c.matrix, crit);
      const top = weightedSum(c.matrix, crit, { normalizeWeights: true }).ranking[0];
      const scan = criticalScan(r, w, top, weightedSumKernel);
      const exact = criticalWeightChange(c.matrix, crit, { normalizeWeights: true });
      expect(scan?.j).toBe(exact.criterion);
      expect(Math.abs((scan?.delta ?? NaN) - exact.delta)).toBeLessThanOrEqual(1e-12);
    }
  });

  test("TOPSIS: the top changes just past δ and not just before", () => {
    const m = [[1.07, 1.05e6, 4.1], [1.12, 5.24e6, 2.0], [2.39, 1, 9.5]];
    const crit = [
      { name: "latency", benefit: false, weight: 0.5 },
      { name: "bandwidth", benefit: false, weight: 0.2 },
      { name: "energy", benefit: false, weight: 0.3 },
    ];
    const got = criticalWeightChange(m, crit, { method: "topsis" });
    expect(got.flips).toBe(true);
    const topAt = (delta: number) =>
      topsis(m, crit.map((x, j) => ({ ...x, weight: shiftWeight([0.5, 0.2, 0.3], got.criterion, delta)[j] })), { normalizeWeights: true }).ranking[0];
    expect(topAt(got.delta * (1 - 1e-6))).toBe(got.top);
    expect(topAt(got.delta * (1 + 1e-6))).not.toBe(got.top);
  });

  test("shiftWeight keeps the sum at 1 and the other weights in proportion", () => {
    const w = shiftWeight([0.2, 0.3, 0.5], 1, 0.1);
    expect(w[1]).toBeCloseTo(0.4, 15);
    expect(w[0] / w[2]).toBeCloseTo(0.4, 14);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(shiftWeight([1, 0, 0], 0, -0.4)).toEqual([0.6, 0.2, 0.2]);
  });
});
