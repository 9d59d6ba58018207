/**
 * Rare M/G/1 waiting-time tails by importance sampling: Siegmund's algorithm with the
 * Cramér–Lundberg exponential change of measure.
 *
 * @module
 */

import { isDistribution } from "../distributions/distributions.js";
import { lundbergExponent } from "../queueing/lundberg.js";
import type { Distribution } from "../distributions/types.js";
import { type Rng, rng as makeRng, standardGamma } from "../random/rng.js";
import { confidenceLevel, invalid, nonNegative, options, positive, positiveInteger, seedValue, show } from "../util/validate.js";
import { given } from "./options.js";
import { type DistributionSpec, describeDistribution } from "./describe.js";
import { type Estimate, iidEstimate } from "./stats.js";

/** Options of {@link importanceSampleWaitTail}. */
export interface ImportanceSampleOptions {
  /** Arrival rate λ > 0 (per second). */
  readonly lambda: number;
  /** Service distribution built by edgecalc's factories (its tilted law must be known). */
  readonly service: Distribution;
  /** Threshold t ≥ 0 in seconds. */
  readonly t: number;
  /** Independent replications of the twisted walk. Default 100 000. */
  readonly samples?: number;
  /** Seed, any safe integer. Default 1. */
  readonly seed?: number;
  /** Two-sided confidence level. Default 0.95. */
  readonly confidence?: number;
}

/** Result of {@link importanceSampleWaitTail}; frozen. */
export interface ImportanceSampleResult extends Estimate {
  /** The threshold t (seconds). */
  readonly t: number;
  /** The Cramér–Lundberg exponent κ (1/seconds), or 0 when the queue is unstable. */
  readonly kappa: number;
  /** ρ = λE[S]. */
  readonly rho: number;
  /** ρ < 1; when false P(W > t) = 1 for every t and no sampling is done. */
  readonly stable: boolean;
  /** Replications of the twisted walk actually run (0 when unstable). */
  readonly samples: number;
  /** halfWidth / value. */
  readonly relativeHalfWidth: number;
  /** Mean number of steps of the twisted walk until it crossed t. */
  readonly meanSteps: number;
}

const FN = "importanceSampleWaitTail";
/** Most walk steps one call may take (a few seconds at the walk's speed). */
const MAX_STEPS = 5e7;

/** A sampler of S under the tilted law `e^{κs} dF(s) / E[e^{κS}]`, or null if unknown. */
function tiltedSampler(s: DistributionSpec, kappa: number): ((u: Rng) => number) | null {
  switch (s.kind) {
    case "deterministic":
      return () => s.value;
    case "exponential": {
      const m = s.mean / (1 - kappa * s.mean);
      return (u) => -m * Math.log(u());
    }
    case "erlang":
    case "gamma": {
      const beta = s.mean / s.shape;
      const b = beta / (1 - kappa * beta);
      const a = s.shape;
      if (Number.isInteger(a) && a <= 16) {
        return (u) => {
          let p = 1;
          for (let i = 0; i < a; i++) p *= u();
          return -b * Math.log(p);
        };
      }
      return (u) => b * standardGamma(u, a);
    }
    case "hyperexponential": {
      // Tilting branch i multiplies its weight by 1/(1 − κmᵢ) and its mean by the same factor.
      const f = s.means.map((m) => 1 / (1 - kappa * m));
      const w = s.weights.map((x, i) => x * f[i]);
      const total = w.reduce((a, b) => a + b, 0);
      let acc = 0;
      const cum = w.map((x) => (acc += x / total));
      const means = s.means.map((m, i) => m * f[i]);
      return (u) => {
        const v = u();
        let i = 0;
        while (i < cum.length - 1 && v > cum[i]) i++;
        return -means[i] * Math.log(u());
      };
    }
    case "shifted": {
      const inner = tiltedSampler(s.dist, kappa);
      return inner && ((u) => s.offset + inner(u));
    }
    case "sum": {
      const parts = s.dists.map((d) => tiltedSampler(d, kappa));
      if (parts.some((p) => p === null)) return null;
      const ps = parts as ((u: Rng) => number)[];
      return (u) => {
        let r = 0;
        for (const p of ps) r += p(u);
        return r;
      };
    }
  }
}

/** Replications per random stream: stream k serves samples k·4096 … (k+1)·4096 − 1. */
const PER_STREAM = 4096;

/**
 * Estimates P(W > t) for the stationary M/G/1 waiting time by importance sampling.
 *
 * W has the law of the maximum of the random walk with steps `X = S − A`, A ~ Exp(λ)
 * (Lindley/Loynes). Under the exponentially twisted law — S tilted by `e^{κs}`, A ~
 * Exp(λ + κ), κ the Cramér–Lundberg exponent `λ(E[e^{κS}] − 1) = κ` — the walk drifts
 * upwards and crosses t at a finite time τ; then `P(W > t) = E_κ[e^{−κ S_τ}]` (Siegmund,
 * Ann. Statist. 4 (1976); Asmussen & Glynn, *Stochastic Simulation*, 2007, §VI.2a). The
 * estimator is bounded by e^{−κt}, so its relative error stays bounded as t → ∞: 1e5
 * samples give a 0.13% (M/M/1) to ~1% relative half-width at P ≈ 1e-9.
 *
 * Domain: λ > 0, service from edgecalc's factories (deterministic, exponential, Erlang,
 * gamma, hyperexponential, shifted, sums of these). ρ ≥ 1 returns value 1, `stable: false`.
 *
 * @throws RangeError for λ ≤ 0, t < 0, samples not a positive integer, a seed that is not a
 * safe integer, confidence outside (0, 1), or a walk beyond the work limit samples·(t/drift + 1)
 * ≤ 5e7 steps (naming samples when samples alone exceeds it, else t); TypeError for a
 * service whose tilted law is unknown.
 * @example
 * ```ts
 * const r = importanceSampleWaitTail({ lambda: 0.8, service: exponential(1), t: 100, samples: 1e5 });
 * r.value;             // 1.6492e-9 (exact M/M/1: 0.8·e^{−20} = 1.6489e-9)
 * r.relativeHalfWidth; // 0.00126
 * ```
 */
export function importanceSampleWaitTail(opts: ImportanceSampleOptions): ImportanceSampleResult {
  const o = options<ImportanceSampleOptions>(FN, "options", opts);
  const lambda = positive(FN, "lambda", o.lambda);
  if (!isDistribution(o.service)) {
    throw new TypeError(`${FN}: service must be a distribution (from edgecalc's factories), got ${show(o.service)}`);
  }
  const service = o.service;
  const t = nonNegative(FN, "t", o.t);
  const samples = positiveInteger(FN, "samples", given(o.samples, 100_000));
  const seed = seedValue(FN, "seed", given(o.seed, 1));
  const confidence = confidenceLevel(FN, "confidence", given(o.confidence, 0.95));
  const spec = describeDistribution(service);
  const rho = lambda * service.mean;
  if (!(rho < 1)) {
    return Object.freeze({ t, value: 1, lower: 1, upper: 1, halfWidth: 0, batches: 0, kappa: 0, rho, stable: false, samples: 0, relativeHalfWidth: 0, meanSteps: 0 });
  }
  const kappa = lundbergExponent(lambda, service);
  const tilted = spec === null || !(kappa > 0) ? null : tiltedSampler(spec, kappa);
  if (tilted === null) {
    throw new TypeError(`${FN}: service must have a known exponentially tilted law (deterministic, exponential, erlang, gamma, hyperexponential, shifted, sum) and a Lundberg exponent, got kind ${show(service.kind)}`);
  }
  const arrivalRate = lambda + kappa;
  // Work guard: under the tilt the walk drifts up by ψ'_S(κ) − 1/(λ + κ) per step, so a
  // sample needs about t/drift steps. A huge t (say 1e300) would otherwise run for ever:
  // refuse clearly instead (the Cramér–Lundberg asymptote answers there).
  const h = 1e-6 * kappa;
  const drift = (service.logMgf(kappa + h) - service.logMgf(kappa - h)) / (2 * h) - 1 / arrivalRate;
  const expectedSteps = samples * (drift > 0 ? t / drift + 1 : 1);
  // Every sample walks at least one step: a sample count alone beyond the limit is named as such.
  if (samples > MAX_STEPS) invalid(FN, "samples", `at most ${MAX_STEPS} (work limit: samples·(t/drift + 1) ≤ ${MAX_STEPS} walk steps)`, samples);
  if (!(expectedSteps <= MAX_STEPS)) {
    invalid(FN, "t", `small enough for samples·t/drift ≤ ${MAX_STEPS} walk steps (here drift = ${drift.toPrecision(3)} per step; use cramerLundberg for the asymptote)`, t);
  }
  let sum = 0;
  let sumSq = 0;
  let steps = 0;
  for (let k = 0; k * PER_STREAM < samples; k++) {
    const u = makeRng(seed, k);
    const n = Math.min(PER_STREAM, samples - k * PER_STREAM);
    for (let i = 0; i < n; i++) {
      let x = 0;
      do {
        x += tilted(u) + Math.log(u()) / arrivalRate;
        steps++;
      } while (x <= t);
      const z = Math.exp(-kappa * x);
      sum += z;
      sumSq += z * z;
    }
  }
  const e = iidEstimate(sum, sumSq, samples, confidence);
  return Object.freeze({
    t,
    ...e,
    lower: Math.max(0, e.lower),
    kappa,
    rho,
    stable: true,
    samples,
    relativeHalfWidth: e.value > 0 ? e.halfWidth / e.value : Infinity,
    meanSteps: steps / samples,
  });
}
