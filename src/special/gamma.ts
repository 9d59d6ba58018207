/**
 * The gamma function in log space: ln Γ(x) (Lanczos) and ln k! for integers.
 *
 * @module
 */

import { invalid, requireNumber } from "../util/validate.js";

/** Lanczos coefficients (g = 7, n = 9), relative error ≈ 1e-15 for x > 0. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, with the reflection-free form valid for x ≥ 0.5 and the recurrence below). Kernel: NaN in, NaN out. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Kernel of {@link logFactorial} for a non-negative integer k (not checked): products
 * below 20, Stirling's series beyond (the Poisson sampler calls it in its rejection step).
 */
export function logFactorialKernel(k: number): number {
  if (k < 20) {
    let f = 1;
    for (let i = 2; i <= k; i++) f *= i;
    return Math.log(f);
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5) - 1 / (1680 * x ** 7);
}

/**
 * ln k! = ln Γ(k + 1): products for k < 20, Stirling's series
 * `(x − ½)ln x − x + ½ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷)`, x = k + 1,
 * beyond (Abramowitz & Stegun 6.1.41; the error is below the next term, 1/(1188x⁹) ≈ 1e-15
 * at k = 20).
 *
 * @param k - a non-negative integer
 * @returns ln k!
 * @throws TypeError if k is not a number; RangeError if it is not a non-negative integer
 * @example
 * ```ts
 * logFactorial(5); // 4.787491742782046 (ln 120)
 * ```
 */
export function logFactorial(k: number): number {
  requireNumber("logFactorial", "k", k);
  if (!(Number.isInteger(k) && k >= 0)) invalid("logFactorial", "k", "a non-negative integer", k);
  return logFactorialKernel(k);
}
