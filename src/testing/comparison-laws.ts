/**
 * Laws of a paradigm comparison (docs/model.md §5, §6): the paper's conditions (13) and (14)
 * agree with the direct latency comparison, and a design dominated on every criterion is
 * never ranked first.
 *
 * @module
 */

import * as fc from "fast-check";
import {
  type Condition,
  type ParadigmParams,
  collaborativeBeatsEdgeOnly,
  collaborativeBeatsTerminalOnly,
  paradigmLatencies,
} from "../pipeline/paradigms.js";
import { topsis, weightedSum } from "../scores/aggregate.js";
import type { Criterion, DecisionMatrix } from "../scores/types.js";
import { options, show } from "../util/validate.js";
import { arbParadigmParams } from "./arbitraries.js";
import { type Law, lawCheck, num } from "./laws.js";

/** End-to-end mean latencies (s) of the three paradigms. */
export interface ParadigmTotals {
  /** T_split (s). */
  readonly collaborative: number;
  /** T_edge (s). */
  readonly edgeOnly: number;
  /** T_term (s). */
  readonly terminalOnly: number;
}

/** Ranks alternatives: returns indices from best to worst. */
export type Ranker = (matrix: DecisionMatrix, criteria: readonly Criterion[]) => readonly number[];

/** Options of {@link comparisonLaws}. */
export interface ComparisonLawOptions {
  /** Parameter sets to try (default `arbParadigmParams({ range: "wide" })`). */
  readonly params?: fc.Arbitrary<ParadigmParams>;
  /** Mean end-to-end latencies of the three paradigms (default the library's `paradigmLatencies`). */
  readonly latencies?: (p: ParadigmParams) => ParadigmTotals;
  /** Condition (13) (default `collaborativeBeatsEdgeOnly`). */
  readonly beatsEdgeOnly?: (p: ParadigmParams) => Pick<Condition, "holds">;
  /** Condition (14) (default `collaborativeBeatsTerminalOnly`). */
  readonly beatsTerminalOnly?: (p: ParadigmParams) => Pick<Condition, "holds">;
  /** Rankers checked by the dominance law (default weighted sum and TOPSIS, min–max). */
  readonly rankers?: Readonly<Record<string, Ranker>>;
}

const defaultLatencies = (p: ParadigmParams) => {
  const t = paradigmLatencies(p);
  return { collaborative: t.collaborative.total, edgeOnly: t.edgeOnly.total, terminalOnly: t.terminalOnly.total };
};

/** The library's aggregations as rankers. */
export const DEFAULT_RANKERS: Readonly<Record<string, Ranker>> = Object.freeze({
  weightedSum: (m, c) => weightedSum(m, c).ranking,
  topsis: (m, c) => topsis(m, c).ranking,
});

// Sums of quotients round; within a few ulps of a tie the strict inequality may go either way.
const nearTie = (a: number, b: number) => Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));

/**
 * A decision matrix (3–6 alternatives × 2–5 criteria, positive weights summing to 1) in
 * which alternative `dominated` is strictly worse than alternative `dominant` on every
 * criterion.
 */
export function arbDominatedDecision(): fc.Arbitrary<{
  /** Alternatives × criteria values. */
  matrix: number[][];
  /** Criteria with directions and weights summing to 1. */
  criteria: Criterion[];
  /** Row of the dominating alternative. */
  dominant: number;
  /** Row of the alternative it dominates on every criterion. */
  dominated: number;
}> {
  return fc
    .record({ rows: fc.integer({ min: 3, max: 6 }), cols: fc.integer({ min: 2, max: 5 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        values: fc.array(fc.array(fc.double({ min: 50, max: 100, noNaN: true }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
        benefit: fc.array(fc.boolean(), { minLength: cols, maxLength: cols }),
        rawWeights: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: cols, maxLength: cols }),
        gaps: fc.array(fc.double({ min: 0.5, max: 40, noNaN: true }), { minLength: cols, maxLength: cols }),
        pair: fc.tuple(fc.nat({ max: rows - 1 }), fc.nat({ max: rows - 2 })),
      }),
    )
    .map(({ values, benefit, rawWeights, gaps, pair }) => {
      const [dominant, k] = pair;
      const dominated = k >= dominant ? k + 1 : k;
      const total = rawWeights.reduce((a, b) => a + b, 0);
      const criteria = benefit.map((b, j) => ({ name: `c${j}`, benefit: b, weight: rawWeights[j] / total }));
      const matrix = values.map((r) => r.slice());
      // The dominated row is the dominant row moved the wrong way on every criterion.
      matrix[dominated] = matrix[dominant].map((v, j) => (benefit[j] ? v - gaps[j] : v + gaps[j]));
      return { matrix, criteria, dominant, dominated };
    });
}

/**
 * The laws of a paradigm comparison:
 *
 * 1. (13) holds ⇔ `T_split < T_edge` (paper eq. (13), Table 2), except at floating-point
 *    ties (|T_split − T_edge| within 8 ulps);
 * 2. (14) holds ⇔ `T_split < T_term` (eq. (14)), same tie rule;
 * 3. for each ranker, an alternative strictly dominated on every criterion is never
 *    ranked first (Pareto consistency of SAW and TOPSIS; Hwang & Yoon, Multiple Attribute
 *    Decision Making, 1981).
 *
 * @param opts - {@link ComparisonLawOptions}
 * @throws TypeError if a supplied function is not a function
 * @example
 * ```ts
 * (await checkLaws(comparisonLaws())).laws.every((l) => l.holds); // true
 * ```
 */
export function comparisonLaws(opts: ComparisonLawOptions = {}): Law[] {
  const fn = "comparisonLaws";
  const o = options<ComparisonLawOptions>(fn, "opts", opts);
  const fnOr = <T>(name: string, v: T | undefined, d: T): T => {
    if (v !== undefined && typeof v !== "function") throw new TypeError(`${fn}: opts.${name} must be a function, got ${show(v)}`);
    return v ?? d;
  };
  const latencies = fnOr("latencies", o.latencies, defaultLatencies);
  const c13 = fnOr("beatsEdgeOnly", o.beatsEdgeOnly, collaborativeBeatsEdgeOnly);
  const c14 = fnOr("beatsTerminalOnly", o.beatsTerminalOnly, collaborativeBeatsTerminalOnly);
  const params = o.params ?? arbParadigmParams({ range: "wide" });
  const rankers = o.rankers ?? DEFAULT_RANKERS;
  const condition = (name: string, cond: typeof c13, other: "edgeOnly" | "terminalOnly", eq: string): Law => ({
    name,
    property: fc.property(params, (p) => {
      const t = latencies(p);
      const direct = t.collaborative < t[other];
      const holds = cond(p).holds;
      lawCheck(holds === direct || nearTie(t.collaborative, t[other]), () =>
        `${eq} says ${holds} but T_split = ${num(t.collaborative)} s ${direct ? "<" : "≥"} T_${other === "edgeOnly" ? "edge" : "term"} = ${num(t[other])} s`);
      return true;
    }),
  });
  const laws: Law[] = [
    condition("(13) ⇔ T_split < T_edge", c13, "edgeOnly", "(13)"),
    condition("(14) ⇔ T_split < T_term", c14, "terminalOnly", "(14)"),
  ];
  for (const [name, rank] of Object.entries(rankers)) {
    if (typeof rank !== "function") throw new TypeError(`${fn}: opts.rankers.${name} must be a function, got ${show(rank)}`);
    laws.push({
      name: `${name}: a dominated design is never ranked first`,
      property: fc.property(arbDominatedDecision(), ({ matrix, criteria, dominant, dominated }) => {
        const ranking = rank(matrix, criteria);
        lawCheck(ranking[0] !== dominated, () =>
          `${name} ranks alternative ${dominated} first although ${dominant} beats it on every criterion; ranking ${show(ranking)}`);
        return true;
      }),
    });
  }
  return laws;
}
