/**
 * The service law's LST near s = 0 from its moments, for the two quantities that cancel
 * catastrophically there when formed from `1 − S*(s)` in doubles:
 *
 * - `u(s) = 1 − S*(s) = −Σ_{k≥1} c_k(−z)^k` and `v(s) = s·E[S] − u(s) = Σ_{k≥2} c_k(−z)^k`,
 *   with z = s·L, c_k = E[S^k]/(k!·L^k) and L = max(E[S], 1/θsup) the series' scale;
 * - the Cramér–Lundberg root and constant when κ is small (ρ → 1), where
 *   `ln E[e^{θS}] − ln(1 + θ/λ)` is a difference of two ≈ θ terms that differ by ≈ θ(1 − ρ).
 *
 * Why: at ρ = 1 − 1e-12 the M/G/1 denominator `s − λ(1 − S*(s))` is ≈ s(1 − ρ) at the
 * Bromwich nodes |s| ~ 1/t; `1 − S*(s)` in doubles carries an absolute error of 1e-16,
 * which is 1e-4 of that denominator at t = 1e12 (the tail then never decays on the 1/(1 − ρ)
 * scale). The series is exact-zero at s = 0 and relative-accurate.
 *
 * Internal kernels (not exported by the queueing index): no argument checks, never throw.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import type { Complex } from "../util/complex.js";

/** |z| = |s|·L up to which the series is used: terms shrink by ≈ |z| each, so K_MAX terms reach 1e-18. */
export const SERIES_RADIUS = 1e-2;
const K_MAX = 14;

/** Scaled Taylor coefficients of a service law's LST. */
export interface MomentSeries {
  /** The scale L = max(E[S], 1/θsup). */
  readonly L: number;
  /** c_k = E[S^k]/(k!·L^k), k = 0…K_MAX (c_0 = 1). */
  readonly c: readonly number[];
}

/** The scaled moment coefficients, or null when a moment is not finite (huge scales). */
export function momentSeries(d: Distribution): MomentSeries | null {
  const L = Math.max(d.mean, Number.isFinite(d.thetaSup) && d.thetaSup > 0 ? 1 / d.thetaSup : 0);
  if (!(L > 0 && Number.isFinite(L))) return null;
  const c = [1];
  let fact = 1;
  for (let k = 1; k <= K_MAX; k++) {
    fact *= k;
    const ck = d.moment(k) / fact / L ** k;
    if (!Number.isFinite(ck) || ck < 0) return null;
    c.push(ck);
  }
  return { L, c };
}

/**
 * u = 1 − S*(s) and v = s·E[S] − u at complex s with |s|·L ≤ SERIES_RADIUS, by Horner's
 * rule in w = −z: u = −Σ_{k≥1} c_k w^k, v = Σ_{k≥2} c_k w^k.
 */
export function uvSeries(ms: MomentSeries, s: Complex): { u: Complex; v: Complex } {
  const wr = -s.re * ms.L;
  const wi = -s.im * ms.L;
  // p = Σ_{k≥2} c_k w^{k−2}, then v = p·w², u = −(c_1 w + v).
  let pr = ms.c[K_MAX];
  let pi = 0;
  for (let k = K_MAX - 1; k >= 2; k--) {
    const r = pr * wr - pi * wi + ms.c[k];
    pi = pr * wi + pi * wr;
    pr = r;
  }
  const w2r = wr * wr - wi * wi;
  const w2i = 2 * wr * wi;
  const v = { re: pr * w2r - pi * w2i, im: pr * w2i + pi * w2r };
  const u = { re: -(ms.c[1] * wr + v.re), im: -(ms.c[1] * wi + v.im) };
  return { u, v };
}

/**
 * The Cramér–Lundberg root κ (E[e^{κS}] = 1 + κ/λ) and constants by the series, when the
 * root lies inside the series' radius; null otherwise.
 *
 * With x = κL the root equation is Σ_{k≥2} c_k x^{k−1} = (1 − ρ)/(λL): every term positive,
 * no cancellation. The left side is increasing and convex, so Newton from x₀ = rhs/c₂ (to
 * the right of the root) converges monotonically. Then
 * `λE[Se^{κS}] − 1 = −(1 − ρ) + λL·Σ_{k≥1}(k + 1)c_{k+1}x^k`, and C = (1 − ρ)/that.
 */
export function lundbergSeries(ms: MomentSeries, lambda: number, rho: number): { kappa: number; C: number; sojournC: number } | null {
  const { L, c } = ms;
  const gap = 1 - rho;
  const rhs = gap / (lambda * L);
  if (!(c[2] > 0 && rhs > 0)) return null;
  const f = (x: number): { y: number; dy: number } => {
    let y = 0;
    let dy = 0;
    for (let k = K_MAX; k >= 2; k--) {
      dy = dy * x + y;
      y = y * x + c[k];
    }
    return { y, dy }; // P(x) = Σ_{k≥2} c_k x^{k−2} and P'(x), by Horner
  };
  // g(x) = Σ_{k≥2} c_k x^{k−1} = x·P(x) with P(x) = Σ_{k≥2} c_k x^{k−2}; g' = P + x·P'.
  const g = (x: number): { val: number; der: number } => {
    const { y, dy } = f(x);
    return { val: x * y, der: y + x * dy };
  };
  if (g(SERIES_RADIUS).val < rhs) return null;
  let x = Math.min(rhs / c[2], SERIES_RADIUS);
  for (let i = 0; i < 60; i++) {
    const { val, der } = g(x);
    const step = (val - rhs) / der;
    const next = x - step;
    if (!(next > 0) || !Number.isFinite(next)) break;
    const done = Math.abs(step) <= 1e-17 * x;
    x = next;
    if (done) break;
  }
  let tail = 0; // Σ_{k≥1}(k + 1)c_{k+1}x^k
  for (let k = K_MAX - 1; k >= 1; k--) tail = (tail + (k + 1) * c[k + 1]) * x;
  const D = lambda * L * tail - gap;
  const C = gap / D;
  if (!(C > 0 && Number.isFinite(C))) return null;
  const kappa = x / L;
  return { kappa, C, sojournC: C * (1 + kappa / lambda) };
}
