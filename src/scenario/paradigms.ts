/**
 * The per-paradigm questions of a scenario — the three pipelines of Table 2 under the
 * scenario's load: mean latency, M/G/1, the violation bound at a deadline, the delay
 * quantile at ε, and a deadline scaled to the scenario.
 *
 * @module
 */

import { PARADIGM_KEYS, paradigms, type ParadigmKey, type ParadigmParams } from "../pipeline/paradigms.js";
import type { Pipeline } from "../pipeline/types.js";
import type { QueueMetrics } from "../queueing/types.js";
import { asCaller, inOpen, nonNegative, show } from "../util/validate.js";
import {
  checkLoad,
  delayModelOption,
  type DelayModel,
  type DelayOptions,
  meanLatency,
  pipelineMg1,
  type QuantileOf,
  type ScenarioLoad,
  type ViolationOf,
  violationBound,
  violationQuantile,
} from "./delay.js";

/** What the per-paradigm analyses need of a scenario: its paradigm parameters and load. A `ParadigmScenario` qualifies. */
export interface ParadigmLoad extends ScenarioLoad {
  /** Parameters for `paradigms`. */
  readonly params: ParadigmParams;
}

/** One value per paradigm. */
export type PerParadigm<T> = Readonly<Record<ParadigmKey, T>>;

function pipelinesOf(fn: string, scenario: unknown): Readonly<Record<ParadigmKey, Pipeline>> {
  if (scenario === null || typeof scenario !== "object" || Array.isArray(scenario)) {
    throw new TypeError(`${fn}: scenario must be a scenario object with params, lambda and slotSeconds, got ${show(scenario)}`);
  }
  const params = (scenario as ParadigmLoad).params;
  return asCaller(fn, () => paradigms(params));
}

/**
 * `f` applied to each of the scenario's three paradigm pipelines, in `PARADIGM_KEYS` order.
 *
 * @param scenario - a scenario with `params` (its load is not read)
 * @param f - the analysis of one pipeline
 * @returns `{ collaborative, edgeOnly, terminalOnly }`, frozen
 * @throws TypeError/RangeError naming `perParadigm` for invalid paradigm parameters
 * @example
 * ```ts
 * perParadigm(paperScenario, (p) => p.stages.length); // { collaborative: 3, edgeOnly: 2, terminalOnly: 1 }
 * ```
 */
export function perParadigm<T>(scenario: Pick<ParadigmLoad, "params">, f: (pipeline: Pipeline, key: ParadigmKey) => T): PerParadigm<T> {
  if (typeof f !== "function") throw new TypeError(`perParadigm: f must be a function of a pipeline, got ${show(f)}`);
  const ps = pipelinesOf("perParadigm", scenario);
  const out = {} as Record<ParadigmKey, T>;
  for (const k of PARADIGM_KEYS) out[k] = f(ps[k], k);
  return Object.freeze(out);
}

/**
 * Each paradigm's mean latency, seconds (Table 2).
 *
 * @param scenario - a scenario with `params`
 * @returns seconds per paradigm
 * @throws TypeError/RangeError naming the parameter for invalid paradigm parameters
 * @example
 * ```ts
 * paradigmMeanLatencies(paperScenario).collaborative; // ≈ 1.073
 * ```
 */
export function paradigmMeanLatencies(scenario: Pick<ParadigmLoad, "params">): PerParadigm<number> {
  const ps = pipelinesOf("paradigmMeanLatencies", scenario);
  return perKey((k) => meanLatency(ps[k]));
}

/**
 * Each paradigm as one M/G/1 queue at the scenario's λ (docs/model.md §3).
 *
 * @param scenario - a scenario with `params` and `lambda`
 * @returns the queue metrics per paradigm (an unstable one is `stable: false`)
 * @throws TypeError/RangeError naming the parameter
 * @example
 * ```ts
 * paradigmMg1(paperScenario).terminalOnly.stable; // false (ρ = 1.2)
 * ```
 */
export function paradigmMg1(scenario: Pick<ParadigmLoad, "params" | "lambda">): PerParadigm<QueueMetrics> {
  const fn = "paradigmMg1";
  const ps = pipelinesOf(fn, scenario);
  const lambda = nonNegative(fn, "scenario.lambda", scenario.lambda);
  return perKey((k) => asCaller(fn, () => pipelineMg1(ps[k], lambda)));
}

/**
 * Each paradigm's violation bound at a deadline of d seconds ({@link violationBound}).
 *
 * @param scenario - a scenario (params, λ; Δ for the fluid model)
 * @param deadlineSeconds - d ≥ 0, seconds
 * @param opts - {@link DelayOptions}
 * @returns the bound per paradigm
 * @throws TypeError/RangeError naming the parameter
 * @example
 * ```ts
 * paradigmViolations(paperScenario, 6).collaborative.probability; // 0.000271… (request model)
 * paradigmViolations(paperScenario, 6, { model: "fluid" }).collaborative.probability; // 0.0333…
 * ```
 */
export function paradigmViolations<M extends DelayModel | undefined = undefined>(
  scenario: ParadigmLoad,
  deadlineSeconds: number,
  opts: DelayOptions & { readonly model?: M } = {},
): PerParadigm<ViolationOf<M>> {
  const fn = "paradigmViolations";
  const ps = pipelinesOf(fn, scenario);
  checkLoad(fn, scenario, "scenario.", delayModelOption(fn, opts?.model));
  return perKey((k) => asCaller(fn, () => violationBound(ps[k], scenario, deadlineSeconds, opts)));
}

/**
 * Each paradigm's delay quantile at ε ({@link violationQuantile}).
 *
 * @param scenario - a scenario (params, λ; Δ for the fluid model)
 * @param epsilon - ε in (0, 1)
 * @param opts - {@link DelayOptions}
 * @returns the quantile per paradigm
 * @throws TypeError/RangeError naming the parameter
 * @example
 * ```ts
 * paradigmQuantiles(paperScenario, 1e-3).collaborative.seconds; // ≈ 5.1645 (request model)
 * paradigmQuantiles(paperScenario, 1e-3, { model: "fluid" }).collaborative.seconds; // 8.4
 * ```
 */
export function paradigmQuantiles<M extends DelayModel | undefined = undefined>(
  scenario: ParadigmLoad,
  epsilon: number,
  opts: DelayOptions & { readonly model?: M } = {},
): PerParadigm<QuantileOf<M>> {
  const fn = "paradigmQuantiles";
  const ps = pipelinesOf(fn, scenario);
  checkLoad(fn, scenario, "scenario.", delayModelOption(fn, opts?.model));
  return perKey((k) => asCaller(fn, () => violationQuantile(ps[k], scenario, epsilon, opts)));
}

/**
 * A deadline scaled to the scenario: the smallest delay quantile at ε over the three
 * paradigms — the deadline the best paradigm meets with violation probability ε. When no
 * paradigm is stable in the delay model (or every quantile is 0), twice the smallest mean
 * latency. Figures and the command line use it so their range suits any scenario.
 *
 * @param scenario - a scenario (params, λ; Δ for the fluid model)
 * @param epsilon - ε in (0, 1)
 * @param opts - {@link DelayOptions}
 * @returns seconds
 * @throws TypeError/RangeError naming `quantileDeadline` and the parameter
 * @example
 * ```ts
 * quantileDeadline(paperScenario, 1e-6); // ≈ 9.5551 (request model)
 * quantileDeadline(paperScenario, 1e-6, { model: "fluid" }); // 13.100000000000001 (131 slots of 0.1 s)
 * ```
 */
export function quantileDeadline(scenario: ParadigmLoad, epsilon: number, opts: DelayOptions = {}): number {
  const fn = "quantileDeadline";
  const ps = pipelinesOf(fn, scenario);
  checkLoad(fn, scenario, "scenario.", delayModelOption(fn, opts?.model));
  inOpen(fn, "epsilon", epsilon, 0, 1);
  let best = Infinity;
  for (const k of PARADIGM_KEYS) {
    const q = asCaller(fn, () => violationQuantile(ps[k], scenario, epsilon, opts));
    if (q.stable && Number.isFinite(q.seconds)) best = Math.min(best, q.seconds);
  }
  if (Number.isFinite(best) && best > 0) return best;
  return 2 * Math.min(...PARADIGM_KEYS.map((k) => meanLatency(ps[k])));
}

function perKey<T>(f: (k: ParadigmKey) => T): PerParadigm<T> {
  const out = {} as Record<ParadigmKey, T>;
  for (const k of PARADIGM_KEYS) out[k] = f(k);
  return Object.freeze(out);
}
