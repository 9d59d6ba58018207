/**
 * Shared shapes of the scoring layer (docs/model.md §6): a decision matrix of alternatives ×
 * criteria, the criteria themselves, and what an aggregation returns.
 *
 * @module
 */

/** How a criterion's column is put on a common [0, 1] scale (see {@link normalize}). */
export type Normalization = "minMax" | "vector" | "sum" | "max";

/** The four normalizations, in the order the docs list them. */
export const NORMALIZATIONS: readonly Normalization[] = Object.freeze(["minMax", "vector", "sum", "max"]);

/**
 * One criterion (a column of the decision matrix).
 *
 * - `benefit: true` — larger is better (quality, reliability);
 * - `benefit: false` — a cost, smaller is better (latency, energy, bandwidth).
 * - `weight` — its share of the decision, ≥ 0; the weights of a criteria list sum to 1.
 */
export interface Criterion {
  /** Label of the column, e.g. "latency" (used in reports and sensitivity results). */
  readonly name: string;
  /** `true`: larger is better; `false`: a cost, smaller is better. */
  readonly benefit: boolean;
  /** Share of the decision, ≥ 0; the weights of a criteria list sum to 1. */
  readonly weight: number;
}

/** A criterion whose weight is not needed (normalization only looks at the direction). */
export type CriterionDirection = Pick<Criterion, "benefit"> & Partial<Pick<Criterion, "name" | "weight">>;

/** A decision matrix: `matrix[i][j]` is alternative i's raw value on criterion j. */
export type DecisionMatrix = readonly (readonly number[])[];

/** What {@link weightedSum} and {@link topsis} return (all arrays frozen). */
export interface ScoreResult {
  /** Which aggregation produced the scores. */
  readonly method: "weightedSum" | "topsis";
  /** The normalization used. */
  readonly normalization: Normalization;
  /** The weights actually used (after optional renormalization), one per criterion. */
  readonly weights: readonly number[];
  /** The normalized matrix r[i][j] ∈ [0, 1], costs already reversed (larger is better). */
  readonly normalized: DecisionMatrix;
  /** One score per alternative, in [0, 1]; larger is better. */
  readonly scores: readonly number[];
  /** Alternative indices from best to worst (ties: lower index first). */
  readonly ranking: readonly number[];
  /** `rank[i]` is alternative i's position in `ranking` (0 = best). */
  readonly rank: readonly number[];
  /**
   * `contributions[i][j] = w_j · r[i][j]`, the weighted normalized value. For the weighted
   * sum these add up to the score; for TOPSIS they are the weighted matrix whose distances
   * to the ideal and anti-ideal rows give the score.
   */
  readonly contributions: DecisionMatrix;
}

/** Extra fields of a TOPSIS result. */
export interface TopsisResult extends ScoreResult {
  readonly method: "topsis";
  /** Euclidean distance of each weighted row to the ideal row (column maxima). */
  readonly distanceToIdeal: readonly number[];
  /** Euclidean distance of each weighted row to the anti-ideal row (column minima). */
  readonly distanceToAntiIdeal: readonly number[];
}
