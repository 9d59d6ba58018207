/**
 * The scenario layer's delay bound as a delay engine for {@link designMetrics} and {@link scoreParadigms}.
 *
 * @module
 */

import { DEFAULT_DELAY_MODEL, DELAY_MODELS, type DelayModel, violationBound, violationQuantile } from "../scenario/index.js";
import { booleanOption, inOpen, invalid, nonNegative, options, positive } from "../util/validate.js";
import type { DelayAssessment, DelayEngine } from "./metrics.js";

/** Options of {@link sncDelayEngine}. */
export interface SncEngineOptions {
  /** Slot length Δ in seconds (required by the `"fluid"` model; the paper's scenario assumes 0.1 s). */
  readonly slotSeconds?: number;
  /** Deadline in seconds for the violation probability P(D > deadline) (default: none). */
  readonly deadline?: number;
  /** ε for the delay quantile d(ε) (default: none). */
  readonly epsilon?: number;
  /** Fluid model only: the paper's floored service forms (7)–(8) (default false: fluid). */
  readonly floor?: boolean;
  /** Fluid model only: bound form "exact" (default) or "paper" ((11)–(12) with the tandem constant). */
  readonly form?: "exact" | "paper";
  /** The delay model (default the scenario layer's `DEFAULT_DELAY_MODEL`). */
  readonly model?: DelayModel;
}

/**
 * A delay engine backed by the scenario layer's delay analyses. In the request model
 * (default) the response time of an atomic request, store-and-forward, FIFO
 * (docs/model.md §9): P(T > deadline) exact or a valid upper bound, and the ε-quantile (or an
 * upper bound on it), in seconds. In the fluid model the slotted SNC bound (paper (6)–(12),
 * docs/model.md §4): Poisson arrivals `λΔ` per slot through the pipeline's stages as a
 * tandem, then the bound at the deadline and/or the quantile at ε. Every assessment carries
 * its `model`.
 *
 * Fluid model: the deadline is evaluated at ⌊deadline/Δ⌋ slots (`deadlineSlots`: the slotted delay is a
 * whole number of slots, so this is P(D > deadline) itself, never a later slot; float noise
 * such as 0.7/0.1 = 6.999… is snapped first). The quantile is reported in seconds, `d(ε)·Δ`.
 * An unstable system gives probability 1 and quantile Infinity (results, not errors).
 *
 * @param opts - {@link SncEngineOptions}; at least one of `deadline`, `epsilon`
 * @returns a {@link DelayEngine}
 * @throws RangeError for a non-positive slot (or none in the fluid model), a negative
 *   deadline, ε outside (0, 1), an unknown form or model, `form`/`floor` in the request
 *   model, or neither deadline nor ε
 * @example
 * ```ts
 * const engine = sncDelayEngine({ slotSeconds: 0.1, deadline: 5, model: "fluid" });
 * const p = paradigms(paperScenario.params).collaborative;
 * designMetrics(p, { lambda: 0.3, delayEngine: engine }).latency.delay;
 * // { model: "fluid", deadline: 5, violationProbability: 0.000714107890… }
 * ```
 */
export function sncDelayEngine(opts: SncEngineOptions): DelayEngine {
  const fn = "sncDelayEngine";
  const o = options<SncEngineOptions>(fn, "options", opts);
  const model = o.model === undefined ? DEFAULT_DELAY_MODEL : o.model;
  if (!DELAY_MODELS.includes(model)) invalid(fn, "model", DELAY_MODELS.map((m) => `"${m}"`).join(" or "), model);
  if (model === "fluid" && o.slotSeconds === undefined) invalid(fn, "slotSeconds", 'a slot length Δ > 0 in seconds (the "fluid" delay model requires it)', undefined);
  const slotSeconds = o.slotSeconds === undefined ? undefined : positive(fn, "slotSeconds", o.slotSeconds);
  const deadline = o.deadline === undefined ? undefined : nonNegative(fn, "deadline", o.deadline);
  const epsilon = o.epsilon === undefined ? undefined : inOpen(fn, "epsilon", o.epsilon, 0, 1);
  if (model === "request") {
    if (o.form !== undefined) invalid(fn, "form", 'omitted in the "request" delay model (it applies to model "fluid")', o.form);
    if (o.floor !== undefined) invalid(fn, "floor", 'omitted in the "request" delay model (it applies to model "fluid")', o.floor);
  }
  const form = o.form === undefined ? "exact" : o.form;
  if (form !== "exact" && form !== "paper") invalid(fn, "form", '"exact" or "paper"', form);
  if (deadline === undefined && epsilon === undefined) invalid(fn, "options", "given a deadline or an epsilon", o);
  const floor = booleanOption(fn, "floor", o.floor, false);
  const analysis = model === "fluid" ? { model, form, floor } : { model };
  return (pipeline, lambda) => {
    const load = slotSeconds === undefined ? { lambda } : { lambda, slotSeconds };
    const out: { -readonly [K in keyof DelayAssessment]: DelayAssessment[K] } = { model };
    if (deadline !== undefined) {
      out.deadline = deadline;
      out.violationProbability = violationBound(pipeline, load, deadline, analysis).probability;
    }
    if (epsilon !== undefined) {
      out.epsilon = epsilon;
      out.delayQuantile = violationQuantile(pipeline, load, epsilon, analysis).seconds;
    }
    return Object.freeze(out);
  };
}
