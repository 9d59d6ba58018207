/**
 * The Cramér–Lundberg asymptote of the M/G/1 waiting time, `P(W > t) ~ C e^{−κt}`.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { isDistribution } from "../distributions/distributions.js";
import { nonNegative, show } from "../util/validate.js";
import { lundbergSeries, momentSeries } from "./series.js";

/** The decay rate and constant of `P(W > t) ~ C e^{−κt}` (and `P(T > t) ~ C_T e^{−κt}`). */
export interface CramerLundberg {
  /** κ > 0, the positive root of `λ(E[e^{κS}] − 1) = κ`. */
  readonly kappa: number;
  /** C = (1 − ρ)/(λE[S e^{κS}] − 1), the waiting-time constant. */
  readonly C: number;
  /** C_T = C·E[e^{κS}] = C(1 + κ/λ), the sojourn-time constant. */
  readonly sojournC: number;
}

/** Distributions whose `lstComplex` formula is analytic on Re s > −thetaSup (edgecalc's own factories). */
const ANALYTIC_KINDS = new Set(["deterministic", "exponential", "erlang", "gamma", "hyperexponential"]);

/**
 * True when `d` is built from edgecalc's factories only, whose `lstComplex` stays valid
 * (analytic continuation) for −thetaSup < Re s < 0; the interface promises only Re s ≥ 0.
 */
export function hasLeftLst(d: Distribution): boolean {
  if (ANALYTIC_KINDS.has(d.kind)) return true;
  if (d.kind === "shifted") return isDistribution(d.params.dist) && hasLeftLst(d.params.dist);
  if (d.kind === "sum") {
    const parts = d.params.dists;
    return Array.isArray(parts) && parts.every((p) => isDistribution(p) && hasLeftLst(p));
  }
  return false;
}

/** True when `d` is a point mass (deterministic, or a shift/sum of point masses only). */
export function isDeterministic(d: Distribution): boolean {
  if (d.kind === "deterministic") return true;
  if (d.kind === "shifted") return isDistribution(d.params.dist) && isDeterministic(d.params.dist);
  if (d.kind === "sum") {
    const parts = d.params.dists;
    return Array.isArray(parts) && parts.every((p) => isDistribution(p) && isDeterministic(p));
  }
  return false;
}

/** κ, and the series' whole answer when the series form found it (series.ts). */
interface Root {
  readonly kappa: number;
  readonly fromSeries: CramerLundberg | null;
}

/**
 * The root κ > 0 of `λ(E[e^{κS}] − 1) = κ`, or null when none exists below thetaSup.
 * Small κ (ρ → 1) by the series form, which has no cancellation (series.ts) and declines
 * roots outside its radius; else bisection on the sign of the convex
 * `φ(θ) = ln E[e^{θS}] − ln(1 + θ/λ)` (φ(0) = 0, φ'(0) = E[S] − 1/λ < 0, so it has exactly
 * one positive root, where it turns positive).
 */
function root(lambda: number, service: Distribution): Root | null {
  const mean = service.mean;
  const rho = lambda * mean;
  if (!(lambda > 0 && mean > 0 && rho < 1)) return null;
  const ms = momentSeries(service);
  const fromSeries = ms && lundbergSeries(ms, lambda, rho);
  if (fromSeries) return { kappa: fromSeries.kappa, fromSeries };
  const phi = (th: number): number => service.logMgf(th) - Math.log1p(th / lambda);
  const sup = service.thetaSup;
  let lo = 0;
  let hi = NaN;
  if (Number.isFinite(sup)) {
    for (let j = 1; j <= 60; j++) {
      const h = sup * (1 - 2 ** -j);
      const v = phi(h);
      if (v > 0) { hi = h; break; }
      if (v < 0) lo = h;
    }
  } else {
    // Up to the largest double (not a fixed 1e300: with E[S] = 1e-300 the root lies near
    // 1e301, and the search ended before its first step).
    for (let h = 1 / mean; h < Infinity; h *= 2) {
      const v = phi(h);
      if (v > 0) { hi = h; break; }
      if (v < 0) lo = h;
    }
  }
  if (!(hi > 0)) return null;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (phi(mid) > 0) hi = mid;
    else lo = mid;
  }
  return { kappa: 0.5 * (lo + hi), fromSeries: null };
}

/**
 * Kernel: the Cramér–Lundberg exponent κ > 0, the root of `λ(E[e^{κS}] − 1) = κ` (the
 * decay rate of `P(W > t)` and the tilt of importance sampling), or NaN when no root
 * exists (λ = 0, ρ ≥ 1, or an MGF that stays bounded up to its abscissa). Never throws.
 */
export function lundbergExponent(lambda: number, service: Distribution): number {
  const r = root(lambda, service);
  return r === null ? NaN : r.kappa;
}

/**
 * Kernel: κ and C, or null when no root exists below thetaSup (λ = 0, ρ ≥ 1, or a
 * distribution whose MGF stays bounded up to its abscissa). Never throws.
 */
export function lundbergKernel(lambda: number, service: Distribution): CramerLundberg | null {
  const r = root(lambda, service);
  if (r === null) return null;
  if (r.fromSeries) return Object.freeze(r.fromSeries);
  const kappa = r.kappa;
  const mgf = 1 + kappa / lambda; // E[e^{κS}] at the root, exactly by the root equation
  const C = (1 - lambda * service.mean) / (lambdaMeanSExp(service, lambda, kappa) - 1);
  if (!(C > 0 && Number.isFinite(C))) return null;
  return Object.freeze({ kappa, C, sojournC: C * mgf });
}

/**
 * λE[S e^{κS}], formed without E[S e^{κS}] itself (which overflows on a time scale of 1e300
 * with a tiny ρ: 1e306 and more): by complex step where the LST continues analytically
 * (S*(−κ + ih) = E[e^{κS}(cos hS − i sin hS)], so −Im·λ/h = λE[S e^{κS}] + O(h²) with no
 * cancellation), else (λ + κ)·(ln M)'(κ) with a 5-point stencil on the log-MGF (λM(κ) = λ + κ
 * at the root).
 */
function lambdaMeanSExp(d: Distribution, lambda: number, kappa: number): number {
  if (hasLeftLst(d)) {
    const h = 1e-20 * Math.max(kappa, 1 / d.mean);
    return -d.lstComplex({ re: -kappa, im: h }).im * (lambda / h);
  }
  const room = Math.min(kappa, Number.isFinite(d.thetaSup) ? d.thetaSup - kappa : kappa);
  const h = 1e-3 * room;
  const f = (x: number) => d.logMgf(kappa + x);
  return ((lambda + kappa) * (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h))) / (12 * h);
}

/**
 * The Cramér–Lundberg asymptote of the stationary M/G/1 waiting time:
 * `P(W > t) ~ C e^{−κt}` as t → ∞, where κ > 0 solves `λ(E[e^{κS}] − 1) = κ` and
 * `C = (1 − ρ)/(λE[S e^{κS}] − 1)` (the residue of W*(s)/s at its pole −κ; Asmussen,
 * *Applied Probability and Queues*, 2nd ed., §XIII.5; Abate–Choudhury–Whitt 1994).
 * The sojourn time has the same κ with `C_T = C·E[e^{κS}]`. The asymptote is exact for
 * M/M/1 (κ = μ − λ, C = ρ) and for every t when S has a rational LST whose other poles
 * have decayed.
 *
 * @param lambda - arrival rate λ ≥ 0
 * @param service - the service-time distribution
 * @returns `{ kappa, C, sojournC }`, or `null` when no such root exists (λ = 0, an
 *   unstable queue ρ ≥ 1, or a light tail whose MGF stays finite at its abscissa).
 * @throws RangeError for a negative/NaN/infinite λ; TypeError for a non-distribution
 * @example
 * ```ts
 * cramerLundberg(0.5, exponential(1)); // { kappa: 0.5, C: 0.5, sojournC: 1 }
 * ```
 */
export function cramerLundberg(lambda: number, service: Distribution): CramerLundberg | null {
  const lam = nonNegative("cramerLundberg", "lambda", lambda);
  if (!isDistribution(service)) {
    throw new TypeError(`cramerLundberg: service must be a distribution (an object from edgecalc's factories), got ${show(service)}`);
  }
  return lundbergKernel(lam, service);
}
