/**
 * M/M/1 closed forms: the reference M/G/1 must reduce to for exponential service.
 *
 * @module
 */

import { nonNegative, positive } from "../util/validate.js";
import type { QueueMetrics } from "./types.js";
import { methodChecks, unstableMetrics } from "./common.js";

/**
 * The M/M/1 queue: Poisson arrivals at rate λ, exponential service at rate μ.
 *
 * With ρ = λ/μ < 1 (Kleinrock, *Queueing Systems* vol. 1, §3.2 and §5.7):
 * `E[W] = ρ/(μ − λ)`, `E[T] = 1/(μ − λ)`, `E[W²] = 2ρ/(μ − λ)²`,
 * `P(W > t) = ρ e^{−(μ−λ)t}`, `P(T > t) = e^{−(μ−λ)t}`,
 * quantiles `w_p = ln(ρ/(1 − p))/(μ − λ)` for p > 1 − ρ (else 0) and
 * `t_p = −ln(1 − p)/(μ − λ)`. For ρ ≥ 1 the queue is unstable: `stable: false`,
 * infinite means, tails 1, quantiles `Infinity` (p > 0).
 *
 * @param lambda - arrival rate λ ≥ 0
 * @param mu - service rate μ > 0
 * @throws RangeError if λ is negative, NaN or infinite, or μ is not a finite number > 0;
 *   TypeError if either is not a number. The returned functions throw a RangeError for
 *   t < 0 (or NaN) and p outside [0, 1).
 * @example
 * ```ts
 * const q = mm1(0.8, 1);
 * q.meanWait;      // 4.000000000000001
 * q.waitTail(1);   // 0.6549846024623855  (= 0.8·e^{−0.2})
 * ```
 */
export function mm1(lambda: number, mu: number): QueueMetrics {
  const fn = "mm1";
  const lam = nonNegative(fn, "lambda", lambda);
  const m = positive(fn, "mu", mu);
  const rho = lam / m;
  const stable = rho < 1;
  const gap = m - lam;
  const checks = methodChecks(fn);
  const { checkT, checkP } = checks;
  if (!stable) return unstableMetrics(lam, rho, checks);
  const meanWait = rho / gap;
  const meanSojourn = 1 / gap;
  const waitSecondMoment = (2 * rho) / (gap * gap);
  return Object.freeze({
    lambda: lam, rho, stable,
    meanWait, meanSojourn, waitSecondMoment,
    // Var[W] = ρ(2 − ρ)/(μ − λ)²: E[W²] − E[W]² without the cancellation (or ∞ − ∞ = NaN
    // when (μ − λ)² underflows).
    waitVariance: (rho * (2 - rho)) / (gap * gap),
    meanQueueLength: lam * meanWait,
    meanInSystem: lam * meanSojourn,
    waitTail: (t: number) => rho * Math.exp(-gap * checkT("waitTail", t)),
    sojournTail: (t: number) => Math.exp(-gap * checkT("sojournTail", t)),
    waitQuantile: (p: number) => {
      const q = checkP("waitQuantile", p);
      // log(ρ) − log1p(−p) keeps precision for p near 1.
      return q <= 1 - rho ? 0 : Math.max(0, (Math.log(rho) - Math.log1p(-q)) / gap);
    },
    sojournQuantile: (p: number) => -Math.log1p(-checkP("sojournQuantile", p)) / gap,
  });
}
