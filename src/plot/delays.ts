/**
 * Shared pieces of the delay figures: the delay grid in slots and Plotly traces for a bound
 * curve and for simulated frequencies with their confidence intervals.
 *
 * @module
 */

import type { ParadigmScenario } from "../pipeline/index.js";
import { coveringSlots, quantileDeadline, scenarioArrivals } from "../scenario/index.js";
import { atMost, finiteArray, invalid, positive, positiveInteger, probability, requireNumber, show } from "../util/validate.js";
import { asCaller, checkScenario, given, optionsOf } from "./check.js";
import { logValue } from "./style.js";
import type { Trace } from "./types.js";

/** The paper's figures draw the slotted fluid model (docs/model.md §4), whatever the default model. @internal */
export const FLUID = Object.freeze({ model: "fluid" as const });

/** Options shared by the delay figures. */
export interface DelayGridOptions {
  /** Largest delay threshold drawn, seconds (default 1.15 × {@link quantileDeadline} at ε = 1e-6). */
  readonly maxDelaySeconds?: number;
  /** Most thresholds on the grid (default 60, at most 4096: the work limit); the grid is in whole slots. */
  readonly points?: number;
}

/**
 * The delay thresholds T0 (whole slots, strictly increasing) of a scenario's delay figures.
 *
 * @param fn - caller name for error messages
 * @param scenario - the scenario (its Δ and latencies set the scale)
 * @param opts - {@link DelayGridOptions}
 * @returns delays in slots
 * @throws RangeError for `points` not a positive integer ≤ 4096 (one bound per point: the
 *   work limit) or a grid end beyond 2^53 slots
 * @example
 * ```ts
 * delayGrid("f", paperScenario, { maxDelaySeconds: 1, points: 11 }); // [0, 1, …, 10]
 * ```
 */
export function delayGrid(fn: string, scenario: ParadigmScenario, opts: DelayGridOptions = {}): number[] {
  if (typeof fn !== "string" || fn === "") throw new TypeError(`delayGrid: fn must be a non-empty string (the caller's name), got ${show(fn)}`);
  checkScenario(fn, scenario);
  const o = optionsOf<DelayGridOptions>(fn, "opts", opts);
  const points = atMost(fn, "points", positiveInteger(fn, "points", given(o.points, 60)), 4096, "one SNC bound per point");
  const maxSec = positive(fn, "maxDelaySeconds", o.maxDelaySeconds === undefined ? 1.15 * asCaller(fn, () => quantileDeadline(scenario, 1e-6, FLUID)) : o.maxDelaySeconds);
  let maxSlots = 1;
  try {
    maxSlots = Math.max(1, coveringSlots(maxSec, scenario.slotSeconds));
  } catch {
    // Beyond 2^53 slots, which a grid could not step through (t += step would stall or overflow).
    invalid(fn, "maxDelaySeconds", `at most ${Number.MAX_SAFE_INTEGER} slots of ${scenario.slotSeconds} s`, maxSec);
  }
  const step = Math.max(1, Math.ceil(maxSlots / Math.max(1, points - 1)));
  const out: number[] = [];
  for (let t = 0; t <= maxSlots; t += step) out.push(t);
  return out;
}

// The scenario layer's; re-exported here, where they were first published.
export { quantileDeadline, scenarioArrivals };

function traceText(fn: string, name: unknown, color: unknown, style: unknown, styleName: string): void {
  for (const [param, v] of [["name", name], ["color", color], [styleName, style]] as const) {
    if (typeof v !== "string") throw new TypeError(`${fn}: ${param} must be a string, got ${show(v)}`);
  }
}

/** An interval estimate as the simulator reports it. */
export interface IntervalPoint {
  /** Point estimate. */
  readonly value: number;
  /** Lower confidence limit. */
  readonly lower: number;
  /** Upper confidence limit. */
  readonly upper: number;
}

/**
 * Markers with asymmetric error bars for simulated frequencies on a log axis; zero
 * frequencies are left out (they have no place on a log axis; the CSV keeps them). When
 * none is left, the legend entry says "none observed".
 *
 * @param name - legend name
 * @param xs - x values
 * @param est - estimates, one per x
 * @param color - marker colour
 * @param symbol - Plotly marker symbol (default "circle-open"; overlapping series need distinct ones)
 * @returns a scatter trace
 * @example
 * ```ts
 * simulationTrace("sim", [1], [{ value: 0.1, lower: 0.08, upper: 0.12 }], "#000").y; // [0.1]
 * ```
 */
export function simulationTrace(name: string, xs: readonly number[], est: readonly IntervalPoint[], color: string, symbol = "circle-open"): Trace {
  const fn = "simulationTrace";
  traceText(fn, name, color, symbol, "symbol");
  finiteArray(fn, "xs", xs, { minLength: 0 });
  if (!Array.isArray(est) || est.length !== xs.length) throw new TypeError(`${fn}: est must be an array of interval estimates as long as xs (${xs.length}), got ${show(est)}`);
  est.forEach((e: unknown, i) => {
    if (e === null || typeof e !== "object") throw new TypeError(`${fn}: est[${i}] must be { value, lower, upper }, got ${show(e)}`);
    const { value, lower, upper } = e as IntervalPoint;
    probability(fn, `est[${i}].value`, value);
    probability(fn, `est[${i}].lower`, lower);
    probability(fn, `est[${i}].upper`, upper);
    if (!(lower <= value && value <= upper)) invalid(fn, `est[${i}]`, "ordered lower ≤ value ≤ upper", e);
  });
  const keep = est.map((e, i) => (e.value > 0 ? i : -1)).filter((i) => i >= 0);
  return {
    type: "scatter", mode: "markers", name: keep.length > 0 ? name : `${name} — none observed`,
    // Plotly leaves a trace without points out of the legend; one null point keeps the
    // "none observed" entry there and draws nothing.
    x: keep.length > 0 ? keep.map((i) => xs[i]) : [null],
    y: keep.length > 0 ? keep.map((i) => est[i].value) : [null],
    error_y: {
      type: "data", symmetric: false, color, thickness: 1.2, width: 4,
      array: keep.map((i) => est[i].upper - est[i].value),
      // On a log axis a bar reaching 0 is drawn to the bottom; keep the lower limit positive.
      arrayminus: keep.map((i) => est[i].value - Math.max(est[i].lower, est[i].value * 1e-3)),
    },
    marker: { color, size: symbol === "circle-open" ? 11 : 7, symbol, line: { width: 2 } },
  };
}

/**
 * A bound curve as a line (y = null where the bound is vacuous or infinite).
 *
 * @param name - legend name
 * @param xs - x values
 * @param ys - bound values
 * @param color - line colour
 * @param dash - Plotly dash style (default "solid")
 * @returns a scatter trace
 * @example
 * ```ts
 * boundTrace("b", [0, 1], [1, 0.1], "#000").y; // [1, 0.1]
 * ```
 */
export function boundTrace(name: string, xs: readonly number[], ys: readonly number[], color: string, dash = "solid"): Trace {
  const fn = "boundTrace";
  traceText(fn, name, color, dash, "dash");
  finiteArray(fn, "xs", xs, { minLength: 0 });
  if (!Array.isArray(ys) || ys.length !== xs.length) throw new TypeError(`${fn}: ys must be an array of numbers as long as xs (${xs.length}), got ${show(ys)}`);
  // ±Infinity is a legitimate bound value (drawn as a gap); NaN is not.
  ys.forEach((y: unknown, i) => {
    if (Number.isNaN(requireNumber(fn, `ys[${i}]`, y))) invalid(fn, `ys[${i}]`, "a number (not NaN)", y);
  });
  return { type: "scatter", mode: "lines", name, x: [...xs], y: ys.map(logValue), line: { color, dash, width: 2, shape: "hv" } };
}
