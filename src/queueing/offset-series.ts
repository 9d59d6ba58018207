/**
 * The M/G/1 waiting and sojourn distributions for S = a + X with X gamma (exponential,
 * Erlang, gamma) as the finite series in the offset — Erlang's M/D/1 formula generalised.
 * Exact, but the terms alternate and grow like e^{λt}, so it is used only for small λt,
 * where the Volterra grid (`volterra.ts`) needs exact values near t = 0.
 *
 * Kernel only: never throws.
 *
 * @module
 */

import { logGamma } from "../special/gamma.js";

/** A tail from the series with an estimate of its own relative rounding error. */
export interface SeriesTail {
  /** P(W > t) or P(T > t). */
  readonly tail: number;
  /**
   * Estimated relative error of `tail`: each term is the exp of a sum of logarithms, so it
   * carries ≈ 2.3e-16 times the sum of their sizes (≈ (λ + 1/β)t + (j + s)|ln w| + ln Γ)
   * relative error; these, summed over the alternating terms, plus a few ulps of 1 for
   * forming 1 − P, divided by the tail.
   */
  readonly error: number;
}

/** The tails of the queue from the offset series. */
export interface OffsetSeries {
  /** P(W > t), t ≥ 0. */
  waitTail(t: number): SeriesTail;
  /** P(T > t), t ≥ 0. */
  sojournTail(t: number): SeriesTail;
}

/**
 * `(e^{λu}u^j/j! ∗ g_s)(w)` with g_s the Gamma(s, β) density (s = 0: the point mass at 0):
 * `e^{−w/β} w^{j+s} / (Γ(j+s+1) β^s) · M(j+1, j+s+1, (λ + 1/β)w)`, by the Beta integral and
 * Kummer's transformation (DLMF 13.4.1, 13.2.39), so every term of M's series is positive.
 */
function convolved(lam: number, beta: number, j: number, s: number, w: number): [number, number] {
  if (j + s === 0) return [Math.exp(lam * Math.max(w, 0)), 1 + lam * w]; // the point mass: e^{λw}
  if (w <= 0) return [0, 0];
  const x = (lam + 1 / beta) * w;
  const b = j + s + 1;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < 100000; n++) {
    term *= ((j + 1 + n) * x) / ((b + n) * (n + 1));
    sum += term;
    if (sum > 1e250) {
      // Rescale: M grows like e^x, which overflows for x ≳ 700.
      logScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
    if (term < 1e-17 * sum && n > x) break;
  }
  const parts = [-w / beta, (j + s) * Math.log(w), -logGamma(j + s + 1), -s * Math.log(beta), logScale + Math.log(sum)];
  // Each part of the logarithm carries a rounding error relative to its own size.
  const size = parts.reduce((acc, p) => acc + Math.abs(p), 1);
  return [Math.exp(parts.reduce((acc, p) => acc + p, 0)), size];
}

/**
 * The series for S = a + X, X ~ Gamma(k, β), at arrival rate λ and load ρ = λ(a + kβ):
 * expanding W*(s)/s = (1 − ρ)/(s − λ + λe^{−sa}X*(s)) in powers of e^{−sa},
 * `P(W ≤ t) = (1 − ρ) Σ_{ja ≤ t} (−λ)^j (e^{λu}u^j/j! ∗ f_{X^{*j}})(t − ja)` and
 * `P(T ≤ t) = (1 − ρ) Σ_{(j+1)a ≤ t} (−λ)^j (e^{λu}u^j/j! ∗ f_{X^{*(j+1)}})(t − (j+1)a)`,
 * X^{*j} ~ Gamma(jk, β) (Erlang 1909 for X = 0; Prabhu, *Queues and Inventories*, §1.7).
 * A term is at most e^{λt}(λt)^j/j!, so the sum stops once that bound is below 1e-18.
 *
 * @param lam - arrival rate λ > 0
 * @param rho - load ρ < 1
 * @param a - offset a > 0
 * @param k - gamma shape k > 0
 * @param beta - gamma scale β > 0
 * @returns the two tails as functions of t, each with its error estimate
 * @example
 * ```ts
 * gammaOffsetSeries(0.5, 0.75, 1, 1, 0.5).waitTail(0.5).tail; // 1 − 0.25·e^{0.25} = 0.67899364…
 * ```
 */
export function gammaOffsetSeries(lam: number, rho: number, a: number, k: number, beta: number): OffsetSeries {
  const tail = (t: number, first: number): SeriesTail => {
    let signed = 0;
    let rounding = 0;
    let bound = Math.exp(lam * t);
    for (let j = 0; (j + first) * a <= t; j++) {
      if (j > 0) bound *= (lam * t) / j;
      if (j > lam * t && bound < 1e-18) break;
      const [c, size] = convolved(lam, beta, j, (j + first) * k, t - (j + first) * a);
      const v = c * lam ** j;
      signed += j % 2 === 0 ? v : -v;
      rounding += 2.3e-16 * (size + j + 2) * v; // the logarithm's parts, the Kummer sum, λ^j, the sum
    }
    const value = 1 - (1 - rho) * signed;
    const abs = (1 - rho) * rounding + 4.5e-16;
    return { tail: value, error: value > 0 ? abs / value : Infinity };
  };
  return Object.freeze({
    waitTail: (t: number) => tail(t, 0),
    sojournTail: (t: number) => tail(t, 1),
  });
}
