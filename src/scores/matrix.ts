/**
 * Argument checks for decision matrices and criteria lists, shared by every scoring entry
 * point so that one kind of bad input fails one way everywhere, never one way here and another there.
 *
 * @module
 */

import { finite, invalid, nonNegative, show } from "../util/validate.js";
import type { CriterionDirection, DecisionMatrix, Normalization } from "./types.js";
import { NORMALIZATIONS } from "./types.js";

/** Tolerance on Σ w = 1: a few ulps per term, so weights typed as decimals pass. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * Checks a decision matrix: a non-empty array of equally long, non-empty rows of finite
 * numbers. Returns its shape. Throws RangeError (TypeError for non-arrays).
 */
export function checkMatrix(fn: string, matrix: unknown): { rows: number; cols: number } {
  if (!Array.isArray(matrix)) throw new TypeError(`${fn}: matrix must be an array of rows, got ${show(matrix)}`);
  if (matrix.length === 0) invalid(fn, "matrix", "a non-empty array of rows", matrix);
  const first = matrix[0];
  if (!Array.isArray(first)) throw new TypeError(`${fn}: matrix[0] must be an array of numbers, got ${show(first)}`);
  const cols = first.length;
  if (cols === 0) invalid(fn, "matrix[0]", "a non-empty array of numbers", first);
  matrix.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row)) throw new TypeError(`${fn}: matrix[${i}] must be an array of numbers, got ${show(row)}`);
    if (row.length !== cols) invalid(fn, `matrix[${i}]`, `a row of length ${cols} like matrix[0] (ragged matrix)`, row);
    row.forEach((x: unknown, j: number) => finite(fn, `matrix[${i}][${j}]`, x));
  });
  return { rows: matrix.length, cols };
}

/** Checks that every entry is ≥ 0 (the ratio normalizations and entropy weights need it). */
export function checkNonNegativeEntries(fn: string, matrix: DecisionMatrix, why: string): void {
  matrix.forEach((row, i) =>
    row.forEach((x, j) => {
      if (!(x >= 0)) invalid(fn, `matrix[${i}][${j}]`, `≥ 0 ${why}`, x);
    }),
  );
}

/** Checks a normalization name. */
export function checkNormalization(fn: string, value: unknown): Normalization {
  if (!NORMALIZATIONS.includes(value as Normalization)) {
    invalid(fn, "normalization", `one of ${NORMALIZATIONS.map((n) => `"${n}"`).join(", ")}`, value);
  }
  return value as Normalization;
}

/** Checks a criteria list against the matrix width: one entry per column, each with a boolean `benefit`. */
export function checkCriteria(fn: string, criteria: unknown, cols: number): readonly CriterionDirection[] {
  if (!Array.isArray(criteria)) throw new TypeError(`${fn}: criteria must be an array, got ${show(criteria)}`);
  if (criteria.length !== cols) {
    throw new RangeError(
      `${fn}: criteria must have one entry per column of matrix (${cols}), got ${criteria.length} entries`,
    );
  }
  criteria.forEach((c: unknown, j: number) => {
    if (c === null || typeof c !== "object") throw new TypeError(`${fn}: criteria[${j}] must be an object, got ${show(c)}`);
    const { benefit, weight, name } = c as { benefit?: unknown; weight?: unknown; name?: unknown };
    if (typeof benefit !== "boolean") throw new TypeError(`${fn}: criteria[${j}].benefit must be a boolean, got ${show(benefit)}`);
    // Fields a function does not use are still checked, so a bad one never passes silently.
    if (weight !== undefined) nonNegative(fn, `criteria[${j}].weight`, weight);
    if (name !== undefined && typeof name !== "string") throw new TypeError(`${fn}: criteria[${j}].name must be a string, got ${show(name)}`);
  });
  return criteria as CriterionDirection[];
}

/**
 * Checks weights: each finite and ≥ 0, and Σ w = 1 within 1e-9 — or, with `normalize`,
 * Σ w > 0 and the weights are divided by their sum. Returns a frozen array.
 * `param(j)` names the j-th weight in messages (e.g. `criteria[2].weight`).
 */
export function checkWeights(
  fn: string,
  weights: readonly unknown[],
  { normalize = false, param = (j: number) => `weights[${j}]` }: { normalize?: boolean; param?: (j: number) => string } = {},
): readonly number[] {
  const w = weights.map((x, j) => nonNegative(fn, param(j), x));
  if (normalize) {
    // Scale by the largest weight first: Σ w of weights near 1e308 overflows, and w/∞ = 0.
    let max = 0;
    for (const x of w) if (x > max) max = x;
    if (!(max > 0)) invalid(fn, "weights", "not all zero (to be normalized)", w);
    const scaled = w.map((x) => x / max);
    const sum = scaled.reduce((a, b) => a + b, 0);
    return Object.freeze(scaled.map((x) => x / sum));
  }
  const sum = w.reduce((a, b) => a + b, 0);
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    throw new RangeError(`${fn}: weights must sum to 1 (or pass normalizeWeights: true), got sum ${sum} for ${show(w)}`);
  }
  return Object.freeze(w);
}

/** Freezes a matrix deeply (rows and outer array). */
export function freezeMatrix(m: number[][]): DecisionMatrix {
  return Object.freeze(m.map((row) => Object.freeze(row)));
}

/** The column j of a matrix. */
export function column(matrix: DecisionMatrix, j: number): number[] {
  return matrix.map((row) => row[j]);
}

// An option's value or its default: the one `given` of util/validate, under the name the
// scores folder's call sites use.
export { given as or } from "../util/validate.js";
