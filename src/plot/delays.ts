/**
 * Shared pieces of the delay figures: the delay grid in slots, the SNC arrivals of a
 * scenario, and Plotly traces for a bound curve and for simulated frequencies with their
 * confidence intervals.
 *
 * @module
 */

import { paradigms, pipelineLatency, type ParadigmScenario } from "../pipeline/index.js";
import { delayQuantile, pipelineService, poissonArrivals, type ArrivalProcess } from "../snc/index.js";
import { PARADIGM_KEYS } from "../compare/index.js";
import { positive, positiveInteger } from "../util/validate.js";
import { logValue } from "./style.js";
import type { Trace } from "./types.js";

/** Options shared by the delay figures. */
export interface DelayGridOptions {
  /** Largest delay threshold drawn, seconds (default 1.15 × {@link quantileDeadline} at ε = 1e-6). */
  readonly maxDelaySeconds?: number;
  /** Most thresholds on the grid (default 60); the grid is in whole slots. */
  readonly points?: number;
}

/**
 * The delay thresholds T0 (whole slots, strictly increasing) of a scenario's delay figures.
 *
 * @param fn - caller name for error messages
 * @param scenario - the scenario (its Δ and latencies set the scale)
 * @param opts - {@link DelayGridOptions}
 * @returns delays in slots
 * @example
 * ```ts
 * delayGrid("f", paperScenario, { maxDelaySeconds: 1, points: 11 }); // [0, 1, …, 10]
 * ```
 */
export function delayGrid(fn: string, scenario: ParadigmScenario, opts: DelayGridOptions = {}): number[] {
  const maxSec = positive(fn, "maxDelaySeconds", opts.maxDelaySeconds ?? 1.15 * quantileDeadline(scenario, 1e-6));
  const points = positiveInteger(fn, "points", opts.points ?? 60);
  const maxSlots = Math.max(1, Math.ceil(maxSec / scenario.slotSeconds));
  const step = Math.max(1, Math.ceil(maxSlots / Math.max(1, points - 1)));
  const out: number[] = [];
  for (let t = 0; t <= maxSlots; t += step) out.push(t);
  return out;
}

/**
 * A deadline scaled to the scenario: the smallest SNC delay quantile d(ε) (exact sum, in
 * seconds) over the three paradigms — the deadline the best paradigm meets with violation
 * probability ε. When no paradigm is stable in the slotted model, 2 × the smallest mean
 * latency. Figures use it so their interesting range is on screen whatever the scenario.
 *
 * @param scenario - the scenario
 * @param epsilon - violation probability in (0, 1)
 * @returns seconds
 * @example
 * ```ts
 * quantileDeadline(paperScenario, 1e-6); // 13.1 (131 slots of 0.1 s)
 * ```
 */
export function quantileDeadline(scenario: ParadigmScenario, epsilon: number): number {
  const ps = paradigms(scenario.params);
  const arrivals = poissonArrivals(scenario.lambda * scenario.slotSeconds);
  let best = Infinity;
  for (const k of PARADIGM_KEYS) {
    const q = delayQuantile(arrivals, pipelineService(ps[k], { slotSeconds: scenario.slotSeconds }), epsilon);
    if (q.stable && Number.isFinite(q.delaySlots)) best = Math.min(best, q.delaySlots * scenario.slotSeconds);
  }
  if (Number.isFinite(best) && best > 0) return best;
  return 2 * Math.min(...PARADIGM_KEYS.map((k) => pipelineLatency(ps[k]).total));
}

/**
 * Poisson arrivals per slot, λΔ requests (paper (6)).
 *
 * @param scenario - the scenario
 * @returns the SNC arrival process
 * @example
 * ```ts
 * scenarioArrivals(paperScenario).meanPerSlot; // 0.05
 * ```
 */
export function scenarioArrivals(scenario: ParadigmScenario): ArrivalProcess {
  return poissonArrivals(scenario.lambda * scenario.slotSeconds);
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
 * frequencies are left out (they have no place on a log axis; the CSV keeps them).
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
  const keep = est.map((e, i) => (e.value > 0 ? i : -1)).filter((i) => i >= 0);
  return {
    type: "scatter", mode: "markers", name: keep.length > 0 ? name : `${name} — no violation observed`,
    x: keep.map((i) => xs[i]),
    y: keep.map((i) => est[i].value),
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
  return { type: "scatter", mode: "lines", name, x: [...xs], y: ys.map(logValue), line: { color, dash, width: 2, shape: "hv" } };
}
