/**
 * Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), each with
 * relative accuracy (≈1e-14) in its own right — Q is not formed as 1 − P.
 *
 * Kernel only: never throws; NaN in, NaN out.
 *
 * @module
 */

import { scaledContinuedFraction } from "./expint.js";
import { logGamma } from "./gamma.js";

/** ln(x^a e^{−x}/Γ(a)), the common prefactor of both expansions. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Series P(a, x) = x^a e^{−x}/Γ(a+1) Σ xⁿ/((a+1)…(a+n)), accurate for x < a + 1. */
function seriesP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/**
 * Continued fraction for Q(a, x), accurate for x ≥ a + 1: Γ(a, x) = x^a E_{1−a}(x), so it is
 * the exponential integral's fraction (modified Lentz) at order 1 − a, times x^a e^{−x}/Γ(a).
 */
function fractionQ(a: number, x: number): number {
  return Math.exp(logPrefactor(a, x)) * scaledContinuedFraction(1 - a, x);
}

/**
 * Regularized lower incomplete gamma `P(a, x) = γ(a, x)/Γ(a)` for a > 0, x ≥ 0
 * (Numerical Recipes §6.2: series below x = a + 1, continued fraction above).
 */
export function gammaP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? Math.min(1, seriesP(a, x)) : 1 - fractionQ(a, x);
}

/** Regularized upper incomplete gamma `Q(a, x) = Γ(a, x)/Γ(a)` for a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - Math.min(1, seriesP(a, x)) : fractionQ(a, x);
}
