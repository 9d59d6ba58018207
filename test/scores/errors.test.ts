import { describe, expect, test } from "vitest";
import {
  criticalWeightChange,
  criticWeights,
  entropyWeights,
  normalize,
  presetWeights,
  rankRobustness,
  topsis,
  weightedSum,
  type WeightPreset,
} from "../../src/scores/index.js";

const M = [[1, 2], [3, 4]];
const C = [
  { name: "a", benefit: true, weight: 0.5 },
  { name: "b", benefit: false, weight: 0.5 },
];

describe.each([
  ["weightedSum", (m: number[][], c: typeof C) => weightedSum(m, c)],
  ["topsis", (m: number[][], c: typeof C) => topsis(m, c)],
  ["rankRobustness", (m: number[][], c: typeof C) => rankRobustness(m, c, { samples: 10 })],
  ["criticalWeightChange", (m: number[][], c: typeof C) => criticalWeightChange(m, c)],
] as const)("%s rejects bad input with a RangeError naming parameter and value", (fn, f) => {
  test("ragged matrix", () => {
    expect(() => f([[1, 2], [3]], C)).toThrow(new RangeError(`${fn}: matrix[1] must be a row of length 2 like matrix[0] (ragged matrix), got [3]`));
  });
  test("NaN entry", () => {
    expect(() => f([[1, 2], [NaN, 4]], C)).toThrow(new RangeError(`${fn}: matrix[1][0] must be a finite number, got NaN`));
  });
  test("infinite entry", () => {
    expect(() => f([[1, Infinity], [3, 4]], C)).toThrow(new RangeError(`${fn}: matrix[0][1] must be a finite number, got Infinity`));
  });
  test("negative weight", () => {
    const c = [{ ...C[0], weight: 1.2 }, { ...C[1], weight: -0.2 }];
    expect(() => f(M, c)).toThrow(new RangeError(`${fn}: criteria[1].weight must be a finite number ≥ 0, got -0.2`));
  });
  test("weights not summing to 1", () => {
    const c = [{ ...C[0], weight: 0.5 }, { ...C[1], weight: 0.6 }];
    expect(() => f(M, c)).toThrow(/weights must sum to 1 .*got sum 1\.1/);
  });
  test("criteria list whose length differs from the columns", () => {
    expect(() => f(M, [C[0]] as unknown as typeof C)).toThrow(
      new RangeError(`${fn}: criteria must have one entry per column of matrix (2), got 1 entries`),
    );
  });
  test("empty matrix", () => {
    expect(() => f([], C)).toThrow(new RangeError(`${fn}: matrix must be a non-empty array of rows, got []`));
  });
});

describe("other bad inputs", () => {
  test("unknown normalization", () => {
    expect(() => weightedSum(M, C, { normalization: "l1" as never })).toThrow(
      new RangeError('weightedSum: normalization must be one of "minMax", "vector", "sum", "max", got "l1"'),
    );
  });
  test("negative entry under a ratio normalization", () => {
    expect(() => normalize([[1], [-2]], [{ benefit: true }], { normalization: "sum" })).toThrow(
      new RangeError('normalize: matrix[1][0] must be ≥ 0 for normalization "sum", got -2'),
    );
  });
  test("unknown preset", () => {
    expect(() => presetWeights("urgent" as WeightPreset, ["latency"])).toThrow(
      new RangeError('presetWeights: preset must be one of "realTime", "offline", "balanced", got "urgent"'),
    );
  });
  test("unknown criterion name in a preset", () => {
    expect(() => presetWeights("offline", ["latency", "cost"])).toThrow(/presetWeights: names\[1\] must be a standard criterion .*got "cost"/);
  });
  test("all-zero weights cannot be normalized", () => {
    const c = C.map((x) => ({ ...x, weight: 0 }));
    expect(() => weightedSum(M, c, { normalizeWeights: true })).toThrow(/weightedSum: weights must be not all zero/);
  });
  test("entropy weights need non-negative entries", () => {
    expect(() => entropyWeights([[1, -1], [2, 2]])).toThrow(new RangeError("entropyWeights: matrix[0][1] must be ≥ 0 (entropy weights need proportions), got -1"));
  });
  test("CRITIC criteria length", () => {
    expect(() => criticWeights(M, [{ benefit: true }])).toThrow(/criticWeights: criteria must have one entry per column of matrix \(2\), got 1/);
  });
  test("robustness options", () => {
    expect(() => rankRobustness(M, C, { samples: 0 })).toThrow(new RangeError("rankRobustness: samples must be a positive integer, got 0"));
    expect(() => rankRobustness(M, C, { concentration: -1 })).toThrow(new RangeError("rankRobustness: concentration must be a finite number > 0, got -1"));
    expect(() => rankRobustness(M, C, { seed: 0.5 })).toThrow(new RangeError("rankRobustness: seed must be a safe integer, got 0.5"));
    expect(() => rankRobustness(M, C, { method: "electre" as never })).toThrow(/rankRobustness: method must be "weightedSum" or "topsis", got "electre"/);
  });
  test("a criterion without a boolean direction is a TypeError", () => {
    expect(() => weightedSum(M, [{ name: "a", weight: 0.5 }, C[1]] as never)).toThrow(new TypeError("weightedSum: criteria[0].benefit must be a boolean, got undefined"));
  });
});

describe("fields and options are never accepted silently", () => {
  test("null options are rejected, not replaced by the default", () => {
    expect(() => rankRobustness(M, C, { samples: null as never })).toThrow(new TypeError("rankRobustness: samples must be a number, got null"));
    expect(() => weightedSum(M, C, { normalization: null as never })).toThrow(/weightedSum: normalization must be one of .*got null/);
    expect(() => weightedSum(M, C, { normalizeWeights: "yes" as never })).toThrow(new TypeError('weightedSum: normalizeWeights must be a boolean, got "yes"'));
  });
  test("a weight is checked even where it is not used", () => {
    expect(() => normalize(M, [{ benefit: true, weight: NaN }, C[1]])).toThrow(new RangeError("normalize: criteria[0].weight must be a finite number ≥ 0, got NaN"));
    expect(() => criticWeights(M, [C[0], { ...C[1], name: 3 as never }])).toThrow(new TypeError("criticWeights: criteria[1].name must be a string, got 3"));
  });
});
