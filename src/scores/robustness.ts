/**
 * How stable a ranking is when the weights move (docs/model.md §6, last step): the probability
 * that each alternative ranks first under Dirichlet-perturbed weights, and the smallest
 * change of one weight that dethrones the top alternative (Triantaphyllou & Sánchez, "A
 * sensitivity analysis approach for some deterministic multi-criteria decision-making
 * methods", Decision Sciences 28(1), 1997 — their "most critical criterion").
 *
 * @module
 */

import { rng as makeRng, standardGamma, type Rng } from "../random/rng.js";
import { atMost, booleanOption, invalid, options, positive, positiveInteger, seedValue } from "../util/validate.js";
import { topsisKernel, weightedSumKernel, rankingOf } from "./aggregate.js";
import { checkCriteria, checkMatrix, checkWeights, or } from "./matrix.js";
import { normalizeChecked } from "./normalize.js";
import type { Criterion, DecisionMatrix, Normalization } from "./types.js";

/** Which aggregation a robustness analysis re-runs. */
export type ScoreMethod = "weightedSum" | "topsis";

/** Options shared by {@link rankRobustness} and {@link criticalWeightChange}. */
export interface SensitivityOptions {
  /** Aggregation to re-run (default `"weightedSum"`). */
  readonly method?: ScoreMethod;
  /** Normalization (default: the method's default, `"minMax"` for the weighted sum, `"vector"` for TOPSIS). */
  readonly normalization?: Normalization;
  /** Divide the weights by their sum instead of requiring Σ w = 1 (default false). */
  readonly normalizeWeights?: boolean;
}

/** Options of {@link rankRobustness}. */
export interface RobustnessOptions extends SensitivityOptions {
  /** Number of weight draws (default 4000). */
  readonly samples?: number;
  /**
   * Dirichlet concentration κ (default 50): draws are Dirichlet(κ·w), centred on w with
   * Var W_j = w_j(1 − w_j)/(κ + 1) — κ = 50 moves a weight of 0.3 by about ±0.064 (1 sd).
   */
  readonly concentration?: number;
  /** Seed of the `rng(seed)` stream (default 1). */
  readonly seed?: number;
}

/** The result of {@link criticalWeightChange}. */
export interface CriticalChange {
  /** The top alternative under the given weights. */
  readonly top: number;
  /** Whether any single-weight change (others rescaled in proportion) dethrones it. */
  readonly flips: boolean;
  /** Index of the most critical criterion (−1 when nothing flips). */
  readonly criterion: number;
  /** Its name ("" when nothing flips or the criterion has no name). */
  readonly criterionName: string;
  /** Signed change δ of that weight at which another alternative ties the top one (NaN-free: Infinity when nothing flips). */
  readonly delta: number;
  /** δ / w_j (Infinity when w_j = 0 or nothing flips). */
  readonly relativeDelta: number;
  /** The weights at the tie (empty when nothing flips). */
  readonly weights: readonly number[];
  /** The alternative that ties the top one there (−1 when nothing flips). */
  readonly challenger: number;
}

/** The result of {@link rankRobustness}. */
export interface Robustness {
  /** The top alternative under the central weights. */
  readonly top: number;
  /** P(alternative i ranks first) under Dirichlet(κ·w) weights, estimated. */
  readonly probabilityFirst: readonly number[];
  /** Binomial standard error of each estimate, √(p(1 − p)/samples). */
  readonly standardError: readonly number[];
  /** Number of weight draws used (default 4000). */
  readonly samples: number;
  /** Dirichlet concentration κ used (default 50). */
  readonly concentration: number;
  /** Seed of the `rng(seed)` stream used (default 1). */
  readonly seed: number;
  /** The smallest single-weight change that dethrones the top (see {@link criticalWeightChange}). */
  readonly critical: CriticalChange;
}

type Scorer = (r: DecisionMatrix, w: readonly number[]) => number[];

const SCORERS: Readonly<Record<ScoreMethod, Scorer>> = {
  weightedSum: weightedSumKernel,
  topsis: (r, w) => topsisKernel(r, w).scores,
};

function setup(fn: string, matrix: DecisionMatrix, criteria: readonly Criterion[], o: SensitivityOptions) {
  const method = or(o.method, "weightedSum");
  if (!Object.prototype.hasOwnProperty.call(SCORERS, method)) invalid(fn, "method", '"weightedSum" or "topsis"', method);
  const { cols } = checkMatrix(fn, matrix);
  checkCriteria(fn, criteria, cols);
  const w = checkWeights(
    fn,
    criteria.map((c) => c.weight),
    { normalize: booleanOption(fn, "normalizeWeights", o.normalizeWeights, false), param: (j) => `criteria[${j}].weight` },
  );
  const r = normalizeChecked(fn, matrix, criteria, or(o.normalization, method === "topsis" ? "vector" : "minMax"));
  return { method, w, r, score: SCORERS[method] };
}

/** A Dirichlet(alpha) draw by normalized gammas; zero components stay zero. */
export function dirichlet(u: Rng, alpha: readonly number[]): number[] {
  const g = alpha.map((a) => (a > 0 ? standardGamma(u, a) : 0));
  const s = g.reduce((x, y) => x + y, 0);
  return g.map((x) => x / s);
}

/**
 * The weights after moving weight j by δ and rescaling the others in proportion so they
 * still sum to 1: w'_j = w_j + δ, w'_k = w_k (1 − w_j − δ)/(1 − w_j). When w_j = 1 the
 * others are all zero and share 1 − w'_j equally.
 */
export function shiftWeight(w: readonly number[], j: number, delta: number): number[] {
  const wj = Math.min(1, Math.max(0, w[j] + delta));
  const rest = 1 - w[j];
  const n = w.length;
  return w.map((x, k) => (k === j ? wj : rest > 0 ? (x * (1 - wj)) / rest : (1 - wj) / (n - 1)));
}

/** top's score minus the best other score (≤ 0: top is tied or beaten). */
function gap(scores: readonly number[], top: number): [number, number] {
  let best = -Infinity;
  let who = -1;
  scores.forEach((s, i) => {
    if (i !== top && s > best) {
      best = s;
      who = i;
    }
  });
  return [scores[top] - best, who];
}

interface Candidate {
  j: number;
  delta: number;
  challenger: number;
}

/** Exact search for the weighted sum: each score is linear in δ, so each tie is one division. */
function criticalSaw(r: DecisionMatrix, w: readonly number[], top: number): Candidate | null {
  const n = w.length;
  let best: Candidate | null = null;
  for (let j = 0; j < n; j++) {
    const rest = 1 - w[j];
    // Direction of the weight vector as δ grows: u_j = 1, u_k = −w_k/(1 − w_j).
    const u = w.map((x, k) => (k === j ? 1 : rest > 0 ? -x / rest : -1 / (n - 1)));
    for (let b = 0; b < r.length; b++) {
      if (b === top) continue;
      let g0 = 0;
      let slope = 0;
      for (let k = 0; k < n; k++) {
        const d = r[top][k] - r[b][k];
        g0 += w[k] * d;
        slope += u[k] * d;
      }
      let delta: number;
      if (g0 <= 0) delta = 0;
      else if (slope === 0) continue;
      else delta = -g0 / slope;
      if (w[j] + delta < 0 || w[j] + delta > 1) continue;
      if (best === null || Math.abs(delta) < Math.abs(best.delta)) best = { j, delta, challenger: b };
    }
  }
  return best;
}

/**
 * Grid-and-bisection search for any scorer (TOPSIS is not linear in w): 256 steps from
 * w_j to each end of [0, 1], then 60 bisections on the first step where the top loses.
 * A flip-and-flip-back inside one step (1/256 of the range) can be missed.
 */
export function criticalScan(r: DecisionMatrix, w: readonly number[], top: number, score: Scorer, steps = 256): Candidate | null {
  let best: Candidate | null = null;
  for (let j = 0; j < w.length; j++) {
    for (const sign of [1, -1]) {
      const limit = sign > 0 ? 1 - w[j] : w[j];
      if (!(limit > 0)) continue;
      const at = (t: number) => gap(score(r, shiftWeight(w, j, sign * t)), top);
      let lo = 0;
      let hi = -1;
      for (let s = 0; s <= steps; s++) {
        const t = (limit * s) / steps;
        if (at(t)[0] <= 0) {
          hi = t;
          break;
        }
        lo = t;
      }
      if (hi < 0) continue;
      if (hi > 0) {
        for (let it = 0; it < 60; it++) {
          const mid = 0.5 * (lo + hi);
          if (at(mid)[0] <= 0) hi = mid;
          else lo = mid;
        }
      }
      if (best === null || hi < Math.abs(best.delta)) best = { j, delta: sign * hi, challenger: at(hi)[1] };
    }
  }
  return best;
}

function criticalResult(criteria: readonly Criterion[], w: readonly number[], top: number, c: Candidate | null): CriticalChange {
  if (c === null) {
    return Object.freeze({
      top, flips: false, criterion: -1, criterionName: "", delta: Infinity, relativeDelta: Infinity,
      weights: Object.freeze([]), challenger: -1,
    });
  }
  return Object.freeze({
    top,
    flips: true,
    criterion: c.j,
    criterionName: typeof criteria[c.j].name === "string" ? criteria[c.j].name : "",
    delta: c.delta,
    relativeDelta: w[c.j] > 0 ? c.delta / w[c.j] : c.delta === 0 ? 0 : Infinity,
    weights: Object.freeze(shiftWeight(w, c.j, c.delta)),
    challenger: c.challenger,
  });
}

/**
 * The smallest change δ of a single criterion weight — the others rescaled in proportion,
 * `w'_k = w_k (1 − w_j − δ)/(1 − w_j)` — at which another alternative ties the current top
 * one (Triantaphyllou & Sánchez 1997, absolute-change "most critical criterion").
 *
 * For the weighted sum every score is linear in δ and the tie is found exactly; for TOPSIS
 * by a 256-step scan and bisection on each side of w_j. `flips: false` (δ = Infinity) means
 * no single-weight change within [0, 1] dethrones the top — e.g. it dominates.
 *
 * @param matrix - alternatives × criteria
 * @param criteria - `{ name, benefit, weight }` per column
 * @param opts - `{ method = "weightedSum", normalization, normalizeWeights = false }`
 * @returns `{ top, flips, criterion, criterionName, delta, relativeDelta, weights, challenger }`
 * @throws RangeError on the bad inputs {@link weightedSum} rejects, or an unknown method
 * @example
 * ```ts
 * const c = criticalWeightChange(
 *   [[1, 1], [2, 3]],
 *   [{ name: "latency", benefit: false, weight: 0.6 }, { name: "quality", benefit: true, weight: 0.4 }],
 * );
 * c.criterionName; // "latency"
 * c.delta;         // -0.09999999999999998 (at w = [0.5, 0.5] the two tie)
 * ```
 */
export function criticalWeightChange(matrix: DecisionMatrix, criteria: readonly Criterion[], opts: SensitivityOptions = {}): CriticalChange {
  const fn = "criticalWeightChange";
  const s = setup(fn, matrix, criteria, options<SensitivityOptions>(fn, "options", opts));
  const top = rankingOf(s.score(s.r, s.w))[0];
  const c = s.method === "weightedSum" ? criticalSaw(s.r, s.w, top) : criticalScan(s.r, s.w, top, s.score);
  return criticalResult(criteria, s.w, top, c);
}

/**
 * Probability that each alternative ranks first when the weights are drawn from a
 * Dirichlet distribution centred on the chosen weights, `W ~ Dirichlet(κ·w)` (E[W] = w),
 * estimated from `samples` seeded draws (gamma variates of `rng(seed)`, normalized).
 * Criteria with weight 0 stay at 0. Ties go to the lower index, as in the ranking.
 * The normalized matrix does not depend on the weights, so it is computed once.
 *
 * @param matrix - alternatives × criteria
 * @param criteria - `{ name, benefit, weight }` per column
 * @param opts - `{ method = "weightedSum", normalization, samples = 4000, concentration = 50, seed = 1, normalizeWeights = false }`
 * @returns `{ top, probabilityFirst, standardError, samples, concentration, seed, critical }`
 * @throws RangeError on the bad inputs {@link weightedSum} rejects, a non-positive-integer
 *   `samples` or one above the work limit samples × alternatives × criteria ≤ 1e8, a
 *   non-positive `concentration`, or a seed that is not a safe integer
 * @example
 * ```ts
 * const r = rankRobustness(
 *   [[1, 1], [2, 3]],
 *   [{ name: "latency", benefit: false, weight: 0.55 }, { name: "quality", benefit: true, weight: 0.45 }],
 *   { concentration: 20, samples: 4000, seed: 7 },
 * );
 * r.probabilityFirst; // [0.6855, 0.3145] ± 0.0073 (exact: P(Beta(11, 9) > 1/2) = 0.6762)
 * ```
 */
export function rankRobustness(matrix: DecisionMatrix, criteria: readonly Criterion[], opts: RobustnessOptions = {}): Robustness {
  const fn = "rankRobustness";
  const o = options<RobustnessOptions>(fn, "options", opts);
  const samples = positiveInteger(fn, "samples", or(o.samples, 4000));
  if (Array.isArray(matrix) && Array.isArray(matrix[0])) {
    const cells = matrix.length * matrix[0].length;
    atMost(fn, "samples", samples, Math.max(1, Math.floor(1e8 / cells)), `samples × alternatives × criteria ≤ 1e8 (≈ 30 s), here ${matrix.length} × ${matrix[0].length}`);
  }
  const concentration = positive(fn, "concentration", or(o.concentration, 50));
  const seed = seedValue(fn, "seed", or(o.seed, 1));
  const s = setup(fn, matrix, criteria, o);
  const top = rankingOf(s.score(s.r, s.w))[0];
  const u = makeRng(seed);
  const alpha = s.w.map((x) => concentration * x);
  const wins = new Array<number>(matrix.length).fill(0);
  for (let k = 0; k < samples; k++) {
    const sc = s.score(s.r, dirichlet(u, alpha));
    let bi = 0;
    for (let i = 1; i < sc.length; i++) if (sc[i] > sc[bi]) bi = i;
    wins[bi]++;
  }
  const p = wins.map((x) => x / samples);
  const c = s.method === "weightedSum" ? criticalSaw(s.r, s.w, top) : criticalScan(s.r, s.w, top, s.score);
  return Object.freeze({
    top,
    probabilityFirst: Object.freeze(p),
    standardError: Object.freeze(p.map((x) => Math.sqrt((x * (1 - x)) / samples))),
    samples,
    concentration,
    seed,
    critical: criticalResult(criteria, s.w, top, c),
  });
}
