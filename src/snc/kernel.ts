/**
 * Numeric kernels of the SNC bounds. Nothing here throws: outside a domain a kernel returns
 * +Infinity (a θ the minimiser must discard) and the entry points in `bounds.ts` turn that
 * into an answer (STYLE.md, two tiers).
 *
 * Scaled linear space: with `ℓ_i(θ) = ln m_i(θ)` per stage and `s = max_i ℓ_i` (the slowest
 * stage), every stage sequence is stored as `v_i(u) = M_i(−θ, u)·e^{−s·u} ∈ [0, e^{θδ_i}]`,
 * so the n-fold convolution grows only polynomially and needs no exp/log per term.
 *
 * @module
 */

import { log1mExp } from "../util/logspace.js";
import type { ArrivalProcess, StageService } from "./types.js";

/** Largest θ searched: beyond it `e^{θδ}` for a floored stage approaches overflow. */
export const THETA_CAP = 500;
/** Most terms of the exact sum beyond T0 when every stage is i.i.d. (O(n·N) work). */
const MAX_TERMS_GEOMETRIC = 400_000;
/** Most terms when two or more stages need an O(N²) convolution (the paper's floors). */
const MAX_TERMS_CONVOLUTION = 4_000;

/** A resolved arrival/service pair (validated by the entry point). */
export interface Model {
  readonly arrivals: ArrivalProcess;
  readonly stages: readonly StageService[];
  readonly n: number;
  /** Stage i has i.i.d. slots (its cumulative log-MGF is τ·ℓ_i). */
  readonly geometric: readonly boolean[];
  readonly deficits: readonly number[];
  /** Arrivals carry a prefactor σ(θ). */
  readonly hasSigma: boolean;
  /** One stage, i.i.d./fluid: the exact sum is a closed geometric series. */
  readonly closedForm: boolean;
  /** One fluid constant-rate stage: real-valued delays are meaningful. */
  readonly realDelay: boolean;
  readonly stable: boolean;
  readonly thetaSup: number;
  /** Scratch: ℓ_i(θ) of the last evaluation. */
  readonly ell: Float64Array;
}

export function makeModel(arrivals: ArrivalProcess, stages: readonly StageService[]): Model {
  const n = stages.length;
  const geometric = stages.map((s) => typeof s.cumulativeLogMgfNeg !== "function");
  const deficits = stages.map((s) => (typeof s.deficit === "number" && s.deficit > 0 ? s.deficit : 0));
  const single = n === 1 && geometric[0] && deficits[0] === 0;
  const minService = Math.min(...stages.map((s) => s.meanPerSlot));
  return {
    arrivals,
    stages,
    n,
    geometric,
    deficits,
    hasSigma: typeof arrivals.sigma === "function",
    closedForm: single,
    realDelay: single && stages[0].kind === "constant",
    stable: arrivals.meanPerSlot < minService,
    thetaSup: arrivals.thetaSup,
    ell: new Float64Array(n),
  };
}

/** Fills `m.ell` with ℓ_i(θ) and returns `max_i ℓ_i` (NaN counts as +Infinity). */
function serviceSlopes(m: Model, theta: number): number {
  let s = -Infinity;
  for (let i = 0; i < m.n; i++) {
    let l = m.stages[i].logMgfNeg(theta);
    if (Number.isNaN(l)) l = Infinity;
    m.ell[i] = l;
    if (l > s) s = l;
  }
  return s;
}

function arrivalRate(m: Model, theta: number): number {
  if (!(theta < m.thetaSup)) return Infinity;
  const r = m.arrivals.rho(theta);
  return Number.isNaN(r) ? Infinity : r;
}

function sigmaOf(m: Model, theta: number): number {
  if (!m.hasSigma) return 0;
  const v = m.arrivals.sigma!(theta);
  return Number.isNaN(v) ? Infinity : v;
}

/** The stability function g(θ) = ρ_A(θ) − θ·r_min(θ) = ρ_A(θ) + max_i ℓ_i(θ); convex, g(0) = 0. */
export function stabilityFunction(m: Model, theta: number): number {
  const g = arrivalRate(m, theta) + serviceSlopes(m, theta);
  return Number.isNaN(g) ? Infinity : g;
}

/**
 * θmax = sup{θ : g(θ) < 0}, by bisection on the sign of the convex g (MODEL.md §4). An
 * infeasible θ (g = +∞, e.g. beyond the arrivals' MGF domain) counts as g ≥ 0. Capped at
 * {@link THETA_CAP} when g never turns positive (bounded arrivals, faster service).
 */
export function thetaMax(m: Model): number {
  if (!m.stable) return 0;
  let lo = 0;
  let hi = Number.isFinite(m.thetaSup) ? Math.min(m.thetaSup, THETA_CAP) : Math.min(1, THETA_CAP);
  while (stabilityFunction(m, hi) < 0) {
    if (hi >= THETA_CAP) return THETA_CAP;
    lo = hi;
    hi = Math.min(2 * hi, THETA_CAP);
  }
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    if (stabilityFunction(m, mid) < 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Golden-section minimum of a unimodal f on [lo, hi]; +Infinity values are allowed. */
export function goldenMin(f: (x: number) => number, lo: number, hi: number, relTol = 1e-13): { x: number; fx: number } {
  const R = 0.6180339887498949;
  let a = lo;
  let b = hi;
  let c = b - R * (b - a);
  let d = a + R * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let k = 0; k < 200 && b - a > relTol * (Math.abs(c) + Math.abs(d)) + 1e-300; k++) {
    // Ties (both +∞ near a wall, or equal) move toward the middle of the domain.
    if (fc < fd || (fc === fd && c - lo > hi - d)) {
      b = d;
      d = c;
      fd = fc;
      c = b - R * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + R * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, fx: fc } : { x: d, fx: fd };
}

// ---------------------------------------------------------------------------------------
// Scratch buffers (module-local, reused across calls: the bounds are evaluated thousands of
// times inside a θ search, and JS is single-threaded per module instance).
let bufV = new Float64Array(1024);
let bufW = new Float64Array(1024);
let bufU = new Float64Array(1024);

function ensure(len: number): void {
  if (bufV.length >= len) return;
  let size = bufV.length;
  while (size < len) size *= 2;
  bufV = new Float64Array(size);
  bufW = new Float64Array(size);
  bufU = new Float64Array(size);
}

/**
 * Fills bufV[0..N] with the scaled network sequence v(k) = M_net(−θ, k)·e^{−s·k},
 * `M_net` the n-fold convolution of the stages' `M_i(−θ, ·)` (MODEL.md §4). Needs
 * `m.ell` filled and s = max ℓ_i. Geometric stages enter by the O(N) recursion
 * `H(k) = base(k) + y·H(k−1)`, `y = e^{ℓ_i − s}` (convolution with a geometric sequence);
 * floored stages by a direct O(N²) convolution.
 */
function networkSequence(m: Model, theta: number, s: number, N: number): void {
  ensure(N + 1);
  const v = bufV;
  v.fill(0, 0, N + 1);
  v[0] = 1;
  let first = true;
  for (let i = 0; i < m.n; i++) {
    if (m.geometric[i]) continue;
    const st = m.stages[i];
    const u = first ? v : bufU;
    for (let k = 0; k <= N; k++) u[k] = Math.exp(st.cumulativeLogMgfNeg!(theta, k) - s * k);
    if (first) {
      first = false;
      continue;
    }
    const w = bufW;
    for (let k = 0; k <= N; k++) {
      let acc = 0;
      for (let j = 0; j <= k; j++) acc += v[j] * u[k - j];
      w[k] = acc;
    }
    v.set(w.subarray(0, N + 1));
  }
  for (let i = 0; i < m.n; i++) {
    if (!m.geometric[i]) continue;
    const y = Math.exp(m.ell[i] - s);
    if (y === 0) continue;
    for (let k = 1; k <= N; k++) v[k] += y * v[k - 1];
  }
}

/** Σ_i θδ_i: the log of the floors' deterministic excess `M_i(−θ, u) ≤ e^{θδ_i + uℓ_i}`. */
function deficitExcess(m: Model, theta: number): number {
  let e = 0;
  for (let i = 0; i < m.n; i++) e += theta * m.deficits[i];
  return e;
}

/** Result slots of {@link logBound} (reused object to keep the θ search allocation-free). */
export interface Eval {
  /** ln of the bound (tail bound included). */
  logValue: number;
  /** ln of the truncation-error bound included in logValue (−∞ for closed forms). */
  logTail: number;
}

export type Form = "exact" | "paper" | "martingale";

/**
 * ln of the delay (or, with `backlog`, backlog) bound at θ (MODEL.md §4, paper (10)–(12)).
 *
 * - exact: `σ + ln Σ_{τ≥0} e^{ρτ} M_net(−θ, τ+T)`, computed as `σ + sT + ln Σ_τ e^{zτ} v(τ+T)`,
 *   z = ρ + s. The series is cut at τmax where the tail, bounded through the generating
 *   function `Σ_k v(k) w^{−k} = Π_i 1/(1 − y_i/w)` (so `v(k) ≤ K(ω) e^{ωk}`, w = e^ω > 1,
 *   times `e^{θδ_i}` per floored stage), is below `tol` of the partial sum (≥ 1); the tail
 *   bound is added to the value, which stays a valid bound.
 * - paper: (11)–(12) with the tandem constant: `σ + ln M_net(−θ, T) + ln K − ln(1 − e^{z+ω})`,
 *   `K = Π_{i≠slowest} 1/(1 − y_i e^{−ω}) · Π e^{θδ_i}`, ω ∈ [0, −z) chosen to minimise
 *   (ω = 0 is the printed form; ω > 0 is the "lower a rate by δ" of SNC texts for ties).
 * - martingale (single stage): `σ_M(θ) + ln M_S(−θ, T) + θδ`, valid for g(θ) ≤ 0.
 *
 * `backlog` b adds `−θb` and uses T = 0 (P(Q > b) ≤ e^{−θb} Σ_τ M_A(θ,τ) M_net(−θ,τ)).
 */
export function logBound(m: Model, form: Form, theta: number, T: number, backlog: number, tol: number, out: Eval): Eval {
  out.logTail = -Infinity;
  out.logValue = Infinity;
  if (!(theta > 0)) return out;
  const rho = arrivalRate(m, theta);
  const s = serviceSlopes(m, theta);
  const z = rho + s;
  if (!(z < 0) || !Number.isFinite(s)) {
    // martingale at the root itself (z = 0) is legitimate; anything else is infeasible.
    if (!(form === "martingale" && z <= 1e-12 && Number.isFinite(s))) return out;
  }
  const shift = -theta * backlog;
  if (form === "martingale") {
    const sig = m.hasSigma ? (m.arrivals.sigmaMartingale ? m.arrivals.sigmaMartingale(theta) : Infinity) : 0;
    const st = m.stages[0];
    const cum = backlog > 0 || T === 0 ? 0 : m.geometric[0] ? T * s : st.cumulativeLogMgfNeg!(theta, T);
    const v = sig + cum + theta * m.deficits[0] + shift;
    out.logValue = Number.isNaN(v) ? Infinity : v;
    return out;
  }
  const sigma = sigmaOf(m, theta);
  if (m.closedForm) {
    // One i.i.d. stage: Σ_τ e^{ρτ + ℓ(τ+T)} = e^{ℓT}/(1 − e^{z}), exact (no truncation).
    const v = sigma + s * T - log1mExp(z) + shift;
    out.logValue = Number.isNaN(v) ? Infinity : v;
    return out;
  }
  let j = 0;
  for (let i = 1; i < m.n; i++) if (m.ell[i] > m.ell[j]) j = i;
  const excess = deficitExcess(m, theta);
  if (form === "paper") {
    networkSequence(m, theta, s, T);
    const vT = bufV[T];
    const h = (w: number) => {
      let k = -log1mExp(z + w);
      for (let i = 0; i < m.n; i++) if (i !== j) k -= log1mExp(m.ell[i] - s - w);
      return Number.isNaN(k) ? Infinity : k;
    };
    let best = h(0);
    const g = goldenMin(h, 0, -z, 1e-10);
    if (g.fx < best) best = g.fx;
    const v = sigma + s * T + Math.log(vT) + best + excess + shift;
    out.logValue = Number.isNaN(v) ? Infinity : v;
    return out;
  }
  // exact: pick the tail parameter ω that needs the fewest terms.
  let nonGeometric = 0;
  for (let i = 0; i < m.n; i++) if (!m.geometric[i]) nonGeometric++;
  const cap = nonGeometric >= 2 ? MAX_TERMS_CONVOLUTION : MAX_TERMS_GEOMETRIC;
  const logTol = Math.log(tol);
  let bestTerms = Infinity;
  let bestW = -0.5 * z;
  let bestLogK = 0;
  for (const f of [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85]) {
    const w = -f * z;
    let logK = excess;
    for (let i = 0; i < m.n; i++) logK -= log1mExp(m.ell[i] - s - w);
    const need = Math.ceil((logK + w * T - log1mExp(z + w) - logTol) / -(z + w));
    if (need < bestTerms) {
      bestTerms = need;
      bestW = w;
      bestLogK = logK;
    }
  }
  if (!Number.isFinite(bestTerms)) return out;
  const tauMax = Math.max(0, Math.min(bestTerms, cap));
  networkSequence(m, theta, s, T + tauMax);
  const ez = Math.exp(z);
  let acc = 0;
  for (let k = T + tauMax; k >= T; k--) acc = acc * ez + bufV[k];
  const logTail = bestLogK + bestW * T + (z + bestW) * (tauMax + 1) - log1mExp(z + bestW);
  const base = sigma + s * T + shift;
  const tailRatio = Math.exp(logTail - Math.log(acc));
  const v = base + Math.log(acc) + Math.log1p(tailRatio);
  out.logValue = Number.isNaN(v) ? Infinity : v;
  out.logTail = base + logTail;
  return out;
}

/**
 * ln B(θ, T) for every integer T in [0, Tmax] at one θ (exact form), reusing one
 * convolution: `S(T) = v(T) + e^{z}·S(T+1)` backwards. Returns false when θ is infeasible.
 * The tail beyond `Tmax + τmax` is bounded as in {@link logBound} for the largest T.
 */
export function logBoundAllT(m: Model, theta: number, Tmax: number, tol: number, outLog: Float64Array): boolean {
  outLog.fill(Infinity, 0, Tmax + 1);
  if (!(theta > 0)) return false;
  const rho = arrivalRate(m, theta);
  const s = serviceSlopes(m, theta);
  const z = rho + s;
  if (!(z < 0) || !Number.isFinite(s)) return false;
  const sigma = sigmaOf(m, theta);
  const excess = deficitExcess(m, theta);
  let nonGeometric = 0;
  for (let i = 0; i < m.n; i++) if (!m.geometric[i]) nonGeometric++;
  const cap = nonGeometric >= 2 ? MAX_TERMS_CONVOLUTION : MAX_TERMS_GEOMETRIC;
  const logTol = Math.log(tol);
  let bestTerms = Infinity;
  let bestW = -0.5 * z;
  let bestLogK = 0;
  for (const f of [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85]) {
    const w = -f * z;
    let logK = excess;
    for (let i = 0; i < m.n; i++) logK -= log1mExp(m.ell[i] - s - w);
    const need = Math.ceil((logK + w * Tmax - log1mExp(z + w) - logTol) / -(z + w));
    if (need < bestTerms) {
      bestTerms = need;
      bestW = w;
      bestLogK = logK;
    }
  }
  if (!Number.isFinite(bestTerms)) return false;
  const tauMax = Math.max(0, Math.min(bestTerms, cap));
  const N = Tmax + tauMax;
  networkSequence(m, theta, s, N);
  const ez = Math.exp(z);
  // The tail of S(T) beyond N: Σ_{k>N} e^{z(k−T)} v(k) ≤ K e^{ωT} e^{(z+ω)(N−T+1)}/(1 − e^{z+ω}).
  const logTailCommon = bestLogK + (z + bestW) * (N + 1) - log1mExp(z + bestW);
  let acc = 0;
  for (let k = N; k >= 0; k--) {
    acc = acc * ez + bufV[k];
    if (k <= Tmax) {
      const logTail = logTailCommon - z * k;
      const v = sigma + s * k + Math.log(acc) + Math.log1p(Math.exp(logTail - Math.log(acc)));
      outLog[k] = Number.isNaN(v) ? Infinity : v;
    }
  }
  return true;
}
