/**
 * Exponential integrals: E1(x), the generalized E_a(x) for real order a ≥ 0, and ln E_a(x).
 *
 * `E_a(x) = ∫_1^∞ e^{−x t} t^{−a} dt = x^{a−1} Γ(1 − a, x)` (DLMF 8.19.1–8.19.3).
 *
 * Method (chosen so that one code path covers a ∈ [0, ∞), x ∈ (0, ∞) with no
 * catastrophic cancellation):
 * - x ≥ 1 or a ≥ 12: the continued fraction DLMF 8.19.17 (the even part of the
 *   Stieltjes fraction; Numerical Recipes §6.3), evaluated by the modified Lentz
 *   algorithm. It yields the scaled value `h = e^{x} E_a(x)`, so `ln E_a = ln h − x`
 *   never underflows. Iteration counts measured on the grid: ≤ 100 in this region,
 *   which is why the switch sits at x = 1 and a = 12 (below them, at x = 1e-8 and
 *   a = 6 the fraction needs ~4000 terms).
 * - x < 1 and a < 12: the power series DLMF 8.19.10 at the order ν = a − (n − 1) ∈
 *   [0, 1.5] (n = max(1, round(a))), rewritten around ν = 1 so that the pole of Γ(1 − ν)
 *   and of the k = 0 term cancel analytically (see {@link seriesNearOne}), then the
 *   upward recurrence DLMF 8.19.12 `E_{ν+1} = (e^{−x} − x E_ν)/ν`, which is stable for
 *   x < 1 (each step multiplies the carried error by x/ν < 2).
 *
 * @module
 */

import { nonNegative, positive } from "../util/validate.js";

/** Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;

/**
 * ζ(n) − 1 for n = 2, 3, …, 56 (mpmath 1.3.0 `zeta(n) - 1` at 40 digits, rounded to
 * doubles). They are the coefficients of A&S 6.1.33; the series in {@link lnGamma1pOverZ}
 * converges like 2^{−n}/n for |z| ≤ 1, so 55 terms reach 1e-18.
 */
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
  0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
  0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
  6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6,
  3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8,
  1.4901554828365043e-8, 7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9,
  9.313274324196682e-10, 4.656629065033784e-10, 2.3283118336765053e-10, 1.164155017270052e-10,
  5.820772087902701e-11, 2.9103850444971e-11, 1.4551921891041985e-11, 7.275959835057482e-12,
  3.637979547378651e-12, 1.818989650307066e-12, 9.094947840263888e-13, 4.547473783042154e-13,
  2.2737368458246524e-13, 1.136868407680228e-13, 5.684341987627585e-14, 2.842170976889302e-14,
  1.4210854828031608e-14, 7.105427395210853e-15, 3.552713691337114e-15, 1.7763568435791204e-15,
  8.881784210930816e-16, 4.440892103143813e-16, 2.220446050798042e-16, 1.1102230251410661e-16,
  5.551115124845481e-17, 2.775557562136124e-17, 1.3877787809725232e-17,
];

/**
 * ln Γ(1 + z) / z for |z| ≤ 1 (A&S 6.1.33):
 * `ln Γ(1+z) = −ln(1+z) + z(1 − γ) + Σ_{n≥2} (−1)^n (ζ(n) − 1) z^n / n`.
 * Dividing by z term by term keeps full relative accuracy as z → 0, which the caller
 * needs: it multiplies the result back by a small ε inside `expm1`.
 */
function lnGamma1pOverZ(z: number): number {
  let s = 0;
  let zp = 1; // z^{n−1}
  for (let i = 0; i < ZETA_MINUS_ONE.length; i++) {
    const n = i + 2;
    zp *= z;
    const term = ZETA_MINUS_ONE[i] * zp / n;
    s += n % 2 === 0 ? term : -term;
    if (Math.abs(term) < 1e-18 * Math.abs(s)) break;
  }
  const logTerm = z === 0 ? -1 : -Math.log1p(z) / z;
  return logTerm + (1 - EULER_GAMMA) + s;
}

/**
 * E_ν(x) for ν = 1 + ε, ε ∈ [−1, 0.5], 0 < x < 1 (DLMF 8.19.10 regrouped).
 *
 * The series `E_ν(x) = Γ(1−ν) x^{ν−1} − Σ_{k≥0} (−x)^k / (k! (1 − ν + k))` has two
 * poles at ν = 1 (in Γ(1−ν) and in the k = 0 term) that cancel. With Γ(−ε) = −Γ(1−ε)/ε
 * the two singular terms combine exactly into `−expm1(ε·g)/ε`, `g = ln Γ(1−ε)/ε + ln x`,
 * which is finite and accurate for every ε (its limit at ε = 0 is −γ − ln x, the
 * E1 series). The remaining terms have denominators k − ε ≥ 0.5.
 */
function seriesNearOne(eps: number, x: number): number {
  const g = -lnGamma1pOverZ(-eps) + Math.log(x);
  const head = eps === 0 ? -g : -Math.expm1(eps * g) / eps;
  let sum = 0;
  let pow = 1; // (−x)^k / k!
  for (let k = 1; k < 60; k++) {
    pow *= -x / k;
    const term = pow / (k - eps);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return head - sum;
}

/** Tiny number guarding Lentz's algorithm against division by zero. */
const LENTZ_TINY = 1e-300;

/**
 * e^{x} E_a(x) by the continued fraction DLMF 8.19.17 with the modified Lentz algorithm
 * (Numerical Recipes, 3rd ed., §5.2 and §6.3):
 * `e^{x} E_a(x) = 1/(x + a − 1·a/(x + a + 2 − 2(a+1)/(x + a + 4 − …)))`.
 * Returns NaN if it has not converged after 10 000 terms (never seen in its region).
 *
 * A kernel (never throws). It is also the upper incomplete gamma function's continued
 * fraction: Γ(s, x) = x^s E_{1−s}(x), so `gammaQ` in the distributions module calls it with
 * a = 1 − s; the fraction converges for every real order when x > 0.
 *
 * @internal
 */
export function scaledContinuedFraction(a: number, x: number): number {
  let b = x + a;
  let c = 1 / LENTZ_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= 10_000; i++) {
    const an = -i * (a - 1 + i);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = b + an / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    const del = c * d;
    h *= del;
    if (Math.abs(del - 1) <= 2.220446049250313e-16) return h;
  }
  return NaN;
}

/** Orders at or above this use the continued fraction for every x (see module notes). */
const CF_MIN_ORDER = 12;

/**
 * E_a(x) for 0 < x < 1, 0 ≤ a < 12 by the regrouped series at ν ∈ [0, 1.5] and the
 * stable upward recurrence.
 */
function smallXSeries(a: number, x: number): number {
  const n = Math.max(1, Math.round(a));
  let nu = a - (n - 1);
  let e = seriesNearOne(nu - 1, x);
  const emx = Math.exp(-x);
  for (let k = 1; k < n; k++) {
    e = (emx - x * e) / nu;
    nu += 1;
  }
  return e;
}

/**
 * Kernel: ln E_a(x) for a ≥ 0, x > 0 (no argument checks; NaN for NaN input or outside
 * the domain, −Infinity for x = +Infinity).
 */
export function logExpintEKernel(a: number, x: number): number {
  if (!(a >= 0 && x > 0)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x >= 1 || a >= CF_MIN_ORDER) return Math.log(scaledContinuedFraction(a, x)) - x;
  return Math.log(smallXSeries(a, x));
}

/**
 * Kernel: ln(e^{x} E_a(x)) for a ≥ 0, x > 0 (no argument checks). The continued fraction
 * produces this scaled value directly, so callers that need `x + ln E_a(x)` (the Rayleigh
 * MGF and ergodic rate) avoid adding and subtracting a large x, which would cost an
 * absolute error of ulp(x) (1e-10 at x = 1e6).
 */
export function logScaledExpintEKernel(a: number, x: number): number {
  if (!(a >= 0 && x > 0)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x >= 1 || a >= CF_MIN_ORDER) return Math.log(scaledContinuedFraction(a, x));
  return Math.log(smallXSeries(a, x)) + x;
}

/** Kernel: E_a(x) for a ≥ 0, x > 0 (no argument checks; 0 on underflow). */
export function expintEKernel(a: number, x: number): number {
  if (!(a >= 0 && x > 0)) return NaN;
  if (x === Infinity) return 0;
  if (x >= 1 || a >= CF_MIN_ORDER) return scaledContinuedFraction(a, x) * Math.exp(-x);
  return smallXSeries(a, x);
}

/**
 * The generalized exponential integral of real order,
 * `E_a(x) = ∫_1^∞ e^{−x t} t^{−a} dt = x^{a−1} Γ(1 − a, x)` (DLMF 8.19.1–8.19.3).
 *
 * Source: DLMF §8.19; continued fraction 8.19.17 for x ≥ 1 or a ≥ 12, regrouped
 * power series 8.19.10 with the upward recurrence 8.19.12 otherwise (module notes).
 * Accuracy: relative error ≤ 1e-13 against mpmath on a ∈ [0, 200] (integer and
 * near-integer orders included), x ∈ [1e-8, 1e3] (test/fixtures/special).
 * `E_0(x) = e^{−x}/x`; for a > 1, `E_a(0⁺) = 1/(a − 1)`. For x ≳ 745 the value
 * underflows to 0: use {@link logExpintE}.
 *
 * @param a - order, a finite number ≥ 0
 * @param x - argument, a finite number > 0
 * @returns E_a(x)
 * @throws RangeError if `a` is negative, NaN or infinite, or `x` is not a finite number > 0
 * @throws TypeError if an argument is not a number
 * @example
 * ```ts
 * expintE(2.5, 0.5); // 0.26512649694890095
 * ```
 */
export function expintE(a: number, x: number): number {
  const order = nonNegative("expintE", "a", a);
  const arg = positive("expintE", "x", x);
  return expintEKernel(order, arg);
}

/**
 * The natural logarithm of the generalized exponential integral, `ln E_a(x)`,
 * computed without forming E_a(x): the continued-fraction branch returns
 * `ln(e^{x} E_a(x)) − x`, so it stays finite for large x (E_a(1e3) ≈ e^{−1000}) and
 * large a. This is what a log-space MGF needs (docs/model.md §4, Rayleigh slot service).
 *
 * Source as {@link expintE}. Accuracy: |error| ≤ 1e-13·max(1, |ln E_a(x)|) against
 * mpmath on the test grid (measured 5e-15), i.e. a relative error ≤ 1e-13 in E_a itself
 * wherever |ln E_a| ≤ 1.
 *
 * @param a - order, a finite number ≥ 0
 * @param x - argument, a finite number > 0
 * @returns ln E_a(x)
 * @throws RangeError if `a` is negative, NaN or infinite, or `x` is not a finite number > 0
 * @throws TypeError if an argument is not a number
 * @example
 * ```ts
 * logExpintE(3, 1000); // -1006.9107478117878
 * ```
 */
export function logExpintE(a: number, x: number): number {
  const order = nonNegative("logExpintE", "a", a);
  const arg = positive("logExpintE", "x", x);
  return logExpintEKernel(order, arg);
}

/**
 * The exponential integral `E1(x) = ∫_x^∞ e^{−t}/t dt` (DLMF 6.2.1), x > 0.
 *
 * It is {@link expintE} at order 1: the series branch reduces exactly to DLMF 6.6.2,
 * `E1(x) = −γ − ln x − Σ_{k≥1} (−x)^k/(k·k!)`, for x < 1, and the continued fraction
 * 6.9.1 for x ≥ 1. Relative error ≤ 1e-14 against mpmath on x ∈ [1e-8, 1e3].
 * Used by the Rayleigh ergodic rate `E[R] = B e^{1/γ̄} E1(1/γ̄)/ln 2`.
 *
 * @param x - a finite number > 0
 * @returns E1(x) (0 once it underflows, x ≳ 740)
 * @throws RangeError if `x` is not a finite number > 0
 * @throws TypeError if `x` is not a number
 * @example
 * ```ts
 * expint1(1); // 0.2193839343955197
 * ```
 */
export function expint1(x: number): number {
  const arg = positive("expint1", "x", x);
  return expintEKernel(1, arg);
}
