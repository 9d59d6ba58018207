/**
 * The two delay models and the M/G/1 queue side by side, for one paradigm of a scenario:
 * the paper's fluid virtual delay D (slotted, cut-through stages, docs/model.md §4), the
 * request-level response time T (atomic requests, store-and-forward, FIFO, docs/model.md
 * §9), and the whole pipeline as one M/G/1 server (docs/model.md §3) — each model's CCDF
 * with its own reference: the two bounds with their seeded simulations, the M/G/1 exact tail.
 *
 * @module
 */

import { PARADIGM_LABELS, type ParadigmKey } from "../compare/index.js";
import { paradigms, type ParadigmScenario } from "../pipeline/index.js";
import { pipelineMg1, simulateDelays, slotsToSeconds, violationBoundCurve } from "../scenario/index.js";
import { invalid, positiveInteger } from "../util/validate.js";
import { boundTrace, delayGrid, FLUID, simulationTrace, type DelayGridOptions } from "./delays.js";
import { baseLayout, legendNames, logValue } from "./style.js";
import type { Figure, Trace } from "./types.js";
import { asCallerAsync, checkScenario, given, optionsOf } from "./check.js";

/** Options of {@link delayModelsFigure}. */
export interface DelayModelsOptions extends DelayGridOptions {
  /** Paradigm to examine (default "collaborative"). */
  readonly paradigm?: ParadigmKey;
  /** Simulated requests of the request model (default 1 000 000). */
  readonly requests?: number;
  /** Simulated slots of the fluid model (default 400 000). */
  readonly slots?: number;
  /** Seed of both simulations (default 9). */
  readonly seed?: number;
  /** Progress callback, fraction in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

const COLORS = Object.freeze({ fluid: "#D55E00", request: "#009E73", mg1: "#0072B2" });

/**
 * Figure: for one paradigm at the scenario's λ, P(delay > t) in three models, each labelled
 * with its model — the fluid virtual delay D (its SNC bound, exact sum (10), and its slotted
 * simulation), the request-level response time T (its exact value or valid bound, and
 * `simulateRequests` with 95 % intervals), and the whole-pipeline M/G/1 sojourn (exact tail,
 * transform inversion). The models answer different questions: compare each bound with its
 * own simulation; the gap between the curves is the gap between the models.
 *
 * Cost: one response-time analysis, the fluid bound on the delay grid, and two seeded
 * simulations (defaults: a few seconds together).
 *
 * @param scenario - a paradigm scenario
 * @param opts - {@link DelayModelsOptions}
 * @returns a promise of the figure
 * @throws RangeError for an unknown paradigm or invalid options (the promise rejects)
 * @example
 * ```ts
 * const fig = await delayModelsFigure(paperScenario, { requests: 50_000, slots: 20_000 });
 * fig.id; // "fig-delay-models"
 * ```
 */
export async function delayModelsFigure(scenario: ParadigmScenario, opts: DelayModelsOptions = {}): Promise<Figure> {
  return asCallerAsync("delayModelsFigure", async () => {
    const fn = "delayModelsFigure";
    const o = optionsOf<DelayModelsOptions>(fn, "opts", opts);
    checkScenario(fn, scenario);
    const key = given(o.paradigm, "collaborative");
    if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(PARADIGM_LABELS, key)) invalid(fn, "paradigm", '"collaborative", "edgeOnly" or "terminalOnly"', key);
    const requests = positiveInteger(fn, "requests", given(o.requests, 1_000_000));
    const slots = positiveInteger(fn, "slots", given(o.slots, 400_000));
    const seed = given(o.seed, 9); // checked by the simulators (any safe integer)
    const delays = delayGrid(fn, scenario, o);
    const xs = delays.map((d) => slotsToSeconds(d, scenario.slotSeconds));
    const pipe = paradigms(scenario.params)[key];
    const simEvery = Math.max(1, Math.ceil(delays.length / 12));
    const simXs = delays.filter((_, i) => i % simEvery === 0).map((d) => slotsToSeconds(d, scenario.slotSeconds));
    const report = (base: number) => (f: number) => o.onProgress?.(base + f / 2);
    const fluidSim = await simulateDelays(pipe, scenario, { ...FLUID, deadlines: simXs, slots, seed, progress: false, onProgress: report(0) });
    const requestSim = await simulateDelays(pipe, scenario, { model: "request", deadlines: simXs, requests, seed, progress: false, onProgress: report(0.5) });
    const fluidBound = violationBoundCurve(pipe, scenario, xs, FLUID).map((b) => b.probability);
    const requestValues = violationBoundCurve(pipe, scenario, xs, { model: "request" });
    const requestBound = requestValues.map((b) => b.probability);
    const exactRequest = requestValues.length > 0 && requestValues.every((b) => b.exact);
    const method = requestValues.length > 0 ? requestValues[requestValues.length - 1].method : "none";
    const q = pipelineMg1(pipe, scenario.lambda);
    // The M/G/1 tail is smooth in t: a finer grid than the slots.
    const fine = Array.from({ length: 161 }, (_, i) => (xs[xs.length - 1] * i) / 160);
    const mg1Tail = fine.map((t) => (q.stable ? q.sojournTail(t) : 1));

    const requestLabel = exactRequest ? "request model: exact P(T > t)" : `request model: bound on P(T > t) (${method})`;
    const rows: (number | string | null)[][] = [];
    xs.forEach((x, i) => rows.push(["fluid", "SNC bound P(D>t), exact sum (10)", x, fluidBound[i], null, null]));
    fluidSim.endToEnd.forEach((e) => rows.push(["fluid", "simulated P(D>t)", e.evaluatedSeconds, e.value, e.lower, e.upper]));
    xs.forEach((x, i) => rows.push(["request", exactRequest ? "exact P(T>t)" : "bound P(T>t)", x, requestBound[i], null, null]));
    requestSim.endToEnd.forEach((e) => rows.push(["request", "simulated P(T>t)", e.evaluatedSeconds, e.value, e.lower, e.upper]));
    fine.forEach((t, i) => rows.push(["mg1", "exact P(sojourn>t)", t, mg1Tail[i], null, null]));

    const data: Trace[] = [
      boundTrace("fluid model: SNC bound P(D > t), exact sum (10)", xs, fluidBound, COLORS.fluid),
      simulationTrace(`fluid model: simulated P(D > t), ${slots.toLocaleString("en")} slots (95 % CI)`, simXs, fluidSim.endToEnd, COLORS.fluid),
      boundTrace(requestLabel, xs, requestBound, COLORS.request),
      simulationTrace(`request model: simulated P(T > t), ${requests.toLocaleString("en")} requests (95 % CI)`, simXs, requestSim.endToEnd, COLORS.request, "diamond-open"),
      { type: "scatter", mode: "lines", name: "M/G/1 whole pipeline: exact P(sojourn > t)", x: fine, y: mg1Tail.map(logValue), line: { color: COLORS.mg1, width: 2, dash: "dash" } },
    ];
    const title = `Two delay models and the M/G/1 queue — ${PARADIGM_LABELS[key]}, λ = ${scenario.lambda}/s (scenario "${scenario.name}")`;
    const note =
      "Fluid (orange): the paper's virtual delay of fluid work at slot boundaries, stages cut-through. Request (green): the response time of an atomic request, " +
      "store-and-forward, FIFO at each resource. M/G/1 (blue, dashed): the whole pipeline as one server, one request at a time. Each bound is checked against its own simulation.";
    return Object.freeze({
      id: "fig-delay-models",
      title,
      data: Object.freeze(data),
      layout: baseLayout(title, { title: "delay t (s)" }, { title: "P(delay > t)", log: true, range: [-7, 0.1] }, { legend: legendNames(data), note }),
      table: Object.freeze({ columns: ["model", "series", "t_s", "probability", "ci_lower", "ci_upper"], rows }),
    });
  });
}
