/**
 * The SNC bound as a delay engine for {@link designMetrics} and {@link scoreParadigms}.
 *
 * @module
 */

import { delayBound, delayQuantile, pipelineService, poissonArrivals } from "../snc/index.js";
import { booleanOption, inOpen, invalid, nonNegative, options, positive } from "../util/validate.js";
import type { DelayAssessment, DelayEngine } from "./metrics.js";

/** Options of {@link sncDelayEngine}. */
export interface SncEngineOptions {
  /** Slot length Δ in seconds (required; the paper's scenario assumes 0.1 s). */
  readonly slotSeconds: number;
  /** Deadline in seconds for the violation probability P(D > deadline) (default: none). */
  readonly deadline?: number;
  /** ε for the delay quantile d(ε) (default: none). */
  readonly epsilon?: number;
  /** Use the paper's floored service forms (7)–(8) (default false: fluid). */
  readonly floor?: boolean;
  /** Bound form: "exact" (default) or "paper" ((11)–(12) with the tandem constant). */
  readonly form?: "exact" | "paper";
}

/**
 * A delay engine backed by the slotted SNC bound (paper (6)–(12), docs/model.md §4): Poisson
 * arrivals `λΔ` per slot through the pipeline's stages as a tandem (`pipelineService`), then
 * `delayBound` at the deadline and/or `delayQuantile` at ε.
 *
 * The deadline is converted to ⌊deadline/Δ⌋ slots: a slotted delay bound at fewer slots is
 * larger, so the reported violation probability stays an upper bound on P(D > deadline)
 * (conservative by up to one slot). The quantile is reported in seconds, `d(ε)·Δ`.
 * An unstable system gives probability 1 and quantile Infinity (results, not errors).
 *
 * @param opts - {@link SncEngineOptions}; at least one of `deadline`, `epsilon`
 * @returns a {@link DelayEngine}
 * @throws RangeError for a non-positive slot, a negative deadline, ε outside (0, 1), an
 *   unknown form, or neither deadline nor ε
 * @example
 * ```ts
 * const engine = sncDelayEngine({ slotSeconds: 0.1, deadline: 5 });
 * // p: the 3-stage split pipeline of designMetrics' example
 * designMetrics(p, { lambda: 0.3, delayEngine: engine }).latency.delay;
 * // { violationProbability: 0.0006811001545730833, deadline: 5 }
 * ```
 */
export function sncDelayEngine(opts: SncEngineOptions): DelayEngine {
  const fn = "sncDelayEngine";
  const o = options<SncEngineOptions>(fn, "options", opts);
  const slot = positive(fn, "slotSeconds", o.slotSeconds);
  const deadline = o.deadline === undefined ? undefined : nonNegative(fn, "deadline", o.deadline);
  const epsilon = o.epsilon === undefined ? undefined : inOpen(fn, "epsilon", o.epsilon, 0, 1);
  const form = o.form === undefined ? "exact" : o.form;
  if (form !== "exact" && form !== "paper") invalid(fn, "form", '"exact" or "paper"', form);
  if (deadline === undefined && epsilon === undefined) invalid(fn, "options", "given a deadline or an epsilon", o);
  const floor = booleanOption(fn, "floor", o.floor, false);
  return (pipeline, lambda) => {
    const arrivals = poissonArrivals(lambda * slot);
    const service = pipelineService(pipeline, { slotSeconds: slot, floor });
    const out: { -readonly [K in keyof DelayAssessment]: DelayAssessment[K] } = {};
    if (deadline !== undefined) {
      out.deadline = deadline;
      out.violationProbability = delayBound(arrivals, service, Math.floor(deadline / slot), { form }).probability;
    }
    if (epsilon !== undefined) {
      out.epsilon = epsilon;
      out.delayQuantile = delayQuantile(arrivals, service, epsilon, { form }).delaySlots * slot;
    }
    return Object.freeze(out);
  };
}
