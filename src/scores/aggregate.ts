/**
 * Aggregation of a normalized decision matrix into one score per alternative: the weighted
 * sum (SAW, simple additive weighting) and TOPSIS (Hwang & Yoon, "Multiple Attribute
 * Decision Making", Springer 1981, ch. 3). docs/model.md §6.
 *
 * @module
 */

import { booleanOption, options } from "../util/validate.js";
import { checkCriteria, checkMatrix, checkWeights, freezeMatrix, or } from "./matrix.js";
import { normalizeChecked } from "./normalize.js";
import type { Criterion, DecisionMatrix, Normalization, ScoreResult, TopsisResult } from "./types.js";

/** Options of {@link weightedSum} and {@link topsis}. */
export interface AggregateOptions {
  /** Column normalization (default `"minMax"` for the weighted sum, `"vector"` for TOPSIS, as in Hwang & Yoon). */
  readonly normalization?: Normalization;
  /** Divide the weights by their sum instead of requiring Σ w = 1 (default false). */
  readonly normalizeWeights?: boolean;
}

/** Alternative indices sorted by score, best first; ties keep the lower index first. */
export function rankingOf(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

/** Weighted-sum kernel on an already normalized matrix. */
export function weightedSumKernel(r: DecisionMatrix, w: readonly number[]): number[] {
  return r.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += w[j] * row[j];
    // Σ w_j r_ij ≤ Σ w_j = 1 mathematically; rounding may overshoot by an ulp.
    return Math.min(1, s);
  });
}

/** TOPSIS kernel on an already normalized matrix (all columns benefit-oriented). */
export function topsisKernel(r: DecisionMatrix, w: readonly number[]): { scores: number[]; dPlus: number[]; dMinus: number[] } {
  const cols = w.length;
  const ideal = new Array<number>(cols).fill(-Infinity);
  const anti = new Array<number>(cols).fill(Infinity);
  for (const row of r) {
    for (let j = 0; j < cols; j++) {
      const v = w[j] * row[j];
      if (v > ideal[j]) ideal[j] = v;
      if (v < anti[j]) anti[j] = v;
    }
  }
  const dPlus: number[] = [];
  const dMinus: number[] = [];
  const scores = r.map((row) => {
    let p = 0;
    let m = 0;
    for (let j = 0; j < cols; j++) {
      const v = w[j] * row[j];
      p += (v - ideal[j]) ** 2;
      m += (v - anti[j]) ** 2;
    }
    const dp = Math.sqrt(p);
    const dm = Math.sqrt(m);
    dPlus.push(dp);
    dMinus.push(dm);
    // Ideal = anti-ideal means every alternative sits at the ideal: closeness 1 (the
    // limit of d⁻/(d⁺ + d⁻) as d⁺ → 0), matching the "non-discriminating column → 1" rule.
    return dp + dm === 0 ? 1 : dm / (dp + dm);
  });
  return { scores, dPlus, dMinus };
}

function prepare(fn: string, matrix: DecisionMatrix, criteria: readonly Criterion[], opts: AggregateOptions, defaultNorm: Normalization) {
  const o = options<AggregateOptions>(fn, "options", opts);
  const { cols } = checkMatrix(fn, matrix);
  checkCriteria(fn, criteria, cols);
  const w = checkWeights(
    fn,
    criteria.map((c) => c.weight),
    { normalize: booleanOption(fn, "normalizeWeights", o.normalizeWeights, false), param: (j) => `criteria[${j}].weight` },
  );
  const normalization = or(o.normalization, defaultNorm);
  const normalized = normalizeChecked(fn, matrix, criteria, normalization);
  const contributions = freezeMatrix(normalized.map((row) => row.map((x, j) => w[j] * x)));
  return { w, normalization, normalized, contributions };
}

function finish(scores: number[]) {
  const ranking = rankingOf(scores);
  const rank = new Array<number>(scores.length);
  ranking.forEach((alt, pos) => (rank[alt] = pos));
  return { scores: Object.freeze(scores), ranking: Object.freeze(ranking), rank: Object.freeze(rank) };
}

/**
 * Weighted sum (SAW): `S_i = Σ_j w_j r_ij`, r the normalized matrix (costs reversed).
 *
 * Source: the seed paper's §3.2 ("dynamic weighting and normalization"); Hwang & Yoon
 * (1981) §3.3 (SAW). Scores lie in [0, 1]; an alternative best on every criterion scores 1
 * under min–max normalization.
 *
 * @param matrix - alternatives × criteria, raw values (finite; ≥ 0 for the ratio normalizations)
 * @param criteria - `criteria[j] = { name, benefit, weight }`, weights ≥ 0 summing to 1
 * @param opts - `{ normalization = "minMax", normalizeWeights = false }`
 * @returns `{ scores, ranking, rank, contributions, normalized, weights, … }`;
 *   `contributions[i][j] = w_j r_ij` add up to `scores[i]`
 * @throws RangeError for a ragged matrix, a NaN or infinite entry, a negative weight,
 *   weights not summing to 1, a criteria list whose length differs from the columns, or an
 *   unknown normalization (see {@link normalize} for the domains)
 * @example
 * ```ts
 * const r = weightedSum(
 *   [[1.07, 2.1], [1.12, 5.2], [2.39, 0]],
 *   [{ name: "latency", benefit: false, weight: 0.5 }, { name: "bandwidth", benefit: false, weight: 0.5 }],
 * );
 * r.ranking; // [0, 2, 1]
 * r.scores;  // [0.7980…, 0.4810…, 0.5]
 * ```
 */
export function weightedSum(matrix: DecisionMatrix, criteria: readonly Criterion[], opts: AggregateOptions = {}): ScoreResult {
  const p = prepare("weightedSum", matrix, criteria, opts, "minMax");
  return Object.freeze({
    method: "weightedSum" as const,
    normalization: p.normalization,
    weights: p.w,
    normalized: p.normalized,
    contributions: p.contributions,
    ...finish(weightedSumKernel(p.normalized, p.w)),
  });
}

/**
 * TOPSIS: with v_ij = w_j r_ij, ideal v⁺_j = max_i v_ij, anti-ideal v⁻_j = min_i v_ij,
 * `d⁺_i = ‖v_i − v⁺‖₂`, `d⁻_i = ‖v_i − v⁻‖₂`, the score is the relative closeness
 * `C_i = d⁻_i / (d⁺_i + d⁻_i)` ∈ [0, 1] (1 when every alternative coincides with the ideal).
 *
 * Costs are reversed inside the normalization (1 − r), an affine reflection, so with the
 * default vector normalization this equals classic TOPSIS (Hwang & Yoon 1981, §3.4).
 *
 * @param matrix - alternatives × criteria, raw values
 * @param criteria - `criteria[j] = { name, benefit, weight }`, weights ≥ 0 summing to 1
 * @param opts - `{ normalization = "vector", normalizeWeights = false }`
 * @returns `{ scores, ranking, rank, contributions, distanceToIdeal, distanceToAntiIdeal, … }`
 * @throws RangeError on the same bad inputs as {@link weightedSum}
 * @example
 * ```ts
 * const t = topsis(
 *   [[1.07, 2.1], [1.12, 5.2], [2.39, 0]],
 *   [{ name: "latency", benefit: false, weight: 0.5 }, { name: "bandwidth", benefit: false, weight: 0.5 }],
 * );
 * t.ranking; // [2, 0, 1] — vector normalization keeps ratios, so the zero-bandwidth row gains
 * t.scores;  // [0.6582…, 0.3246…, 0.6667…]
 * ```
 */
export function topsis(matrix: DecisionMatrix, criteria: readonly Criterion[], opts: AggregateOptions = {}): TopsisResult {
  const p = prepare("topsis", matrix, criteria, opts, "vector");
  const k = topsisKernel(p.normalized, p.w);
  return Object.freeze({
    method: "topsis" as const,
    normalization: p.normalization,
    weights: p.w,
    normalized: p.normalized,
    contributions: p.contributions,
    distanceToIdeal: Object.freeze(k.dPlus),
    distanceToAntiIdeal: Object.freeze(k.dMinus),
    ...finish(k.scores),
  });
}
