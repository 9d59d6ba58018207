/**
 * Laws of a tail bound `P̄(D > T0)` as a function of the deadline and the load
 * (docs/model.md §4, §7): it is a probability, non-increasing in the deadline, non-decreasing
 * in the load, and never below what a seeded simulation observes.
 *
 * @module
 */

import * as fc from "fast-check";
import { atMost, finite, invalid, options, positiveInteger, show } from "../util/validate.js";
import { type Law, lawCheck, num } from "./laws.js";

/** A simulated frequency with its confidence interval (the `Estimate` shape of `edgecalc/sim`). */
export interface SimulatedFrequency {
  /** Point estimate of the violation frequency. */
  readonly value: number;
  /** Lower confidence limit. */
  readonly lower: number;
  /** Upper confidence limit. */
  readonly upper: number;
}

/** Options of {@link boundLaws}. */
export interface BoundLawOptions {
  /** The bound: `(deadline, load) → P̄(D > deadline)` at that load (any units the caller uses). */
  readonly bound: (deadline: number, load: number) => number;
  /** Deadline range [min, max] explored by the properties (e.g. slots [0, 200]). */
  readonly deadlines: readonly [number, number];
  /** Load range [min, max] (e.g. λ or ρ); the bound must be non-decreasing along it. */
  readonly loads: readonly [number, number];
  /** Round deadlines to integers (slotted bounds take whole slots; default false). */
  readonly integerDeadlines?: boolean;
  /**
   * A seeded simulation of the same system: `(deadline, load, seed) → P(D > deadline)`
   * estimate with its confidence interval. Omit to skip the simulation law.
   */
  readonly simulate?: (deadline: number, load: number, seed: number) => SimulatedFrequency | Promise<SimulatedFrequency>;
  /** Simulation runs (points) for the simulation law (default 3: simulations are expensive). */
  readonly simulationRuns?: number;
  /**
   * Which simulated quantity the bound must not fall below: "upper" (default, docs/model.md §7:
   * a bound lies above the upper confidence limit) or "lower" (for an exact formula, which
   * can only be asked to lie inside or above the interval).
   */
  readonly against?: "upper" | "lower";
  /** Relative slack for the monotonicity laws, for rounding in the bound (default 1e-9). */
  readonly tolerance?: number;
}

/**
 * The laws of a bound (run them with `checkLaws`/`assertLaws`):
 *
 * 1. `0 ≤ P̄(T0) ≤ 1` and never NaN;
 * 2. `P̄` non-increasing in the deadline: `T1 ≤ T2 ⇒ P̄(T2) ≤ P̄(T1)`;
 * 3. `P̄` non-decreasing in the load: `λ1 ≤ λ2 ⇒ P̄(T0; λ1) ≤ P̄(T0; λ2)`;
 * 4. (with `simulate`) `P̄(T0) ≥` the simulation's upper (or lower) confidence limit.
 *
 * Source: docs/model.md §4 (P̄ non-increasing in T0 is what makes the delay quantile a
 * bisection) and §7 (the bound lies above the simulated frequency in every configuration).
 *
 * @param opts - {@link BoundLawOptions}
 * @throws TypeError if `bound` (or `simulate`) is not a function; RangeError for an empty
 *   or non-finite range, or `simulationRuns` above 1000 (the work limit)
 * @example
 * ```ts
 * // M/M/1 waiting-time tail ρe^{−(μ−λ)t} (μ = 1) as a "bound" in (t, λ)
 * const laws = boundLaws({ bound: (t, l) => l * Math.exp(-(1 - l) * t), deadlines: [0, 50], loads: [0.1, 0.9] });
 * (await checkLaws(laws)).laws.every((l) => l.holds); // true
 * ```
 */
export function boundLaws(opts: BoundLawOptions): Law[] {
  const fn = "boundLaws";
  const o = options<BoundLawOptions>(fn, "opts", opts);
  if (typeof o.bound !== "function") throw new TypeError(`${fn}: opts.bound must be a function (deadline, load) => number, got ${show(o.bound)}`);
  const [d0, d1] = checkRange(fn, "opts.deadlines", o.deadlines);
  const [l0, l1] = checkRange(fn, "opts.loads", o.loads);
  const tol = o.tolerance ?? 1e-9;
  if (!(tol >= 0 && Number.isFinite(tol))) invalid(fn, "opts.tolerance", "a finite number ≥ 0", tol);
  const against = o.against ?? "upper";
  if (against !== "upper" && against !== "lower") invalid(fn, "opts.against", `"upper" or "lower"`, against);
  const deadline = o.integerDeadlines
    ? fc.integer({ min: Math.ceil(d0), max: Math.floor(d1) })
    : fc.double({ min: d0, max: d1, noNaN: true });
  const load = fc.double({ min: l0, max: l1, noNaN: true });
  const evalBound = (t: number, l: number) => {
    const p = o.bound(t, l);
    lawCheck(typeof p === "number" && p >= 0 && p <= 1, () => `bound(${num(t)}, ${num(l)}) = ${show(p)}, expected a probability in [0, 1]`);
    return p;
  };
  const laws: Law[] = [
    { name: "bound is a probability in [0, 1]", property: fc.property(deadline, load, (t, l) => (evalBound(t, l), true)) },
    {
      name: "bound is non-increasing in the deadline",
      property: fc.property(deadline, deadline, load, (a, b, l) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const p1 = evalBound(t1, l);
        const p2 = evalBound(t2, l);
        lawCheck(p2 <= p1 * (1 + tol) + Number.MIN_VALUE, () =>
          `bound(${num(t2)}, ${num(l)}) = ${num(p2)} > bound(${num(t1)}, ${num(l)}) = ${num(p1)} (relative slack ${tol})`);
        return true;
      }),
    },
    {
      name: "bound is non-decreasing in the load",
      property: fc.property(deadline, load, load, (t, a, b) => {
        const [la, lb] = a <= b ? [a, b] : [b, a];
        const p1 = evalBound(t, la);
        const p2 = evalBound(t, lb);
        lawCheck(p1 <= p2 * (1 + tol) + Number.MIN_VALUE, () =>
          `bound(${num(t)}, ${num(la)}) = ${num(p1)} > bound(${num(t)}, ${num(lb)}) = ${num(p2)} (relative slack ${tol})`);
        return true;
      }),
    },
  ];
  if (o.simulate !== undefined) {
    if (typeof o.simulate !== "function") throw new TypeError(`${fn}: opts.simulate must be a function, got ${show(o.simulate)}`);
    const simulate = o.simulate;
    const runs = atMost(fn, "opts.simulationRuns", positiveInteger(fn, "opts.simulationRuns", o.simulationRuns ?? 3), 1000, "one simulation per run");
    laws.push({
      name: `bound ≥ the simulation's ${against} confidence limit`,
      numRuns: runs,
      property: fc.asyncProperty(deadline, load, fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (t, l, seed) => {
        const p = evalBound(t, l);
        const est = await simulate(t, l, seed);
        const limit = against === "upper" ? est.upper : est.lower;
        lawCheck(p >= limit, () =>
          `bound(${num(t)}, ${num(l)}) = ${num(p)} < simulated ${against} limit ${num(limit)} (estimate ${num(est.value)}, interval [${num(est.lower)}, ${num(est.upper)}], seed ${seed})`);
        return true;
      }),
    });
  }
  return laws;
}

function checkRange(fn: string, param: string, r: unknown): [number, number] {
  if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`${fn}: ${param} must be a [min, max] pair, got ${show(r)}`);
  const a = finite(fn, `${param}[0]`, r[0]);
  const b = finite(fn, `${param}[1]`, r[1]);
  if (b < a) invalid(fn, `${param}[1]`, `≥ ${param}[0] (${a})`, b);
  return [a, b];
}
