/**
 * Output quality as a function of the step split (L_prior, L_dec).
 *
 * @module
 */

import { nonNegativeInteger, options } from "../util/validate.js";

/** A step split: prior steps on the edge, decoding steps on the terminal. */
export interface StepSplit {
  /** L_prior, prior U-Net steps (integer ≥ 0). */
  readonly priorSteps: number;
  /** L_dec, decoding U-Net steps (integer ≥ 0). */
  readonly decoderSteps: number;
}

/** A user-supplied quality model: a step split in, a quality in [0, 1] out (larger is better). */
export type QualityModel = (split: StepSplit) => number;

/**
 * An ILLUSTRATIVE quality model — not data. The seed paper's Fig. 7 plots generation quality
 * against the number of steps, but the data behind it are not available, so this function
 * only has the qualitative shape such curves have: quality rises with either kind of step
 * and saturates.
 *
 * `q = 1 − ½ e^(−L_prior/10) − ½ e^(−L_dec/2)` ∈ [0, 1): each part contributes up to ½; the
 * scales (10 prior steps, 2 decoding steps) are invented to be of the order the paper's
 * scenario uses (L_prior = 20, L_dec = 2). Replace it with a measured model (FID, CLIP score
 * mapped to [0, 1]) for any real decision.
 *
 * @param split - `{ priorSteps, decoderSteps }`, non-negative integers
 * @returns the illustrative quality in [0, 1)
 * @throws RangeError for a negative or non-integer step count
 * @example
 * ```ts
 * illustrativeQuality({ priorSteps: 20, decoderSteps: 2 }); // 0.7483…
 * ```
 */
export function illustrativeQuality(split: StepSplit): number {
  const fn = "illustrativeQuality";
  const s = options<StepSplit>(fn, "split", split);
  const lp = nonNegativeInteger(fn, "split.priorSteps", s.priorSteps);
  const ld = nonNegativeInteger(fn, "split.decoderSteps", s.decoderSteps);
  // expm1 keeps full precision near zero steps, where q is small.
  return -0.5 * Math.expm1(-lp / 10) - 0.5 * Math.expm1(-ld / 2);
}
