/**
 * Slotted arrival processes for stochastic network calculus (docs/model.md §4).
 *
 * Convention, everywhere in `src/snc`: `rho(θ) = ln E[e^{θ a}]` per slot — the paper's
 * `ρ_A(θ) = λΔ(e^θ − 1)` in (6) — so `M_A(θ, τ) = e^{σ(θ) + τ·rho(θ)}` with σ = 0 for
 * i.i.d. slots. The peers (DiscoSNC, the SNC MGF toolbox) write `θ·ρ_peer(θ)` for the same
 * quantity: their ρ is our `rho(θ)/θ`.
 *
 * @module
 */

import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { poisson, type Rng } from "../random/rng.js";
import { invalid, nonNegative, options, positive, probability, requireNumber, show } from "../util/validate.js";
import type { ArrivalProcess } from "./types.js";

interface ArrivalSpec {
  kind: string;
  params: Record<string, unknown>;
  meanPerSlot: number;
  thetaSup: number;
  rho: (theta: number) => number;
  sampler: (rng: Rng) => () => number;
  sigma?: (theta: number) => number;
  sigmaMartingale?: (theta: number) => number;
}

function makeArrivals(spec: ArrivalSpec): ArrivalProcess {
  const { rho, sigma } = spec;
  const logMgf = sigma
    ? (theta: number, slots: number) => (slots === 0 ? 0 : sigma(theta) + slots * rho(theta))
    : (theta: number, slots: number) => (slots === 0 ? 0 : slots * rho(theta));
  const out: ArrivalProcess = {
    kind: spec.kind,
    params: Object.freeze({ ...spec.params }),
    meanPerSlot: spec.meanPerSlot,
    thetaSup: spec.thetaSup,
    rho,
    logMgf,
    sampler: spec.sampler,
    ...(spec.sigma ? { sigma: spec.sigma } : {}),
    ...(spec.sigmaMartingale ? { sigmaMartingale: spec.sigmaMartingale } : {}),
  };
  return Object.freeze(out);
}

/**
 * Poisson arrivals: a Poisson(λΔ) number of requests per slot, i.i.d. over slots.
 *
 * `rho(θ) = λΔ(e^θ − 1)` (paper eq. (6)), computed as `λΔ·expm1(θ)`; domain all θ.
 * The peers call this "DPoisson1(λΔ)".
 *
 * @param perSlot - mean requests per slot λΔ (≥ 0)
 * @throws RangeError if perSlot is negative, NaN or infinite
 * @example
 * ```ts
 * poissonArrivals(0.5).rho(1); // 0.8591409142295225 = 0.5·(e − 1)
 * ```
 */
export function poissonArrivals(perSlot: number): ArrivalProcess {
  const lam = nonNegative("poissonArrivals", "perSlot", perSlot);
  return makeArrivals({
    kind: "poisson",
    params: { perSlot: lam },
    meanPerSlot: lam,
    thetaSup: Infinity,
    rho: (theta) => lam * Math.expm1(theta),
    sampler: (rng) => () => poisson(rng, lam),
  });
}

/**
 * Exponentially distributed work per slot (the peers' "DM1(rate)"): i.i.d. Exp(rate)
 * increments, mean `1/rate` requests per slot.
 *
 * `rho(θ) = −ln(1 − θ/rate)` for `0 ≤ θ < rate` (+Infinity beyond), computed with `log1p`.
 *
 * @param rate - the exponential rate (> 0)
 * @throws RangeError if rate is not a finite positive number
 * @example
 * ```ts
 * exponentialArrivals(1.2).rho(1); // 1.791759469228055 = ln 6
 * ```
 */
export function exponentialArrivals(rate: number): ArrivalProcess {
  const mu = positive("exponentialArrivals", "rate", rate);
  return makeArrivals({
    kind: "exponential",
    params: { rate: mu },
    meanPerSlot: 1 / mu,
    thetaSup: mu,
    rho: (theta) => (theta < mu ? -Math.log1p(-theta / mu) : Infinity),
    sampler: (rng) => () => -Math.log(rng()) / mu,
  });
}

/** ln(1 − p + p·e^x), stable for large x (no overflow of e^x) and small p. */
function logBernoulliMgf(p: number, x: number): number {
  if (p === 0) return 0;
  if (x <= 0) return Math.log1p(p * Math.expm1(x));
  return x + Math.log(p + (1 - p) * Math.exp(-x));
}

/**
 * Bernoulli batches: with probability p a batch of `size` requests arrives in a slot.
 *
 * `rho(θ) = ln(1 − p + p·e^{θ·size})`, evaluated without overflow; domain all θ.
 *
 * @param p - probability of a batch per slot, in [0, 1]
 * @param size - requests per batch (≥ 0; default 1)
 * @throws RangeError if p is outside [0, 1] or size is negative
 * @example
 * ```ts
 * bernoulliArrivals(0.5, 2).meanPerSlot; // 1
 * ```
 */
export function bernoulliArrivals(p: number, size = 1): ArrivalProcess {
  const q = probability("bernoulliArrivals", "p", p);
  const b = nonNegative("bernoulliArrivals", "size", size);
  return makeArrivals({
    kind: "bernoulli",
    params: { p: q, size: b },
    meanPerSlot: q * b,
    thetaSup: Infinity,
    rho: (theta) => logBernoulliMgf(q, theta * b),
    sampler: (rng) => () => (rng() < q ? b : 0),
  });
}

/** Options of {@link iidArrivals}. */
export interface IidArrivalsOptions {
  /** Per-slot generator factory for simulation; without it `sampler` throws a TypeError. */
  readonly sampler?: (rng: Rng) => () => number;
  /** Mean per slot; default: `rho′(0)` by a central difference (h = 1e-5), one-sided if ρ(−h) is not finite. */
  readonly mean?: number;
  /** Supremum of the domain of `rho` (default Infinity; `rho` may also return +Infinity). */
  readonly thetaSup?: number;
  /** A label (default "iid"). */
  readonly name?: string;
}

/**
 * Any i.i.d.-per-slot arrival process given by its per-slot log-MGF `rho(θ) = ln E[e^{θa}]`.
 *
 * @param logMgf - θ ↦ ln E[e^{θ a}], +Infinity (or NaN) outside its domain, 0 at θ = 0
 * @param opts - {@link IidArrivalsOptions}
 * @throws TypeError if logMgf is not a function; RangeError if the mean is negative or
 *   not finite, or thetaSup is not positive
 * @example
 * ```ts
 * iidArrivals((t) => 0.3 * Math.expm1(t)).meanPerSlot; // 0.300000000005 (central difference)
 * ```
 */
export function iidArrivals(logMgf: (theta: number) => number, opts: IidArrivalsOptions = {}): ArrivalProcess {
  if (typeof logMgf !== "function") throw new TypeError(`iidArrivals: logMgf must be a function, got ${show(logMgf)}`);
  const o = options<IidArrivalsOptions>("iidArrivals", "opts", opts);
  const thetaSup = o.thetaSup === undefined ? Infinity : requireNumber("iidArrivals", "opts.thetaSup", o.thetaSup);
  if (!(thetaSup > 0)) invalid("iidArrivals", "opts.thetaSup", "> 0", thetaSup);
  const h = Math.min(1e-5, thetaSup / 4);
  // Central difference; a log-MGF only defined for θ ≥ 0 gets the one-sided Richardson
  // difference (4ρ(h) − ρ(2h))/(2h) = ρ′(0) + O(h²) instead.
  let estimate = (logMgf(h) - logMgf(-h)) / (2 * h);
  if (!Number.isFinite(estimate)) estimate = (4 * logMgf(h) - logMgf(2 * h)) / (2 * h);
  const mean = o.mean === undefined ? estimate : o.mean;
  nonNegative("iidArrivals", o.mean === undefined ? "the mean estimated from logMgf" : "opts.mean", mean);
  const name = o.name ?? "iid";
  const rho = (theta: number) => {
    if (!(theta < thetaSup)) return Infinity;
    const v = logMgf(theta);
    return Number.isNaN(v) ? Infinity : v;
  };
  const sampler =
    o.sampler ??
    (() => {
      throw new TypeError(`iidArrivals: no sampler was given for "${name}" (opts.sampler)`);
    });
  return makeArrivals({ kind: "iid", params: { name, mean }, meanPerSlot: mean, thetaSup, rho, sampler });
}

/** Options of {@link markovModulated}. */
export interface MarkovModulatedOptions {
  /** Row-stochastic transition matrix P (k × k, irreducible). */
  readonly transition: readonly (readonly number[])[];
  /** Requests per slot emitted in each state (≥ 0). */
  readonly rates: readonly number[];
}

/** The Perron root and a positive right eigenvector of the non-negative matrix M. */
function perron(m: number[][]): { root: number; vector: number[] } {
  const k = m.length;
  if (k === 1) return { root: m[0][0], vector: [1] };
  const evd = new EigenvalueDecomposition(new Matrix(m));
  const re = evd.realEigenvalues;
  let best = 0;
  for (let i = 1; i < k; i++) if (re[i] > re[best]) best = i;
  const vm = evd.eigenvectorMatrix;
  const vector: number[] = [];
  let sign = 0;
  for (let i = 0; i < k; i++) {
    const x = vm.get(i, best);
    if (sign === 0 && x !== 0) sign = Math.sign(x);
    vector.push(x);
  }
  // A Perron vector is positive up to sign; clip round-off below zero.
  return { root: re[best], vector: vector.map((x) => Math.max(x * sign, 0)) };
}

/** Most states of {@link markovModulated} (work limit). */
const MAX_MARKOV_STATES = 64;

/**
 * A Markov-modulated arrival process: a k-state stationary Markov chain X with transition
 * matrix P; in a slot spent in state i, `rates[i]` requests arrive.
 *
 * `rho(θ) = ln sp(P·diag(e^{θ a}))` (the log spectral radius, Chang 2000 §7.2; ml-matrix's
 * eigendecomposition), computed as `θ·a_max + ln sp(P·diag(e^{θ(a − a_max)}))` so nothing
 * overflows. With v the right Perron vector of `diag(e^{θa})·P`,
 * `E[e^{θA(s,s+τ)}] = π^T (diag(e^{θa})P)^τ 1 ≤ e^{τ·rho(θ)}·(π·v)/min v`, so
 * `sigma(θ) = ln(π·v) − ln min v`. For Kingman's martingale bound (the walk runs backwards
 * in time, i.e. on the reversed chain P̃ = diag(π)^{-1} Pᵀ diag(π)) `sigmaMartingale` uses
 * the right Perron vector h of `P̃·diag(e^{θa})`: `h(X_n)e^{θ(A−S)}` is then a martingale.
 *
 * @param opts - {@link MarkovModulatedOptions}
 * @throws RangeError if a row of P does not sum to 1 (tolerance 1e-9), an entry is outside
 *   [0, 1], the matrix is not square or does not match `rates`, a rate is negative, or the
 *   chain has more than 64 states (work limit)
 * @example
 * ```ts
 * markovModulated({ transition: [[0.9, 0.1], [0.3, 0.7]], rates: [0, 2] }).meanPerSlot; // 0.5
 * ```
 */
export function markovModulated(opts: MarkovModulatedOptions): ArrivalProcess {
  const fn = "markovModulated";
  const o = options<MarkovModulatedOptions>(fn, "opts", opts);
  if (!Array.isArray(o.transition) || o.transition.length === 0) invalid(fn, "opts.transition", "a non-empty square matrix", o.transition);
  const P: readonly (readonly number[])[] = o.transition;
  const k = P.length;
  if (k > MAX_MARKOV_STATES) {
    throw new RangeError(`${fn}: opts.transition must have at most ${MAX_MARKOV_STATES} states (work limit: each θ a bound tries costs an O(k³) eigendecomposition, ≈ 5 s per bound at 64 states; docs/robustness.md), got ${k} states`);
  }
  if (!Array.isArray(o.rates) || o.rates.length !== k) invalid(fn, "opts.rates", `an array of ${k} rates (one per state)`, o.rates);
  const a = o.rates.map((x, i) => nonNegative(fn, `opts.rates[${i}]`, x));
  P.forEach((row, i) => {
    if (!Array.isArray(row as unknown) || row.length !== k) invalid(fn, `opts.transition[${i}]`, `a row of ${k} numbers`, row);
    row.forEach((x, j) => probability(fn, `opts.transition[${i}][${j}]`, x));
    const sum = row.reduce((s, x) => s + x, 0);
    if (Math.abs(sum - 1) > 1e-9) invalid(fn, `opts.transition[${i}]`, "a row summing to 1", row);
  });
  // Stationary distribution: left Perron vector of P (eigenvalue 1).
  const pt = perron(P.map((_, i) => P.map((row) => row[i])));
  const piSum = pt.vector.reduce((s, x) => s + x, 0);
  const pi = pt.vector.map((x) => x / piSum);
  const mean = pi.reduce((s, x, i) => s + x * a[i], 0);
  const aMax = Math.max(...a);
  const scaled = (theta: number) => a.map((x) => Math.exp(theta * (x - aMax)));
  const rho = (theta: number) => {
    if (Number.isNaN(theta)) return NaN;
    const d = scaled(theta);
    const r = perron(P.map((row) => row.map((x, j) => x * d[j]))).root;
    return theta * aMax + Math.log(r);
  };
  const prefactor = (vector: number[]) => {
    const minV = Math.min(...vector);
    if (!(minV > 0)) return Infinity;
    return Math.log(pi.reduce((s, x, i) => s + x * vector[i], 0)) - Math.log(minV);
  };
  const sigma = (theta: number) => {
    const d = scaled(theta);
    return prefactor(perron(P.map((row, i) => row.map((x) => d[i] * x))).vector);
  };
  // Reversed chain P̃(i, j) = π_j P(j, i) / π_i.
  const rev = P.map((_, i) => P.map((row, j) => (pi[i] > 0 ? (pi[j] * row[i]) / pi[i] : 0)));
  const sigmaMartingale = (theta: number) => {
    const d = scaled(theta);
    return prefactor(perron(rev.map((row) => row.map((x, j) => x * d[j]))).vector);
  };
  const cumulative: number[] = [];
  let acc = 0;
  for (const x of pi) cumulative.push((acc += x));
  const sampler = (rng: Rng) => {
    const u = rng();
    let state = cumulative.findIndex((c) => u < c);
    if (state < 0) state = k - 1;
    return () => {
      const out = a[state];
      const v = rng();
      const row = P[state];
      let c = 0;
      let next = k - 1;
      for (let j = 0; j < k; j++) {
        c += row[j];
        if (v < c) {
          next = j;
          break;
        }
      }
      state = next;
      return out;
    };
  };
  return makeArrivals({
    kind: "markov",
    params: { transition: P.map((row) => Object.freeze(row.slice())), rates: a, stationary: pi },
    meanPerSlot: mean,
    thetaSup: Infinity,
    rho,
    sampler,
    sigma,
    sigmaMartingale,
  });
}

/** Options of {@link markovOnOff}. */
export interface MarkovOnOffOptions {
  /** P(on → off) per slot, in (0, 1]. */
  readonly pOnOff: number;
  /** P(off → on) per slot, in (0, 1]. */
  readonly pOffOn: number;
  /** Requests per slot while on (≥ 0). */
  readonly peak: number;
}

/**
 * A two-state Markov-modulated on–off source (see {@link markovModulated}): `peak`
 * requests per slot while on, none while off; mean `peak·pOffOn/(pOffOn + pOnOff)`.
 *
 * @param opts - {@link MarkovOnOffOptions}
 * @throws RangeError if a switching probability is outside (0, 1] or peak is negative
 * @example
 * ```ts
 * markovOnOff({ pOnOff: 0.3, pOffOn: 0.1, peak: 2 }).meanPerSlot; // 0.5
 * ```
 */
export function markovOnOff(opts: MarkovOnOffOptions): ArrivalProcess {
  const fn = "markovOnOff";
  const o = options<MarkovOnOffOptions>(fn, "opts", opts);
  const off = probability(fn, "opts.pOnOff", o.pOnOff);
  const on = probability(fn, "opts.pOffOn", o.pOffOn);
  if (off === 0) invalid(fn, "opts.pOnOff", "in (0, 1] (the chain must be irreducible)", off);
  if (on === 0) invalid(fn, "opts.pOffOn", "in (0, 1] (the chain must be irreducible)", on);
  const peak = nonNegative(fn, "opts.peak", o.peak);
  return markovModulated({
    transition: [
      [1 - on, on],
      [off, 1 - off],
    ],
    rates: [0, peak],
  });
}
