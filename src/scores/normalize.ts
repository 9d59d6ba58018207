/**
 * Column normalization of a decision matrix (docs/model.md §6; Jahan & Edwards, "A
 * state-of-the-art survey on the influence of normalization techniques in ranking",
 * Materials & Design 65, 2015).
 *
 * @module
 */

import { options } from "../util/validate.js";
import { checkCriteria, checkMatrix, checkNonNegativeEntries, checkNormalization, column, freezeMatrix, or } from "./matrix.js";
import type { CriterionDirection, DecisionMatrix, Normalization } from "./types.js";

/**
 * Normalizes one column (kernel: no checks, never throws). Returns values in [0, 1].
 * Ratio methods assume x ≥ 0; a column that does not discriminate maps to all 1.
 */
export function normalizeColumnKernel(x: readonly number[], benefit: boolean, method: Normalization): number[] {
  const n = x.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (method === "minMax") {
    if (hi === lo) return new Array<number>(n).fill(1);
    // Halving first keeps hi − lo finite when the column spans most of the double range.
    const s = Number.isFinite(hi - lo) ? 1 : 0.5;
    const range = hi * s - lo * s;
    // The cost form (hi − x)/range is computed directly, not as 1 − r, so the best cost
    // is exactly 1 and a negated column reproduces it bit for bit.
    return x.map((v) => (benefit ? (v * s - lo * s) / range : (hi * s - v * s) / range));
  }
  // Ratio methods: scale by the maximum first so that sums and norms cannot overflow.
  if (hi === 0) return new Array<number>(n).fill(1);
  const y = x.map((v) => v / hi);
  let denom: number;
  if (method === "max") denom = 1;
  else if (method === "sum") denom = y.reduce((a, b) => a + b, 0);
  else {
    // ‖y‖₂ with 0 ≤ y ≤ 1 and max y = 1: Σy² ∈ [1, n] cannot overflow, and a loop (unlike
    // Math.hypot(...y)) does not overflow the call stack on a long column.
    let sq = 0;
    for (const v of y) sq += v * v;
    denom = Math.sqrt(sq);
  }
  // Costs are reflected (1 − r), an affine map: TOPSIS distances are unchanged by it, so
  // TOPSIS with reflected costs equals classic TOPSIS with a "minimum is ideal" cost column.
  return y.map((v) => {
    const r = Math.min(1, v / denom);
    return benefit ? r : 1 - r;
  });
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** Which normalization (default `"minMax"`). */
  readonly normalization?: Normalization;
}

/**
 * Normalizes every column of a decision matrix to [0, 1], larger = better.
 *
 * For column x (alternatives i = 1…m), benefit form r and cost form r̄:
 *
 * | method   | benefit r_i                    | cost r̄_i                        | domain |
 * |----------|--------------------------------|----------------------------------|--------|
 * | `minMax` | (x_i − min x)/(max x − min x)  | (max x − x_i)/(max x − min x)    | any finite x |
 * | `vector` | x_i / ‖x‖₂                     | 1 − x_i/‖x‖₂                     | x ≥ 0 |
 * | `sum`    | x_i / Σ x                      | 1 − x_i/Σ x                      | x ≥ 0 |
 * | `max`    | x_i / max x                    | 1 − x_i/max x                    | x ≥ 0 |
 *
 * Costs are reversed by reflection (1 − r) rather than by reciprocals (min x / x_i,
 * (1/x_i)/Σ(1/x)): the reflection is defined at x = 0 and is affine, so TOPSIS distances are
 * those of classic TOPSIS, which keeps cost columns as they are and takes their minimum as ideal.
 *
 * A column that does not discriminate — constant for `minMax`, all zero for the ratio
 * methods — would divide by zero; it maps to 1 for every alternative (benefit or cost):
 * every alternative attains the best value, so the column adds the same w_j to every
 * weighted-sum score and nothing to TOPSIS distances — rankings are as if it were absent.
 *
 * Only `minMax` is invariant to a positive affine rescaling x → a·x + b of a column, and only
 * for `minMax` is a cost column x the same as the benefit column −x; the ratio methods
 * treat data on a ratio scale (x ≥ 0), where −x is outside the domain and rejected.
 *
 * @param matrix - `matrix[i][j]`, alternatives × criteria, finite numbers
 * @param criteria - one `{ benefit }` per column (extra fields such as name/weight ignored)
 * @param opts - `{ normalization = "minMax" }`
 * @returns a frozen matrix of the same shape with entries in [0, 1]
 * @throws RangeError for a ragged or empty matrix, a non-finite entry, a negative entry
 *   under a ratio method, a criteria list whose length differs from the columns, or an
 *   unknown normalization; TypeError for values of the wrong type
 * @example
 * ```ts
 * normalize([[1, 10], [3, 30]], [{ benefit: true }, { benefit: false }]);
 * // [[0, 1], [1, 0]]
 * normalize([[3], [4]], [{ benefit: true }], { normalization: "vector" });
 * // [[0.6], [0.8]]
 * ```
 */
export function normalize(
  matrix: DecisionMatrix,
  criteria: readonly CriterionDirection[],
  opts: NormalizeOptions = {},
): DecisionMatrix {
  return normalizeChecked("normalize", matrix, criteria, or(options<NormalizeOptions>("normalize", "options", opts).normalization, "minMax"));
}

/** The checks and the work of {@link normalize}, with the caller's name in messages. */
export function normalizeChecked(
  fn: string,
  matrix: DecisionMatrix,
  criteria: readonly CriterionDirection[],
  normalization: Normalization,
): DecisionMatrix {
  const { rows, cols } = checkMatrix(fn, matrix);
  checkCriteria(fn, criteria, cols);
  const method = checkNormalization(fn, normalization);
  if (method !== "minMax") checkNonNegativeEntries(fn, matrix, `for normalization "${method}"`);
  const out: number[][] = Array.from({ length: rows }, () => new Array<number>(cols));
  for (let j = 0; j < cols; j++) {
    const r = normalizeColumnKernel(column(matrix, j), criteria[j].benefit, method);
    for (let i = 0; i < rows; i++) out[i][j] = r[i];
  }
  return freezeMatrix(out);
}
