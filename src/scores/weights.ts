/**
 * Criterion weights: scenario presets (the seed paper's §3.2: "real-time scenarios may care
 * more about latency and reliability, offline scenarios more about energy efficiency") and
 * objective weights computed from the data (entropy, CRITIC).
 *
 * @module
 */

import { sampleCorrelation, standardDeviation } from "simple-statistics";
import { invalid } from "../util/validate.js";
import { checkCriteria, checkMatrix, checkNonNegativeEntries, checkWeights, column } from "./matrix.js";
import { normalizeColumnKernel } from "./normalize.js";
import type { CriterionDirection, DecisionMatrix } from "./types.js";

/** The criteria names the presets (and {@link scoreParadigms}) know about. */
export type StandardCriterion = "latency" | "reliability" | "bandwidth" | "compute" | "storage" | "energy" | "quality";

/** A scenario preset name. */
export type WeightPreset = "realTime" | "offline" | "balanced";

/**
 * Scenario presets: weights over the standard criteria, each summing to 1.
 *
 * - `realTime` — interactive use (a user waits for the image): latency 0.35 and
 *   reliability (1 − deadline-violation probability) 0.25 dominate; quality 0.15 because a
 *   fast wrong answer is still wrong; resources share the rest.
 * - `offline` — batch generation on battery-powered terminals: energy per request 0.35,
 *   then quality 0.20; latency and reliability matter little (0.10, 0.05).
 * - `balanced` — every criterion 1/7.
 *
 * These numbers are a documented starting point, not data from the seed paper (which gives
 * only the direction of emphasis). When a criterion is absent from a decision (e.g. no SNC
 * engine, so no reliability), {@link presetWeights} renormalizes over those present.
 */
export const WEIGHT_PRESETS: Readonly<Record<WeightPreset, Readonly<Record<StandardCriterion, number>>>> = Object.freeze({
  realTime: Object.freeze({ latency: 0.35, reliability: 0.25, quality: 0.15, bandwidth: 0.1, energy: 0.05, compute: 0.05, storage: 0.05 }),
  offline: Object.freeze({ energy: 0.35, quality: 0.2, latency: 0.1, bandwidth: 0.1, compute: 0.1, storage: 0.1, reliability: 0.05 }),
  balanced: Object.freeze({ latency: 1 / 7, reliability: 1 / 7, bandwidth: 1 / 7, compute: 1 / 7, storage: 1 / 7, energy: 1 / 7, quality: 1 / 7 }),
});

/**
 * A preset's weights for the named criteria, renormalized to sum to 1 over those names.
 *
 * @param preset - `"realTime"`, `"offline"` or `"balanced"` (see {@link WEIGHT_PRESETS})
 * @param names - criteria names, each one of the standard names
 * @returns one weight per name, summing to 1
 * @throws RangeError for an unknown preset, an unknown or repeated criterion name, or a
 *   list whose preset weights are all zero
 * @example
 * ```ts
 * presetWeights("realTime", ["latency", "energy"]); // [0.875, 0.12500000000000003]
 * ```
 */
export function presetWeights(preset: WeightPreset, names: readonly string[]): readonly number[] {
  const fn = "presetWeights";
  if (!Object.prototype.hasOwnProperty.call(WEIGHT_PRESETS, preset)) {
    invalid(fn, "preset", `one of ${Object.keys(WEIGHT_PRESETS).map((k) => `"${k}"`).join(", ")}`, preset);
  }
  if (!Array.isArray(names) || names.length === 0) invalid(fn, "names", "a non-empty array of criterion names", names);
  const table = WEIGHT_PRESETS[preset] as Readonly<Record<string, number>>;
  const seen = new Set<string>();
  const raw = names.map((n, j) => {
    if (!Object.prototype.hasOwnProperty.call(table, n)) {
      invalid(fn, `names[${j}]`, `a standard criterion (${Object.keys(table).join(", ")})`, n);
    }
    if (seen.has(n)) invalid(fn, `names[${j}]`, "not repeated", n);
    seen.add(n);
    return table[n];
  });
  return checkWeights(fn, raw, { normalize: true });
}

/** Equal weights 1/n: the answer when the data say nothing (no column discriminates). */
function equalWeights(n: number): readonly number[] {
  return Object.freeze(new Array<number>(n).fill(1 / n));
}

/**
 * Objective weights by Shannon entropy (Zeleny 1982; Hwang & Yoon 1981, §2.3.2): with
 * `p_ij = x_ij / Σ_i x_ij`, `e_j = −(1/ln m) Σ_i p_ij ln p_ij` (0 ln 0 = 0),
 * `w_j = (1 − e_j) / Σ_k (1 − e_k)`. A column whose values are spread evenly (entropy 1)
 * gets no weight.
 *
 * Works on the matrix as given (x ≥ 0); to weigh normalized data instead, pass
 * `normalize(matrix, criteria, …)`. An all-zero column counts as uniform (e_j = 1). If no
 * column discriminates (or m = 1), the weights are equal, 1/n.
 *
 * @param matrix - alternatives × criteria, finite, ≥ 0
 * @returns one weight per column, ≥ 0, summing to 1
 * @throws RangeError for a ragged/empty matrix, a non-finite or negative entry
 * @example
 * ```ts
 * entropyWeights([[1, 5], [1, 1], [1, 0]]); // [0, 1]
 * ```
 */
export function entropyWeights(matrix: DecisionMatrix): readonly number[] {
  const fn = "entropyWeights";
  const { rows, cols } = checkMatrix(fn, matrix);
  checkNonNegativeEntries(fn, matrix, "(entropy weights need proportions)");
  if (rows < 2) return equalWeights(cols);
  const lnM = Math.log(rows);
  const d = Array.from({ length: cols }, (_, j) => {
    const x = column(matrix, j);
    // A loop, not Math.max(...x): spreading 200 000 values overflows the call stack.
    let hi = 0;
    for (const v of x) if (v > hi) hi = v;
    if (hi === 0) return 0;
    // Scale by the maximum so the column sum cannot overflow.
    const y = x.map((v) => v / hi);
    const s = y.reduce((a, b) => a + b, 0);
    let h = 0;
    for (const v of y) if (v > 0) h -= (v / s) * Math.log(v / s);
    // Entropy can exceed ln m by rounding; clamp so 1 − e_j stays ≥ 0.
    return Math.max(0, 1 - h / lnM);
  });
  const total = d.reduce((a, b) => a + b, 0);
  return total > 0 ? Object.freeze(d.map((x) => x / total)) : equalWeights(cols);
}

/**
 * A correlation within 1e-12 of ±1 is taken as exactly ±1: two columns that agree perfectly
 * produce ρ = 1 ± a few ulps, and that rounding noise (1 − ρ ≈ 1e-16) must not decide the
 * weights when it is the only conflict there is. Also clamps rounding past ±1.
 */
function snapCorrelation(rho: number): number {
  if (rho > 1 - 1e-12) return 1;
  if (rho < -1 + 1e-12) return -1;
  return rho;
}

/**
 * Objective weights by CRITIC (Diakoulaki, Mavrotas & Papayannakis, "Determining objective
 * weights in multiple criteria problems: the CRITIC method", Computers & Operations
 * Research 22(7), 1995): on the min–max normalized matrix r (costs reversed),
 * `C_j = σ_j Σ_k (1 − ρ_jk)`, `w_j = C_j / Σ_k C_k`, σ_j the standard deviation of column j
 * and ρ the Pearson correlation. A criterion earns weight by contrast (σ) and by conflict
 * with the others (low correlation).
 *
 * σ is the population standard deviation; the sample one differs by the same factor for
 * every column, which cancels in the weights. A constant column has σ = 0, hence no
 * weight, and its correlations are undefined: its terms are left out of the other columns'
 * sums (it neither conflicts nor agrees). Correlations within 1e-12 of ±1 count as exact. If Σ C = 0 — one varying column, or varying
 * columns that agree perfectly — the varying columns share the weight equally; if no
 * column varies, the weights are equal, 1/n.
 * Reversing a cost column flips the sign of its correlations, so the direction matters.
 *
 * @param matrix - alternatives × criteria, finite
 * @param criteria - optional `{ benefit }` per column (default: all benefit)
 * @returns one weight per column, ≥ 0, summing to 1
 * @throws RangeError for a ragged/empty matrix, a non-finite entry, or a criteria list of the wrong length
 * @example
 * ```ts
 * criticWeights([[1, 3, 2], [2, 2, 2], [3, 1, 2]]); // [0.5, 0.5, 0]
 * ```
 */
export function criticWeights(matrix: DecisionMatrix, criteria?: readonly CriterionDirection[]): readonly number[] {
  const fn = "criticWeights";
  const { cols } = checkMatrix(fn, matrix);
  const dirs = criteria === undefined ? new Array(cols).fill({ benefit: true }) : checkCriteria(fn, criteria, cols);
  const r = Array.from({ length: cols }, (_, j) => normalizeColumnKernel(column(matrix, j), dirs[j].benefit, "minMax"));
  // Exact test for a constant column: standardDeviation of equal values may round above 0.
  const sd = r.map((x) => (x.every((v) => v === x[0]) ? 0 : standardDeviation(x)));
  const c = sd.map((s, j) => {
    if (s === 0) return 0;
    let conflict = 0;
    for (let k = 0; k < cols; k++) {
      if (k === j || sd[k] === 0) continue;
      conflict += 1 - snapCorrelation(sampleCorrelation(r[j], r[k]));
    }
    return s * conflict;
  });
  const total = c.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    // The varying columns carry all the information but no conflict: share it equally.
    const varying = sd.map((s) => (s > 0 ? 1 : 0));
    const n = varying.reduce((a: number, b) => a + b, 0);
    return n > 0 ? Object.freeze(varying.map((v) => v / n)) : equalWeights(cols);
  }
  return Object.freeze(c.map((x) => x / total));
}

