/**
 * The one home of "what a request's service time at this stage is" in the request-level
 * model (docs/model.md §9.1). The simulator (`simulateRequests`) samples through it and
 * the request-level bounds read it; the paper's formulas keep `stageDistribution`
 * (`J/E[R]` for a transfer), which this deliberately is not.
 *
 * @module
 */

import { type RayleighTransferLink, rayleighTransferTime } from "../channel/transfer.js";
import { deterministic } from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { options, positive, show } from "../util/validate.js";
import { checkStage } from "./check.js";
import { computeTime, transferTime } from "./stage-time.js";
import type { Pipeline, Stage } from "./types.js";

/** Options of {@link requestServiceLaw}. */
export interface RequestServiceOptions {
  /** Coherence interval τ_c (seconds, > 0) of Rayleigh transfers, overriding the link's own (default 0.01 s). */
  readonly coherenceSeconds?: number;
}

/**
 * A request's service-time law at one stage (docs/model.md §9.1), in seconds:
 * - the stage's attached `distribution`, when it has one;
 * - a compute stage: the constant `flops / flopsPerSecond`;
 * - a transfer over a Rayleigh link (`link.kind === "rayleigh"`): the fade-by-fade transfer
 *   time of `bits` ({@link rayleighTransferTime}: per coherence interval τ_c the link serves
 *   `(1 − ξ)Bτ_c·log2(1 + γ̄h)` bits, h ~ Exp(1) i.i.d.), with τ_c from `opts`, else the link's;
 * - a transfer over any other link (constant rate): the constant `bits / effectiveRate`.
 *
 * Not the paper's `stageDistribution`, which puts `J/E[R]` (the ergodic approximation) on a
 * Rayleigh transfer: the request-level model sees the fading.
 *
 * @param stage - a compute or transfer stage
 * @param opts - coherenceSeconds (> 0) for Rayleigh transfers
 * @returns a frozen {@link Distribution}
 * @throws TypeError / RangeError naming `stage` or its offending field for a malformed
 *   stage, `opts.coherenceSeconds` when it is not a finite number > 0, `stage.link` for a
 *   Rayleigh link lacking its parameters, or the transfer limits of `rayleighTransferTime`
 *   (more than 1000 mean coherence intervals), and an overflowing constant time
 * @example
 * ```ts
 * const { collaborative } = paradigms(paperScenario.params);
 * requestServiceLaw(collaborative.stages[0]).mean; // 0.9026 (edge compute O/f, deterministic)
 * requestServiceLaw(collaborative.stages[1]).kind; // "rayleighTransfer"
 * ```
 */
export function requestServiceLaw(stage: Stage, opts?: RequestServiceOptions): Distribution {
  const fn = "requestServiceLaw";
  const s = checkStage(fn, "stage", stage);
  const o = options<RequestServiceOptions>(fn, "opts", opts);
  const coherenceSeconds = o.coherenceSeconds === undefined ? undefined : positive(fn, "opts.coherenceSeconds", o.coherenceSeconds);
  if (s.distribution) return s.distribution;
  if (s.kind === "compute") return constant(fn, computeTime(s.flops, s.flopsPerSecond), "stage.flops/stage.flopsPerSecond", s.flops, s.flopsPerSecond);
  if (s.link.kind === "rayleigh") {
    return rayleighTransferTime(s.link as unknown as RayleighTransferLink, s.bits, coherenceSeconds === undefined ? undefined : { coherenceSeconds });
  }
  return constant(fn, transferTime(s.bits, s.link.effectiveRate), "stage.bits/stage.link.effectiveRate", s.bits, s.link.effectiveRate);
}

function constant(fn: string, t: number, what: string, num: number, den: number): Distribution {
  // Finite fields can overflow here (1e308 FLOPs at 1e-300 FLOP/s): a constant service of
  // ∞ seconds has no law, so the stage is named rather than failing inside deterministic.
  if (!Number.isFinite(t)) throw new RangeError(`${fn}: ${what} must be finite (it overflows), got ${show(num)}/${show(den)}`);
  return deterministic(t);
}

/**
 * Every stage's {@link requestServiceLaw} for the analysis `fn` (the simulator, the bounds),
 * on a pipeline it has checked: a stage whose law cannot be built — a Rayleigh transfer
 * beyond `rayleighTransferTime`'s work limit, a constant time that overflows — is named as
 * `pipeline.stages[i]`, with the law's own message. Internal: not re-exported.
 */
export function requestServiceLaws(fn: string, p: Pipeline, coherenceSeconds?: number): Distribution[] {
  const opts = coherenceSeconds === undefined ? {} : { coherenceSeconds };
  return p.stages.map((s, i) => {
    try {
      return requestServiceLaw(s, opts);
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
      const E = e instanceof RangeError ? RangeError : TypeError;
      throw new E(`${fn}: pipeline.stages[${i}] must have a request service-time law (${e.message})`, { cause: e });
    }
  });
}
