/**
 * The M/G/1 queue (docs/model.md §3, paper (3)–(5)): Pollaczek–Khintchine and Takács moments,
 * Little's law, and waiting/sojourn-time tails and quantiles.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { isDistribution } from "../distributions/distributions.js";
import { cdiv } from "../util/complex.js";
import { invalid, nonNegative, show } from "../util/validate.js";
import { eulerInvert } from "./inversion.js";
import { type CramerLundberg, hasLeftLst, isDeterministic, lundbergKernel } from "./lundberg.js";
import { md1Series } from "./md1.js";
import { integratedTailOf, offsetService, offsetTails } from "./volterra.js";
import { SERIES_RADIUS, momentSeries, uvSeries } from "./series.js";
import type { QueueMetrics } from "./types.js";
import { methodChecks, unstableMetrics } from "./common.js";

type Tail = (t: number) => number;

function checkService(fn: string, service: unknown): Distribution {
  const d = service as Distribution;
  if (!isDistribution(service) || typeof d.lstComplex !== "function" || typeof d.mean !== "number") {
    throw new TypeError(`${fn}: service must be a distribution (an object from edgecalc's factories), got ${show(service)}`);
  }
  if (!(d.mean >= 0 && Number.isFinite(d.mean))) invalid(fn, "service.mean", "a finite number ≥ 0", d.mean);
  return d;
}

/**
 * λE[S^k] (k = 2, 3) without a spurious overflow: for a service time on a huge scale E[S^k]
 * overflows although λE[S^k] is representable when λ is small (λ = 1e-301, S = 1e300:
 * λE[S²] = 1e299), and it loses its digits in the subnormal range on a tiny scale. Then
 * λE[S^k] = ρ·E[S^k]/E[S], with E[S^k]/E[S] = E[S]^{k−1} for a deterministic S (Var = 0)
 * and E[S²]/E[S] = E[S] + Var[S]/E[S] (finite Var); otherwise λ·E[S^k] stands (+∞ when
 * E[S^k] overflowed: a service law whose variance overflows too has no other route here).
 */
function rateTimesMoment(lam: number, rho: number, s: Distribution, k: 2 | 3): number {
  const m = s.moment(k);
  // A normal finite moment keeps full precision; an overflowed (∞) or underflowed
  // (subnormal or 0, e.g. d³ for d = 1e-105) one does not.
  if ((m >= MIN_NORMAL && m < Infinity) || !(s.mean > 0)) return lam * m;
  if (s.variance === 0) return k === 2 ? rho * s.mean : rho * s.mean * s.mean;
  if (k === 2 && s.variance < Infinity) return rho * (s.mean + s.variance / s.mean);
  return lam * m;
}

/** The smallest positive normal double, 2^−1022. */
const MIN_NORMAL = 2 ** -1022;

/**
 * Mean waiting time in queue by the Pollaczek–Khintchine formula,
 * `E[W] = λE[S²] / (2(1 − ρ))`, ρ = λE[S] (Kleinrock vol. 1, eq. 5.72; docs/model.md §3).
 *
 * Domain: λ ≥ 0; returns `Infinity` when ρ ≥ 1 (unstable) and 0 when λ = 0.
 *
 * @param lambda - arrival rate λ ≥ 0
 * @param service - the service-time distribution S
 * @throws RangeError for a negative/NaN/infinite λ; TypeError for a non-distribution
 * @example
 * ```ts
 * pollaczekKhinchine(0.8, deterministic(1)); // 2.0000000000000004
 * ```
 */
export function pollaczekKhinchine(lambda: number, service: Distribution): number {
  const lam = nonNegative("pollaczekKhinchine", "lambda", lambda);
  const s = checkService("pollaczekKhinchine", service);
  const rho = lam * s.mean;
  return pkMeanWait(rho, !(rho < 1) || lam === 0 ? 0 : rateTimesMoment(lam, rho, s, 2));
}

/**
 * Kernel of the Pollaczek–Khintchine mean wait `λE[S²]/(2(1 − ρ))`, given ρ = λE[S] and
 * λE[S²] (`rateTimesMoment`): Infinity when ρ ≥ 1. No checks; {@link pollaczekKhinchine} and
 * {@link mg1} use it.
 */
function pkMeanWait(rho: number, lamES2: number): number {
  return rho < 1 ? lamES2 / (2 * (1 - rho)) : Infinity;
}

/**
 * The paper's form (4) of the M/G/1 mean wait: `E[W] = (ρ + λμVar[S]) / (2(μ − λ))`
 * with μ = 1/E[S]. Algebraically identical to {@link pollaczekKhinchine} (multiply
 * numerator and denominator by E[S]); kept as its own function so the paper's formula
 * can be checked as printed.
 *
 * Domain: λ ≥ 0; `Infinity` when λ ≥ μ (unstable); 0 when λ = 0 or E[S] = 0.
 *
 * @param lambda - arrival rate λ ≥ 0
 * @param service - the service-time distribution S
 * @throws RangeError for a negative/NaN/infinite λ; TypeError for a non-distribution
 * @example
 * ```ts
 * paperMeanWait(0.8, hyperexponential([0.8, 0.2], [0.5, 3])); // 8.000000000000002
 * ```
 */
export function paperMeanWait(lambda: number, service: Distribution): number {
  const lam = nonNegative("paperMeanWait", "lambda", lambda);
  const s = checkService("paperMeanWait", service);
  if (lam === 0 || s.mean === 0) return 0;
  const mu = 1 / s.mean;
  if (!(lam < mu)) return Infinity;
  const rho = lam / mu;
  return (rho + lam * mu * s.variance) / (2 * (mu - lam));
}

/**
 * Smallest t ≥ 0 with tail(t) ≤ 1 − p, for a non-increasing tail: doubling from `guess`,
 * then bisection until the bracket is narrower than 1e-12 relative (or 1e-300 absolute);
 * returns the bracket's upper end, so `tail(result) ≤ 1 − p` holds for the computed tail.
 */
function bisectQuantile(tail: Tail, p: number, guess: number): number {
  if (p === 0) return 0;
  const q = 1 - p;
  if (tail(0) <= q) return 0;
  let lo = 0;
  let hi = guess > 0 && Number.isFinite(guess) ? guess : 1;
  let grow = 0;
  while (!(tail(hi) <= q)) {
    lo = hi;
    hi *= 2;
    if (++grow > 2100 || !Number.isFinite(hi)) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi + 1e-300; i++) {
    const mid = lo + 0.5 * (hi - lo);
    if (tail(mid) <= q) hi = mid;
    else lo = mid;
  }
  return hi;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Builds memoised lazily-computed tails: the first call pays for κ and the switch point. */
function lazy<T>(build: () => T): () => T {
  let v: T | undefined;
  return () => (v === undefined ? (v = build()) : v);
}

/**
 * M/D/1 tail: Erlang's series where its rounding error is below the Cramér–Lundberg
 * asymptote's error, the asymptote beyond. The switch point is found once per queue:
 * scanning t on a grid of d/8, the asymptote's error is estimated against the series by
 * its envelope over the last 1.5d (the remainder oscillates with the complex roots, so a
 * pointwise comparison would switch at a spurious zero), and the crossing is refined by
 * bisection. Beyond it the value is `min(C e^{−κt}, series(t_switch))` so the tail stays
 * non-increasing across the switch.
 */
function md1WaitTail(lam: number, d: number, cl: CramerLundberg): Tail {
  const cle = (t: number) => cl.C * Math.exp(-cl.kappa * t);
  const sw = lazy(() => {
    const h = d / 8;
    const recent: number[] = [];
    let prev = 0;
    for (let j = 1; j < 1e7; j++) {
      const t = j * h;
      const s = md1Series(lam, d, t);
      recent.push(s.tail > 0 ? Math.abs(s.tail - cle(t)) / s.tail : Infinity);
      if (recent.length > 12) recent.shift();
      const env = Math.max(...recent);
      if (!(s.relErr < env)) {
        let lo = prev;
        let hi = t;
        for (let i = 0; i < 50; i++) {
          const mid = 0.5 * (lo + hi);
          if (md1Series(lam, d, mid).relErr < env) lo = mid;
          else hi = mid;
        }
        const v = md1Series(lam, d, lo);
        return { t: lo, tail: v.tail };
      }
      prev = t;
    }
    return { t: Infinity, tail: 0 };
  });
  return (t) => {
    const s = sw();
    if (t < s.t) return clamp01(md1Series(lam, d, t).tail);
    return Math.min(cle(t), s.tail);
  };
}

interface InversionTails {
  wait: Tail;
  sojourn: Tail;
}

/**
 * Below this load the tails are their first-order terms in ρ (see {@link smallLoadTails}).
 * Their relative error is ≈ ρ(1 + θsup·t) ≤ 1e-11·750 for every tail above the underflow
 * threshold, while Euler inversion there has lost the Cramér–Lundberg tilt (its constant
 * is ill-conditioned next to the pole θsup) and errs by ≈1e-11 of ρ in absolute terms.
 */
const SMALL_LOAD = 1e-11;

/**
 * Tails for a tiny load, from the Pollaczek–Khintchine (Beneš) series
 * `P(W > t) = Σ_{n≥1} (1 − ρ)ρⁿ P(S_e^{*n} > t)` with S_e the equilibrium excess,
 * P(S_e > t) = E[(S − t)⁺]/E[S]: its first term, `ρ(1 − ρ)E[(S − t)⁺]/E[S]`; and
 * `P(T > t) = (1 − ρ)P(S > t) + ρ·P(W⁺ + S > t) ≈ P(S > t)`. Monotone in t and in ρ
 * whenever E[(S − t)⁺] and P(S > t) are, down to subnormal numbers.
 */
function smallLoadTails(rho: number, mean: number, integratedTail: Tail, ccdf: Tail): InversionTails {
  const c = (rho * (1 - rho)) / mean;
  return {
    wait: (t) => (t === 0 ? rho : Math.min(rho, c * integratedTail(t))),
    sojourn: (t) => clamp01(ccdf(t)),
  };
}

/**
 * Tails by Euler inversion of `(1 − W*(s))/s` and `(1 − W*(s)S*(s))/s`.
 *
 * Why the tilt: Euler's error is absolute (≈1e-10), useless for a tail of 1e-15. When
 * the LST continues analytically to Re s > −thetaSup (edgecalc's factories) we invert
 * `g(t) − C = e^{κt}P(W > t) − C` instead, whose transform `F(s − κ) − C/s` has the
 * Cramér–Lundberg pole removed; then `P(W > t) = e^{−κt}(C + inv)` carries the
 * inversion's error relative to C at every t. Otherwise (user distributions) the pole is
 * still subtracted but untilted, `P(W > t) = C e^{−κt} + inv`, and `inv` is dropped once
 * it is below 1e-9 (the inversion's noise floor), where the asymptote takes over.
 */
function inversionTails(lam: number, service: Distribution, rho: number): InversionTails {
  // Near the pole θsup (tiny ρ with a finite θsup: κ → θsup) the decomposition is
  // ill-conditioned — 1 − κmᵢ carries an absolute error of 1e-16, C ∝ 1/(1 − κ/θsup)²
  // inherits it — so below a gap of 1e-8 the plain inversion is used: its absolute error
  // (≈1e-10 of the scaled tail) beats a constant off by 1e-16/gap.
  const clRaw = lundbergKernel(lam, service);
  const sup = service.thetaSup;
  const cl = clRaw !== null && Number.isFinite(sup) && clRaw.kappa > (1 - 1e-12) * sup ? null : clRaw;
  const left = cl !== null && hasLeftLst(service);
  const ms = momentSeries(service);
  const ES = service.mean;
  const gap = 1 - rho;
  const a = left ? cl.kappa : 0;
  const kappa = cl ? cl.kappa : 0;
  // P(S = 0) = S*(∞); s = 1e300 stood in for ∞, which is not "infinite" on a time scale of
  // 1e-300 (S*(1e300) = 1/2 for exponential(1e-300)). The far point is taken relative to E[S].
  const atInfinity = service.lst(Infinity);
  const atomAtZero = clamp01(Number.isNaN(atInfinity) ? service.lst(1e300 / (ES > 0 ? ES : 1)) : atInfinity);

  const make = (sojourn: boolean): Tail => {
    // The wait tail is inverted divided by ρ (its transform is O(ρ/s), which underflows
    // for ρ ≲ 1e-100 at the nodes |s| ~ 1e280 of t ≈ 1e-280) and multiplied back at the end.
    const scale = sojourn ? 1 : rho;
    const Cp = cl ? (sojourn ? cl.sojournC : cl.C) / scale : 0;
    const poleShift = kappa - a;
    const reG = (re: number, im: number): number => {
      const sr = re - a; // σ = s − a
      // u = 1 − S*(σ) and v = σE[S] − u, by the moment series near σ = 0, where 1 − S*
      // in doubles carries an absolute 1e-16 that swamps d ≈ σ(1 − ρ) as ρ → 1.
      let ur: number, ui: number, vr: number, vi: number;
      if (ms !== null && Math.hypot(sr, im) * ms.L <= SERIES_RADIUS) {
        const { u, v } = uvSeries(ms, { re: sr, im });
        ur = u.re; ui = u.im; vr = v.re; vi = v.im;
      } else {
        const S = service.lstComplex({ re: sr, im });
        ur = 1 - S.re; ui = -S.im;
        vr = sr * ES - ur; vi = im * ES - ui;
      }
      // d = σ − λu = σ(1 − ρ) + λv and ρσ − λu = λv (no cancellation), so
      // F_W/ρ = (v/E[S])/(σ·d). Two Smith divisions rather than one by σ·d: |σ·d|²
      // overflows once |s| ≳ 1e77 (t ≲ 1e-76).
      const dr = sr * gap + lam * vr;
      const di = im * gap + lam * vi;
      let v = 0;
      if (lam > 0) {
        // v/E[S] first: on a time scale near 1e300, v/σ/d alone (≈ 1e598) would overflow
        // before the division by E[S] brings it back (∞ − ∞ = NaN in the Euler sum).
        const x = cdiv({ re: vr / ES, im: vi / ES }, { re: sr, im });
        v = cdiv(x, { re: dr, im: di }).re * (rho / scale);
      }
      if (sojourn) {
        // F_T = F_W + (1 − ρ)u/(σ − λu)
        v += gap * cdiv({ re: ur, im: ui }, { re: dr, im: di }).re;
      }
      if (Cp !== 0) {
        // Smith division again: pr² + im² overflows for tiny t.
        v -= Cp * cdiv({ re: 1, im: 0 }, { re: re + poleShift, im }).re;
      }
      return v;
    };
    const atZero = sojourn ? clamp01(1 - (1 - rho) * atomAtZero) : rho;
    // Inverted in units of E[S] (τ = t/E[S], transform G(s') = F(s'/E[S])/E[S]): the
    // Bromwich nodes and the factor e^{A/2}/τ then stay in range on any time scale (with
    // E[S] = 1e-300 every t of interest was below the 1e-280 floor and read as 0).
    const unit = ES > 0 ? ES : 1;
    const reGUnit = (re: number, im: number): number => reG(re / unit, im / unit) / unit;
    return (t) => {
      if (t === 0) return atZero;
      if (t === Infinity) return 0;
      // Below τ = 1e-280 the Bromwich abscissa A/(2τ) and the factor e^{A/2}/τ overflow;
      // the tail's variation over [0, 1e-280·E[S]] is far below double resolution for any
      // law with a bounded or power-law density at 0, so it is held constant there.
      let tau = t / unit;
      if (tau < 1e-280) tau = 1e-280;
      let A = 24;
      if (left) {
        // Keep the k = 0 node away from σ = 0, where F's numerator and denominator both
        // vanish to second order and cancel in doubles.
        const kappaUnit = kappa * unit;
        let best = -1;
        for (const cand of [24, 20, 28]) {
          const dist = Math.abs(cand / (2 * tau) - kappaUnit);
          if (dist > best + 1e-12 * kappaUnit) { best = dist; A = cand; }
          if (dist >= 0.25 * kappaUnit) break;
        }
      }
      const inv = eulerInvert(unit === 1 ? reG : reGUnit, tau, A);
      let v: number;
      if (left) v = Math.exp(-kappa * t) * (Cp + inv);
      else if (cl) v = Cp * Math.exp(-kappa * t) + (Math.abs(inv) > 1e-9 ? inv : 0);
      else v = inv;
      if (Number.isNaN(v)) return cl ? Math.min(atZero, scale * Cp * Math.exp(-kappa * t)) : NaN;
      // A tail never exceeds its value at 0 (P(W > 0) = ρ); the cap removes inversion
      // noise (≈1e-12) that would otherwise break monotonicity as t → 0.
      return v < 0 ? 0 : Math.min(v * scale, atZero);
    };
  };
  return { wait: make(false), sojourn: make(true) };
}

/**
 * The M/G/1 queue: Poisson arrivals at rate λ, one FIFO server, i.i.d. service times S
 * (docs/model.md §3; the source paper's (3)–(5)). With ρ = λE[S] < 1:
 * `E[W] = λE[S²]/(2(1 − ρ))` (Pollaczek–Khintchine), `E[T] = E[W] + E[S]`,
 * `E[W²] = 2E[W]² + λE[S³]/(3(1 − ρ))` (Takács), `E[Lq] = λE[W]`, `E[L] = λE[T]` (Little);
 * tails `P(W > t)`, `P(T > t)` from `W*(s) = (1 − ρ)s/(s − λ + λS*(s))` (≈1e-9 relative;
 * 1e-6 for a service with a deterministic offset), quantiles by bisection on them.
 * Unstable (ρ ≥ 1): `stable: false`, infinite means, tails 1, quantiles `Infinity` for p > 0.
 * Tails are computed on first use.
 *
 * @param lambda - arrival rate λ ≥ 0 (requests per unit time)
 * @param service - the service-time distribution S
 * @throws RangeError for a negative, NaN or infinite λ; TypeError if service is not a
 *   distribution. The tail functions throw a RangeError for t < 0 or NaN, the quantile
 *   functions for p outside [0, 1).
 * @example
 * ```ts
 * const q = mg1(0.8, deterministic(1));
 * q.meanWait;        // 2.0000000000000004
 * q.waitTail(10);    // 0.011657108266035388 (docs/peers.md: 0.01165710826501344)
 * q.waitQuantile(0.99); // 10.35588679…
 * ```
 */
export function mg1(lambda: number, service: Distribution): QueueMetrics {
  // How the tails are computed.
  // - Var[W] = E[W]² + λE[S³]/(3(1 − ρ)) (no cancellation; λE[S^k] is formed as ρE[S^k]/E[S]
  //   when E[S^k] alone overflows).
  // - P(W > t) and P(T > t) by Euler inversion of (1 − W*(s))/s and (1 − W*(s)S*(s))/s, tilted
  //   by the Cramér–Lundberg decay rate κ so the error is relative (≈1e-9) even far in the tail.
  //   Deterministic service (also a shift or sum of point masses) uses Erlang's exact M/D/1
  //   series where it is stable in doubles and the asymptote C e^{−κt} where it is not (Euler
  //   inversion errs ≈1e-3 at the kinks t = kd); its sojourn tail is P(W > t − d).
  // - A deterministic offset plus one exponential/Erlang/gamma/hyperexponential part, S = a + X
  //   (shifted(a, X), or sumOf of point masses and one such X — a pipeline with one variable
  //   stage), has the same e^{−sa} trap, so it is not inverted: P(W > t) solves the renewal
  //   equation Z = λ∫_t^∞P(S > u)du + λP(S > ·) ∗ Z, tilted by e^{κt}, by product integration
  //   (the kernel — with its cusp (x − a)^k at x = a for a gamma shape k < 1 — integrated
  //   exactly against piecewise-linear unknowns) on three grids combined by Richardson
  //   extrapolation with the exponents the kinks t = ja impose (h², h^{2+k}); for an offset
  //   shorter than the grid step, the exact offset series supplies the first cells;
  //   P(T > t) = P(S > t) + (f_X ∗ P(W > ·))(t − a) by the same quadrature (volterra.ts).
  //   Stated accuracy 1e-6 relative where the tail is ≥ 1e-12; measured against independent
  //   mpmath values (offset series, de Hoog inversion at two precisions): ≤ 5e-8 for gamma
  //   shapes 0.25–2.5, Erlang and exponential X, offsets from 1e-3 to 40 times E[X], ρ from
  //   0.01 to 0.95. The grid runs until the tilted tail stops changing or passes 1e-16
  //   (≤ 24 000 finest nodes, once per queue); beyond it e^{−κt}·Y(end), Y(end) = C once settled.
  // - Below ρ = 1e-11, when E[(S − t)⁺] has a closed form, the first Pollaczek–Khintchine term
  //   ρ(1 − ρ)E[(S − t)⁺]/E[S] (relative error ≈ ρ(1 + θsup·t)), and P(T > t) ≈ P(S > t).
  // - Quantiles by bisection on the tail to a relative width of 1e-12 (the tail's own error,
  //   ≈1e-9 relative, dominates); waitQuantile(p) = 0 for p ≤ 1 − ρ (the atom P(W = 0)).
  // - λ = 0 is legal: W = 0 and T = S (the sojourn tail is then the service tail, by untilted
  //   inversion, error ≈1e-10 absolute); quantiles are 0 at p = 0 also when unstable.
  // - Tails are memoised lazily: building the result costs only the moments; the first tail
  //   call computes κ (and, for M/D/1, the series/asymptote switch point).
  const fn = "mg1";
  const lam = nonNegative(fn, "lambda", lambda);
  const s = checkService(fn, service);
  const ES = s.mean;
  const rho = lam * ES;
  const stable = rho < 1;
  const checks = methodChecks(fn);
  const { checkT, checkP } = checks;
  if (!stable) return unstableMetrics(lam, rho, checks);
  const lamES2 = lam === 0 ? 0 : rateTimesMoment(lam, rho, s, 2);
  const lamES3 = lam === 0 ? 0 : rateTimesMoment(lam, rho, s, 3);
  const meanWait = pkMeanWait(rho, lamES2);
  const waitSecondMoment = 2 * meanWait * meanWait + lamES3 / (3 * (1 - rho));
  // Var[W] = E[W]² + λE[S³]/(3(1 − ρ)) (Takács): two non-negative terms, so no ∞ − ∞ = NaN
  // when E[W²] overflows and no cancellation when it does not.
  const waitVariance = meanWait * meanWait + lamES3 / (3 * (1 - rho));
  const meanSojourn = meanWait + ES;

  const tails = lazy((): InversionTails => {
    if (ES === 0) return { wait: () => 0, sojourn: () => 0 };
    const det = isDeterministic(s);
    if (lam === 0) {
      if (det) return { wait: () => 0, sojourn: (t) => (t < ES ? 1 : 0) };
      const ccdf = s.ccdf;
      if (typeof ccdf === "function") return { wait: () => 0, sojourn: (t) => clamp01(ccdf(t)) };
      return { wait: () => 0, sojourn: inversionTails(0, s, 0).sojourn };
    }
    if (det) {
      const cl = lundbergKernel(lam, s);
      if (cl !== null) {
        const wait = md1WaitTail(lam, ES, cl);
        return { wait, sojourn: (t) => (t < ES ? 1 : wait(t - ES)) };
      }
    }
    if (rho <= SMALL_LOAD && typeof s.ccdf === "function") {
      const it = integratedTailOf(s);
      if (it !== null) return smallLoadTails(rho, ES, it, s.ccdf);
    }
    const os = offsetService(s);
    if (os !== null) {
      const cl = lundbergKernel(lam, s);
      if (cl !== null) return offsetTails(lam, rho, os, cl);
    }
    return inversionTails(lam, s, rho);
  });

  const waitTail = (t: number): number => tails().wait(checkT("waitTail", t));
  const sojournTail = (t: number): number => tails().sojourn(checkT("sojournTail", t));
  return Object.freeze({
    lambda: lam, rho, stable,
    meanWait, meanSojourn, waitSecondMoment,
    waitVariance,
    meanQueueLength: lam * meanWait,
    meanInSystem: lam * meanSojourn,
    waitTail,
    sojournTail,
    waitQuantile: (p: number) => {
      const q = checkP("waitQuantile", p);
      if (q <= 1 - rho) return 0;
      return bisectQuantile(tails().wait, q, Math.max(meanWait, ES));
    },
    sojournQuantile: (p: number) => bisectQuantile(tails().sojourn, checkP("sojournQuantile", p), Math.max(meanSojourn, ES)),
  });
}
