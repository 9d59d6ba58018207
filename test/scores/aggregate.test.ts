import { describe, expect, test } from "vitest";
import { criticWeights, entropyWeights, normalize, NORMALIZATIONS, topsis, weightedSum } from "../../src/scores/index.js";
import { criteriaOf, expectClose, fixtures } from "./helpers.js";

// Per-regime tolerances: normalization and the weighted sum are a handful of correctly
// rounded operations (a few ulps); TOPSIS adds square roots and a ratio of small
// differences; entropy sums logs and CRITIC goes through correlations, whose algorithms
// differ between simple-statistics and numpy.
const TOL_NORMALIZED = { rel: 1e-13, abs: 1e-15 };
const TOL_SAW = { rel: 1e-13, abs: 1e-15 };
const TOL_TOPSIS = { rel: 1e-11, abs: 1e-14 };
const TOL_OBJECTIVE = { rel: 1e-10, abs: 1e-13 };

describe(`numpy fixtures (numpy ${fixtures.versions.numpy})`, () => {
  for (const c of fixtures.cases) {
    const criteria = criteriaOf(c.benefit, c.weights);
    for (const norm of NORMALIZATIONS) {
      test(`${c.name}, ${norm}: normalize, weightedSum, topsis`, () => {
        const input = { matrix: c.matrix, benefit: c.benefit, weights: c.weights, normalization: norm };
        const r = normalize(c.matrix, criteria, { normalization: norm });
        r.forEach((row, i) => expectClose(`${c.name} ${norm} normalized row ${i}`, row, c.normalized[norm][i], TOL_NORMALIZED, input));
        const s = weightedSum(c.matrix, criteria, { normalization: norm, normalizeWeights: true });
        expectClose(`${c.name} ${norm} weightedSum`, s.scores, c.weightedSum[norm], TOL_SAW, input);
        const t = topsis(c.matrix, criteria, { normalization: norm, normalizeWeights: true });
        expectClose(`${c.name} ${norm} topsis`, t.scores, c.topsis[norm].scores, TOL_TOPSIS, input);
        expectClose(`${c.name} ${norm} d+`, t.distanceToIdeal, c.topsis[norm].distanceToIdeal, TOL_TOPSIS, input);
        expectClose(`${c.name} ${norm} d-`, t.distanceToAntiIdeal, c.topsis[norm].distanceToAntiIdeal, TOL_TOPSIS, input);
      });
    }
    test(`${c.name}: entropy and CRITIC weights`, () => {
      expectClose(`${c.name} entropy`, entropyWeights(c.matrix), c.entropyWeights, TOL_OBJECTIVE, c.matrix);
      expectClose(`${c.name} CRITIC`, criticWeights(c.matrix, criteriaOf(c.benefit, c.weights)), c.criticWeights, TOL_OBJECTIVE, c.matrix);
    });
  }
});

describe("weightedSum and topsis results", () => {
  const matrix = [[1.07, 2.1], [1.12, 5.2], [2.39, 0]];
  const criteria = [
    { name: "latency", benefit: false, weight: 0.5 },
    { name: "bandwidth", benefit: false, weight: 0.5 },
  ];

  test("contributions add up to the weighted-sum score", () => {
    const r = weightedSum(matrix, criteria);
    r.contributions.forEach((row, i) => expect(row[0] + row[1]).toBeCloseTo(r.scores[i], 15));
  });

  test("ranking sorts scores and rank inverts it", () => {
    for (const r of [weightedSum(matrix, criteria), topsis(matrix, criteria)]) {
      for (let k = 1; k < r.ranking.length; k++) expect(r.scores[r.ranking[k - 1]]).toBeGreaterThanOrEqual(r.scores[r.ranking[k]]);
      r.ranking.forEach((alt, pos) => expect(r.rank[alt]).toBe(pos));
    }
  });

  test("ties rank the lower index first", () => {
    const r = weightedSum([[1, 2], [2, 1], [1, 2]], [{ name: "a", benefit: true, weight: 0.5 }, { name: "b", benefit: true, weight: 0.5 }]);
    expect(r.scores[0]).toBe(r.scores[1]);
    expect(r.ranking).toEqual([0, 1, 2]);
  });

  test("results are frozen", () => {
    const r = topsis(matrix, criteria);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.scores)).toBe(true);
    expect(Object.isFrozen(r.normalized[0])).toBe(true);
  });

  test("normalizeWeights rescales weights that do not sum to 1", () => {
    const raw = criteria.map((c) => ({ ...c, weight: 3 }));
    expect(weightedSum(matrix, raw, { normalizeWeights: true }).scores).toEqual(weightedSum(matrix, criteria).scores);
  });

  test("normalizeWeights scales by the largest weight first: weights near 1e308 (sum overflows) and 1e-320 (subnormal)", () => {
    for (const w of [1e308, Number.MAX_VALUE, 1e-320]) {
      const raw = criteria.map((c) => ({ ...c, weight: w }));
      const r = weightedSum(matrix, raw, { normalizeWeights: true });
      expect(r.weights).toEqual(criteria.map(() => 1 / criteria.length));
      expect(topsis(matrix, raw, { normalizeWeights: true }).weights).toEqual(r.weights);
    }
  });

  test("a non-discriminating column maps to 1 and leaves the ranking as if it were absent", () => {
    const withConst = [[1, 7, 3], [2, 7, 1], [3, 7, 1.5]];
    const without = withConst.map((r) => [r[0], r[2]]);
    for (const norm of NORMALIZATIONS) {
      for (const benefit of [true, false]) {
        const crit3 = [
          { name: "a", benefit: true, weight: 0.4 },
          { name: "k", benefit, weight: 0.2 },
          { name: "b", benefit: false, weight: 0.4 },
        ];
        const crit2 = [crit3[0], crit3[2]].map((c) => ({ ...c, weight: 0.5 }));
        const n = normalize(withConst, crit3, { normalization: norm });
        if (norm === "minMax") expect(n.map((r) => r[1])).toEqual([1, 1, 1]);
        expect(weightedSum(withConst, crit3, { normalization: norm }).ranking).toEqual(weightedSum(without, crit2, { normalization: norm }).ranking);
        expect(topsis(withConst, crit3, { normalization: norm }).ranking).toEqual(topsis(without, crit2, { normalization: norm }).ranking);
      }
      const zero = normalize([[0], [0]], [{ benefit: false }], { normalization: norm });
      expect(zero).toEqual([[1], [1]]);
    }
  });

  test("topsis scores every alternative 1 when all coincide", () => {
    expect(topsis([[2, 3], [2, 3]], criteria).scores).toEqual([1, 1]);
  });

  test("vector-normalized TOPSIS with reflected costs equals classic TOPSIS (cost ideal = column minimum)", () => {
    const m = [[250, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4], [225, 16, 16, 2]];
    const w = [0.25, 0.25, 0.25, 0.25];
    const benefit = [false, true, true, true];
    // Classic TOPSIS written out (Hwang & Yoon 1981): v = w x/‖x‖, ideal max for benefit, min for cost.
    const norms = w.map((_, j) => Math.hypot(...m.map((r) => r[j])));
    const v = m.map((r) => r.map((x, j) => (w[j] * x) / norms[j]));
    const best = w.map((_, j) => (benefit[j] ? Math.max : Math.min)(...v.map((r) => r[j])));
    const worst = w.map((_, j) => (benefit[j] ? Math.min : Math.max)(...v.map((r) => r[j])));
    const classic = v.map((r) => {
      const dp = Math.hypot(...r.map((x, j) => x - best[j]));
      const dm = Math.hypot(...r.map((x, j) => x - worst[j]));
      return dm / (dp + dm);
    });
    const got = topsis(m, criteriaOf(benefit, w)).scores;
    expectClose("classic TOPSIS", got, classic, { rel: 1e-12, abs: 1e-15 }, m);
  });
});

describe("objective weights, special cases", () => {
  test("entropy: a constant column gets no weight; no information means equal weights", () => {
    expect(entropyWeights([[1, 5], [1, 1], [1, 0]])).toEqual([0, 1]);
    expect(entropyWeights([[2, 2], [2, 2]])).toEqual([0.5, 0.5]);
    expect(entropyWeights([[0, 3]])).toEqual([0.5, 0.5]);
  });

  test("CRITIC: a constant column gets no weight; the direction of a criterion matters", () => {
    expect(criticWeights([[1, 3, 2], [2, 2, 2], [3, 1, 2]])).toEqual([0.5, 0.5, 0]);
    expect(criticWeights([[4, 4], [4, 4]])).toEqual([0.5, 0.5]);
    const m = [[1, 2, 5], [2, 1, 3], [3, 5, 1], [4, 3, 2]];
    const asBenefit = criticWeights(m);
    const asCost = criticWeights(m, [{ benefit: true }, { benefit: false }, { benefit: true }]);
    expect(asBenefit).not.toEqual(asCost);
    expectClose("CRITIC sums to 1", [asCost.reduce((a, b) => a + b, 0)], [1], { rel: 1e-15, abs: 0 });
  });
});

describe("CRITIC with perfectly agreeing columns", () => {
  test("columns equal up to a positive affine map share the weight equally, whatever the rounding", () => {
    const m = [[1, 5, 0.1], [2, 10, 0.7], [3, 15, 1.3], [7, 35, 3.7]];
    // All three columns are affine images of each other: no conflict anywhere, so ΣC = 0 and
    // the varying columns share the weight equally (not in proportion to 1e-16 noise).
    expect(criticWeights(m)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});
