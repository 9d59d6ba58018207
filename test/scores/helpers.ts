import { readFileSync } from "node:fs";
import { expect } from "vitest";

/** The numpy fixtures written by test/fixtures/scores/generate.py. */
export const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/scores/scores.json", import.meta.url), "utf8"),
) as {
  versions: Record<string, string>;
  cases: {
    name: string;
    matrix: number[][];
    benefit: boolean[];
    weights: number[];
    normalized: Record<string, number[][]>;
    weightedSum: Record<string, number[]>;
    topsis: Record<string, { scores: number[]; distanceToIdeal: number[]; distanceToAntiIdeal: number[] }>;
    entropyWeights: number[];
    criticWeights: number[];
  }[];
  robustness: { matrix: number[][]; benefit: boolean[]; weights: number[]; concentration: number; probabilityFirst: number[] }[];
  paradigms: {
    name: string;
    params: Record<string, number>;
    lambda: number;
    splits: [number, number][];
    txPowerW: number;
    preset: "realTime" | "offline" | "balanced";
    alternatives: {
      paradigm: string;
      meanService: number;
      rho: number;
      stable: boolean;
      meanSojourn: number | null;
      bandwidthBits: number;
      compute: number;
      storage: number;
      energy: number;
      quality: number;
    }[];
    criteria: string[];
    weights: number[];
    scores: number[];
  }[];
  sncTerminalOnly: {
    params: Record<string, number>;
    cases: { lambda: number; slotSeconds: number; deadline: number; epsilon: number; violationProbability: number; delayQuantileSeconds: number }[];
  };
  criticalChange: { name: string; matrix: number[][]; benefit: boolean[]; weights: number[]; top: number; critical: { criterion: number; delta: number } | null }[];
};

/** Tolerance |got − expected| ≤ rel·|expected| + abs. */
export interface Tol {
  rel: number;
  abs: number;
}

/** Element-wise comparison that reports input, expected, got and tolerance on failure. */
export function expectClose(label: string, got: readonly number[], expected: readonly number[], tol: Tol, input?: unknown): void {
  expect(got.length, `${label}: length`).toBe(expected.length);
  got.forEach((g, i) => {
    const e = expected[i];
    const ok = Math.abs(g - e) <= tol.rel * Math.abs(e) + tol.abs;
    if (!ok) {
      throw new Error(
        `${label}[${i}]: expected ${e}, got ${g}, |diff| ${Math.abs(g - e)} > tol rel ${tol.rel} abs ${tol.abs}` +
          (input === undefined ? "" : `; input ${JSON.stringify(input)}`),
      );
    }
  });
}

export function criteriaOf(benefit: readonly boolean[], weights: readonly number[]) {
  return benefit.map((b, j) => ({ name: `c${j}`, benefit: b, weight: weights[j] }));
}
