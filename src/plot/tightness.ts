/**
 * How tight is the bound? For one paradigm: the exact M/G/1 sojourn tail (Laplace
 * inversion), its simulation (Lindley recursion), the slotted SNC bounds (exact sum, the
 * paper's form (12), the tandem martingale bound of docs/model.md §10) and the slotted
 * model's simulated violation frequency, on one time axis.
 *
 * @module
 */

import { PARADIGM_LABELS, type ParadigmKey } from "../compare/index.js";
import { paradigms, serviceDistribution, type ParadigmScenario } from "../pipeline/index.js";
import { pipelineMg1, simulateDelays, slotsToSeconds, violationBoundCurve } from "../scenario/index.js";
import { simulateMG1 } from "../sim/index.js";
import { invalid, positiveInteger } from "../util/validate.js";
import { boundTrace, delayGrid, FLUID, simulationTrace, type DelayGridOptions } from "./delays.js";
import { baseLayout, legendNames, logValue } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCallerAsync, checkScenario, given, optionsOf } from "./check.js";

/** Options of {@link tightnessFigure}. */
export interface TightnessOptions extends DelayGridOptions {
  /** Paradigm to examine (default "collaborative"). */
  readonly paradigm?: ParadigmKey;
  /** Simulated M/G/1 customers (default 400 000). */
  readonly customers?: number;
  /** Simulated slots of the slotted model (default 400 000). */
  readonly slots?: number;
  /** Seed of both simulations (default 6). */
  readonly seed?: number;
  /** Progress callback, fraction in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Figure: bound versus exact versus simulation. Two systems are drawn, each with its
 * own reference: the M/G/1 queue (the paradigm's pipeline served end to end, one request at
 * a time, paper (3)–(5)) — exact P(T > t) and its simulation; and the slotted tandem
 * (stages pipelined, cut-through, paper (6)–(12)) — the SNC bound P(D > T0) and the
 * simulated virtual-delay frequency. The gap between bound and simulation is the bound's
 * looseness; the gap between the two systems is the value of pipelining the stages.
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link TightnessOptions}
 * @returns a promise of the figure
 * @throws RangeError for an unknown paradigm or invalid options
 * @example
 * ```ts
 * (await tightnessFigure(paperScenario, { customers: 20_000, slots: 20_000 })).id; // "fig-tightness"
 * ```
 */
export async function tightnessFigure(scenario: ParadigmScenario, opts: TightnessOptions = {}): Promise<Figure> {
  return asCallerAsync("tightnessFigure", async () => {
    const fn = "tightnessFigure";
    const o = optionsOf<TightnessOptions>(fn, "opts", opts);
    checkScenario(fn, scenario);
    const key = given(o.paradigm, "collaborative");
    if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(PARADIGM_LABELS, key)) invalid(fn, "paradigm", '"collaborative", "edgeOnly" or "terminalOnly"', key);
    const customers = positiveInteger(fn, "customers", given(o.customers, 400_000));
    const slots = positiveInteger(fn, "slots", given(o.slots, 400_000));
    const seed = given(o.seed, 6); // checked by the simulators (any safe integer)
    const delays = delayGrid(fn, scenario, o);
    const { slotSeconds, lambda } = scenario;
    const xs = delays.map((d) => slotsToSeconds(d, slotSeconds));
    const pipe = paradigms(scenario.params)[key];
    const q = pipelineMg1(pipe, lambda);
    const simEvery = Math.max(1, Math.ceil(delays.length / 12));
    const simDelays = delays.filter((_, i) => i % simEvery === 0);
    const simXs = simDelays.map((d) => slotsToSeconds(d, slotSeconds));
    const report = (base: number) => (f: number) => o.onProgress?.(base + f / 2);
    const mgSim = await simulateMG1({ lambda, service: serviceDistribution(pipe), customers, seed, tails: simXs, quantiles: [], progress: false, onProgress: report(0) });
    const slotted = await simulateDelays(pipe, scenario, { ...FLUID, deadlines: simXs, slots, seed, progress: false, onProgress: report(0.5) });
    const bound = violationBoundCurve(pipe, scenario, xs, FLUID).map((b) => b.probability);
    const paperBound = violationBoundCurve(pipe, scenario, xs, { ...FLUID, form: "paper" }).map((b) => b.probability);
    const martingale = violationBoundCurve(pipe, scenario, xs, { ...FLUID, form: "martingale" }).map((b) => b.probability);
    // The exact tail is smooth in t: draw it on a finer grid than the slots.
    const fine = Array.from({ length: 161 }, (_, i) => (xs[xs.length - 1] * i) / 160);
    const exact = fine.map((t) => (q.stable ? q.sojournTail(t) : 1));
    const rows: (number | string | null)[][] = [];
    fine.forEach((t, i) => rows.push(["M/G/1 exact P(T>t)", t, exact[i], null, null]));
    mgSim.sojournTails.forEach((e) => rows.push(["M/G/1 simulated P(T>t)", e.t, e.value, e.lower, e.upper]));
    xs.forEach((x, i) => rows.push(["slotted SNC bound P(D>t)", x, bound[i], null, null]));
    xs.forEach((x, i) => rows.push(["slotted SNC bound, paper form (12)", x, paperBound[i], null, null]));
    xs.forEach((x, i) => rows.push(["slotted martingale bound (docs/model.md §10)", x, martingale[i], null, null]));
    slotted.endToEnd.forEach((e) => rows.push(["slotted simulated P(D>t)", e.evaluatedSeconds, e.value, e.lower, e.upper]));
    const data: Trace[] = [
      { type: "scatter", mode: "lines", name: "M/G/1: exact P(T > t) (transform inversion)", x: fine, y: exact.map(logValue), line: { color: "#0072B2", width: 2.5 } },
      simulationTrace(`M/G/1: simulated P(T > t), ${customers.toLocaleString("en")} requests (95 % CI)`, simXs, mgSim.sojournTails, "#0072B2"),
      boundTrace("slotted tandem: SNC bound P(D > t), exact sum (10)", xs, bound, "#D55E00"),
      boundTrace("slotted tandem: SNC bound, paper form (12)", xs, paperBound, "#D55E00", "dash"),
      boundTrace("slotted tandem: martingale bound (docs/model.md §10)", xs, martingale, "#D55E00", "dot"),
      simulationTrace(`slotted tandem: simulated P(D > t), ${slots.toLocaleString("en")} slots (95 % CI)`, simXs, slotted.endToEnd, "#D55E00"),
    ];
    const title = `Tightness: bound vs exact M/G/1 tail vs simulation — ${PARADIGM_LABELS[key]}, λ = ${lambda}/s (scenario "${scenario.name}")`;
    const note =
      "Two different models: the M/G/1 queue serves each request end to end, one at a time (blue: exact tail and its simulation); " +
      "the slotted tandem pipelines the stages (orange: SNC bound and its simulation). Compare each bound with its own simulation; " +
      "the SNC bound is not a bound on the M/G/1 tail.";
    return Object.freeze({
      id: "fig-tightness",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: "delay t (s)" }, { title: "P(delay > t)", log: true, range: [-7, 0.1] }, { legend: legendNames(data), note }),
      table: Object.freeze({ columns: ["series", "t_s", "probability", "ci_lower", "ci_upper"], rows }),
    });
  });
}
