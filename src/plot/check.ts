/**
 * Argument checks of the figure builders: a scenario is checked field by field under the
 * builder's name, and errors of the lower layers the builder calls on the caller's own
 * scenario (paradigms, SNC, M/G/1, simulation, scores) are rethrown under the builder's name.
 *
 * @module
 */

import { paradigms, type ParadigmScenario, type Paradigms } from "../pipeline/index.js";
import { checkLoad } from "../scenario/delay.js";
import { asCaller as relabel, asCallerAsync as relabelAsync, finite, show } from "../util/validate.js";

// The lower-layer entry points a builder calls with (parts of) the caller's scenario.
const CALLEES =
  /^(paradigms|pipelineLatency|serviceDistribution|rayleighLink|poissonArrivals|pipelineService|delayBound|delayBoundCurve|delayQuantile|mg1|simulateMG1|simulateSlotted|scoreParadigms|illustrativeQuality|quantileDeadline|deadlineSlots|scenarioArrivals|scenarioService|pipelineMg1|meanLatency|violationBound|violationBoundCurve|violationQuantile|simulateDelays|paradigmMg1|paradigmMeanLatencies|paradigmViolations|paradigmQuantiles|regionWinners|slotsToSeconds): /;

/**
 * Runs `f`; a RangeError/TypeError of a lower-layer entry point is rethrown under `fn`
 * with the same type and text (the argument at fault is the caller's).
 *
 * @internal
 */
export const asCaller = <T>(fn: string, f: () => T): T => relabel(fn, f, CALLEES);

/** Async form of {@link asCaller}. @internal */
export const asCallerAsync = <T>(fn: string, f: () => Promise<T>): Promise<T> => relabelAsync(fn, f, CALLEES);

// A plain options object (undefined → {}): util/validate's `options`, under the name the figure builders use.
export { options as optionsOf } from "../util/validate.js";

export { given } from "../util/validate.js";

/** A string argument. @internal */
export function text(fn: string, param: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`${fn}: ${param} must be a string, got ${show(value)}`);
  return value;
}

/**
 * Checks the scenario fields a builder reads — name, λ ≥ 0, Δ > 0, λΔ finite, the
 * paradigm parameters, and (with `link`) the downlink spec's path loss — and returns the
 * paradigms.
 *
 * @internal
 */
export function checkScenario(fn: string, scenario: unknown, { link = false } = {}): Paradigms {
  if (scenario === null || typeof scenario !== "object" || Array.isArray(scenario)) {
    throw new TypeError(`${fn}: scenario must be a paradigm scenario object, got ${show(scenario)}`);
  }
  const s = scenario as ParadigmScenario;
  text(fn, "scenario.name", s.name);
  checkLoad(fn, s, "scenario.");
  if (link) {
    if (s.linkSpec === null || typeof s.linkSpec !== "object") throw new TypeError(`${fn}: scenario.linkSpec must be a link spec object, got ${show(s.linkSpec)}`);
    finite(fn, "scenario.linkSpec.pathLossDb", s.linkSpec.pathLossDb);
  }
  return asCaller(fn, () => paradigms(s.params));
}

/** An optional `[lo, hi]` pair of numbers (undefined passes through). @internal */
export function pair(fn: string, param: string, value: unknown): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`${fn}: ${param} must be a [low, high] pair of numbers, got ${show(value)}`);
  return [finite(fn, `${param}[0]`, value[0]), finite(fn, `${param}[1]`, value[1])];
}
