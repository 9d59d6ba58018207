/**
 * Numeric kernels of the SNC bounds. Nothing here throws: outside a domain a kernel returns
 * +Infinity (a θ the minimiser must discard) and the entry points in `bounds.ts` turn that
 * into an answer (errors in two tiers: checks at the entry, none in kernels).
 *
 * Scaled linear space: with `ℓ_i(θ) = ln m_i(θ)` per stage and `s = max_i ℓ_i` (the slowest
 * stage), every stage sequence is stored as `v_i(u) = M_i(−θ, u)·e^{−s·u} ∈ [0, e^{θδ_i}]`,
 * so the n-fold convolution grows only polynomially and needs no exp/log per term.
 *
 * @module
 */

import { goldenMin } from "../numeric/minimize.js";
import { log1mExp } from "../util/logspace.js";
import type { ArrivalProcess, StageService } from "./types.js";

/** Largest θ searched: beyond it `e^{θδ}` for a floored stage approaches overflow. */
export const THETA_CAP = 500;
/** Most terms of the exact sum beyond T0 when every stage is i.i.d. (O(n·N) work). */
const MAX_TERMS_GEOMETRIC = 400_000;
/** Most terms when two or more stages need an O(N²) convolution (the paper's floors). */
const MAX_TERMS_CONVOLUTION = 4_000;

/**
 * Work limit of one evaluation of a tandem's exact or paper bound at one θ (docs/robustness.md,
 * "Work limits"): n·(T0 + 1) ≤ 2^22 stage-slot terms (≈ 30 ms; a bound takes 10–40
 * evaluations, a quantile search a few hundred) and, with f ≥ 2 floored stages whose
 * sequences are convolved directly, (f − 1)·(T0 + 1)² ≤ 2^22 as well.
 */
export const MAX_TERMS_PER_EVALUATION = 2 ** 22;

/**
 * The largest delay T0 (slots) the bound of `m` in `form` may be evaluated at under
 * {@link MAX_TERMS_PER_EVALUATION}; Infinity where the work does not grow with T0 (one
 * i.i.d. stage's closed form, the martingale form).
 */
export function maxDelaySlots(m: Model, form: Form | "tightest"): number {
  if (m.closedForm || form === "martingale") return Infinity;
  let floored = 0;
  for (const g of m.geometric) if (!g) floored++;
  let T = Math.floor(MAX_TERMS_PER_EVALUATION / m.n) - 1;
  if (floored >= 2) T = Math.min(T, Math.floor(Math.sqrt(MAX_TERMS_PER_EVALUATION / (floored - 1))) - 1);
  return T;
}

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

/**
 * Resolves an arrival process and the stages of a service into a {@link Model}. Stability is
 * `E[a] < min_i E[s_i]` per slot (g′(0) < 0); equality is unstable.
 */
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
 * θmax = sup{θ : g(θ) < 0}, by bisection on the sign of the convex g (docs/model.md §4). An
 * infeasible θ (g = +∞, e.g. beyond the arrivals' MGF domain) counts as g ≥ 0. Capped at
 * {@link THETA_CAP} when g never turns positive (bounded arrivals, faster service).
 */
export function thetaMax(m: Model): number {
  if (!m.stable) return 0;
  let lo = 0;
  let hi = Number.isFinite(m.thetaSup) ? Math.min(m.thetaSup, THETA_CAP) : Math.min(1, THETA_CAP);
  let ghi = stabilityFunction(m, hi);
  while (ghi < 0) {
    if (hi >= THETA_CAP) return THETA_CAP;
    lo = hi;
    hi = Math.min(2 * hi, THETA_CAP);
    ghi = stabilityFunction(m, hi);
  }
  // Bisect until both ends have finite g of opposite signs (g(0) = 0 is no sign), then
  // Illinois false position; any +∞ (outside the arrivals' domain) falls back to bisection.
  let glo = lo > 0 ? stabilityFunction(m, lo) : 0;
  let side = 0;
  for (let k = 0; k < 300 && hi - lo > 1e-14 * hi; k++) {
    let mid: number;
    if (glo < 0 && Number.isFinite(ghi) && ghi > 0) {
      mid = (lo * ghi - hi * glo) / (ghi - glo);
      if (!(mid > lo && mid < hi)) mid = 0.5 * (lo + hi);
    } else mid = 0.5 * (lo + hi);
    const gm = stabilityFunction(m, mid);
    if (gm < 0) {
      lo = mid;
      glo = gm;
      if (side === -1) ghi *= 0.5;
      side = -1;
    } else {
      hi = mid;
      ghi = gm;
      if (gm === 0) break;
      if (side === 1) glo *= 0.5;
      side = 1;
    }
  }
  return lo;
}

// ---------------------------------------------------------------------------------------
// Scratch buffers (module-local, reused across calls: the bounds are evaluated thousands of
// times inside a θ search, and JS is single-threaded per module instance).
let bufV = new Float64Array(1024);
let bufW = new Float64Array(1024);
let bufU = new Float64Array(1024);
let bufS = new Float64Array(1024);
let bufE = new Float64Array(1024);

function ensure(len: number): void {
  if (bufV.length >= len) return;
  let size = bufV.length;
  while (size < len) size *= 2;
  bufV = new Float64Array(size);
  bufW = new Float64Array(size);
  bufU = new Float64Array(size);
  bufS = new Float64Array(size);
  bufE = new Float64Array(size);
}

// Rescaling. With many stages of nearly equal rates the scaled sequences grow like
// binomial coefficients (H_n(T) ≈ C(T+n, n): e^{830} for n = 300, T = 2000) and overflow,
// which made a 300-stage bound jump from ln P = −2070 at T0 = 600 to +∞ at T0 = 3000. The
// geometric recursions therefore keep their arrays in units of 2^e (exact: a power of two
// changes no digit) and rescale whenever an upper bound on their entries passes 2^500; one
// stage multiplies that bound by at most (T + 2)·max(1, d) (H_k(n) ≤ (n + 1)·max H_{k−1}).

/** Entries above this are rescaled (headroom for one stage's growth before 2^1024). */
const RESCALE_AT = 2 ** 500;

/** max of a[0..n−1] (≥ 0 entries). */
function maxOf(a: Float64Array, n: number): number {
  let m = 0;
  for (let k = 0; k < n; k++) if (a[k] > m) m = a[k];
  return m;
}

/** The exponent e with 2^e ≤ x < 2^(e+1) (0 for x ≤ 0 or non-finite x). */
function exponentOf(x: number): number {
  return x > 0 && x < Infinity ? Math.floor(Math.log2(x)) : 0;
}

/** Multiplies a[0..n−1] by 2^−e. */
function scaleDown(a: Float64Array, n: number, e: number): void {
  const f = 2 ** -e;
  for (let k = 0; k < n; k++) a[k] *= f;
}

/**
 * Fills bufV[0..N] with the scaled base sequence: the convolution of the non-geometric
 * (floored) stages, `Π M_i(−θ, u_i)·e^{−s·n}` summed over u_i with Σu_i = n, or δ₀ when
 * every stage is geometric. Direct convolution, O(N·mMax) with the faster stages'
 * sequences cut where their envelope is negligible (O(N²) only for tied floors).
 */
function baseSequence(m: Model, theta: number, s: number, N: number): void {
  ensure(N + 1);
  const v = bufV;
  v.fill(0, 0, N + 1);
  v[0] = 1;
  // Slowest floored stage first: every later one has y = e^{ℓ_i − s} < 1 (unless tied),
  // so its scaled terms fall below e^{−41.5} of their e^{θδ} envelope after mMax terms.
  const order: number[] = [];
  for (let i = 0; i < m.n; i++) if (!m.geometric[i]) order.push(i);
  order.sort((a, b) => m.ell[b] - m.ell[a]);
  let first = true;
  for (const i of order) {
    const st = m.stages[i];
    const u = first ? v : bufU;
    const c = st.kind === "constant" && st.params.floor === true ? (st.params.perSlot as number) : NaN;
    if (c >= 0) {
      // The floored constant rate: consecutive terms differ by e^{−θ(⌊c(k)⌋ − ⌊c(k−1)⌋) − s},
      // one of two ratios, so the sequence needs no exp per term (rounding grows like k·ε,
      // 4e-11 at the 4e5-term cap). Restart from an exact exp every 4096 terms anyway.
      const base = Math.floor(c);
      const r0 = Math.exp(-theta * base - s);
      const r1 = r0 * Math.exp(-theta);
      u[0] = 1;
      let prev = 0;
      for (let k = 1; k <= N; k++) {
        const fl = Math.floor(c * k);
        u[k] = (k & 4095) === 0 ? Math.exp(-theta * fl - s * k) : u[k - 1] * (fl - prev === base ? r0 : r1);
        prev = fl;
      }
    } else {
      for (let k = 0; k <= N; k++) u[k] = Math.exp(st.cumulativeLogMgfNeg!(theta, k) - s * k);
    }
    if (first) {
      first = false;
      continue;
    }
    // Σ_j u(j) v(k−j), j ≤ mMax; the dropped terms are bounded by
    // max_{i≤k} v(i) · e^{θδ} y^{mMax+1}/(1 − y) and added back, so the result never
    // falls below the exact convolution (a bound must stay an upper bound).
    const lnY = m.ell[i] - s;
    const excess = theta * m.deficits[i];
    let mMax = N;
    let corr = 0;
    if (lnY < -1e-9) {
      const need = Math.ceil((excess + 41.5) / -lnY);
      if (need < N) {
        mMax = need;
        corr = Math.exp(excess + lnY * (mMax + 1) - log1mExp(lnY));
      }
    }
    const w = bufW;
    let vMax = 0;
    for (let k = 0; k <= N; k++) {
      if (v[k] > vMax) vMax = v[k];
      let acc = 0;
      const jEnd = k < mMax ? k : mMax;
      for (let j = 0; j <= jEnd; j++) acc += u[j] * v[k - j];
      w[k] = k > mMax ? acc + corr * vMax : acc;
    }
    v.set(w.subarray(0, N + 1));
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
  /** ln of the truncation-error bound included in logValue (−∞ when nothing was truncated). */
  logTail: number;
}

/** Which bound: the exact sum (10), the paper's relaxation (11)–(12), or Kingman's martingale bound. */
export type Form = "exact" | "paper" | "martingale";

/**
 * Plans the truncation of the floored base: the smallest M such that
 * `Σ_{τ>M} e^{zτ} base(T+τ) ≤ tol·base(T)`-scale, using the generating-function bound
 * `base(n) ≤ K(ω)e^{ωn}`, `K(ω) = e^{θΣδ}Π_{i floored} 1/(1 − y_i e^{−ω})`, for
 * `ln max y_F < ω < −z`. Returns M, ω and ln K (M = Infinity when no ω works).
 */
function planTail(m: Model, theta: number, s: number, z: number, T: number, tol: number, cap: number): { M: number; w: number; logK: number } {
  let lnYF = -Infinity;
  for (let i = 0; i < m.n; i++) if (!m.geometric[i] && m.ell[i] - s > lnYF) lnYF = m.ell[i] - s;
  const excess = deficitExcess(m, theta);
  const logTol = Math.log(tol);
  let best = { M: Infinity, w: 0, logK: 0 };
  for (const f of [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85]) {
    const w = lnYF + f * (-z - lnYF);
    let logK = excess;
    for (let i = 0; i < m.n; i++) if (!m.geometric[i]) logK -= log1mExp(m.ell[i] - s - w);
    // Relative to the lower bound base(T) ≥ y_F,max^T (all T slots on the slowest floor).
    const need = Math.ceil((logK + (w - lnYF) * T - log1mExp(z + w) - logTol) / -(z + w)) - 1;
    if (need < best.M) best = { M: need, w, logK };
  }
  best.M = Math.max(0, Math.min(best.M, cap));
  return best;
}

/**
 * The exact sum `S(T) = Σ_{τ≥0} e^{zτ} v(τ+T)` (scaled units) for one T, with v the n-fold
 * convolution. Geometric stages enter exactly: with `H_k = H_{k−1} ∗ (y_k^u)`,
 * `H_k(n) = H_{k−1}(n) + y_k H_k(n−1)` and `S_k(T) = (S_{k−1}(T) + y_k H_k(T−1))/(1 − e^z y_k)`
 * — no truncation, no cancellation (all terms positive; e^z y_k < 1). Only the floored
 * base `S_0(T)` is an infinite series, cut with {@link planTail}'s bound.
 * Writes [ln(S + error bound), ln(error bound)] into `res`.
 */
function exactScaledSum(m: Model, theta: number, s: number, z: number, T: number, tol: number, res: Float64Array): void {
  let nonGeometric = 0;
  for (let i = 0; i < m.n; i++) if (!m.geometric[i]) nonGeometric++;
  const x = Math.exp(z);
  let S: number;
  let err = 0;
  if (nonGeometric === 0) {
    ensure(T + 1);
    bufV.fill(0, 0, T + 1);
    bufV[0] = 1;
    S = T === 0 ? 1 : 0;
  } else {
    const plan = planTail(m, theta, s, z, T, tol, nonGeometric >= 2 ? MAX_TERMS_CONVOLUTION : MAX_TERMS_GEOMETRIC);
    if (!Number.isFinite(plan.M)) {
      res[0] = Infinity;
      res[1] = -Infinity;
      return;
    }
    baseSequence(m, theta, s, T + plan.M);
    let acc = 0;
    for (let k = T + plan.M; k >= T; k--) acc = acc * x + bufV[k];
    S = acc;
    err = Math.exp(plan.logK + plan.w * T + (z + plan.w) * (plan.M + 1) - log1mExp(z + plan.w));
  }
  const H = bufV; // H_k(n), n < T, updated in place stage by stage
  let e2 = 0; // H, S and err are in units of 2^e2
  // ≥ every entry; the geometric-only start δ₀ is 1 (no pass over the array needed).
  let bound = nonGeometric === 0 ? 1 : Math.max(maxOf(H, T), S, err);
  for (let i = 0; i < m.n; i++) {
    if (!m.geometric[i]) continue;
    if (bound > RESCALE_AT) {
      const e = exponentOf(Math.max(maxOf(H, T), S, err));
      scaleDown(H, T, e);
      S *= 2 ** -e;
      err *= 2 ** -e;
      e2 += e;
      bound = Math.max(maxOf(H, T), S, err);
    }
    const y = Math.exp(m.ell[i] - s);
    for (let k = 1; k < T; k++) H[k] += y * H[k - 1];
    const d = 1 / (1 - x * y);
    S = (S + (T > 0 ? y * H[T - 1] : 0)) * d;
    err *= d;
    bound *= (T + 2) * Math.max(1, d);
  }
  res[0] = Math.log(S + err) + e2 * Math.LN2;
  res[1] = err > 0 ? Math.log(err) + e2 * Math.LN2 : -Infinity;
}

/** ln v(T), v(T) = M_net(−θ, T)·e^{−sT}: the full convolution at one point, O(n·T) for geometric stages (rescaled as in {@link exactScaledSum}). */
function logScaledNetworkAt(m: Model, theta: number, s: number, T: number): number {
  baseSequence(m, theta, s, T);
  const H = bufV;
  let e2 = 0;
  let bound = m.geometric.every((g) => g) ? 1 : maxOf(H, T + 1);
  for (let i = 0; i < m.n; i++) {
    if (!m.geometric[i]) continue;
    if (bound > RESCALE_AT) {
      const e = exponentOf(maxOf(H, T + 1));
      scaleDown(H, T + 1, e);
      e2 += e;
      bound = maxOf(H, T + 1);
    }
    const y = Math.exp(m.ell[i] - s);
    for (let k = 1; k <= T; k++) H[k] += y * H[k - 1];
    bound *= T + 2;
  }
  return Math.log(H[T]) + e2 * Math.LN2;
}

const pair = new Float64Array(2);

/**
 * ln of the delay (or, with `backlog`, backlog) bound at θ (docs/model.md §4, paper (10)–(12)).
 *
 * - exact: `σ + ln Σ_{τ≥0} e^{ρτ} M_net(−θ, τ+T)` = `σ + sT + ln S(T)` (see
 *   {@link exactScaledSum}); closed form `e^{σ+ℓT}/(1 − e^z)` for one i.i.d. stage.
 * - paper: (11)–(12) with the tandem constant: `σ + ln M_net(−θ, T) + ln K − ln(1 − e^{z+ω})`,
 *   `K = Π_{i≠slowest} 1/(1 − y_i e^{−ω}) · Π e^{θδ_i}`, ω ∈ [0, −z) chosen to minimise
 *   (ω = 0 is the printed form; ω > 0 is the "lower a rate by δ" of SNC texts for ties).
 * The martingale form is not computed here: its one home is `martingale-tandem.ts`
 * (docs/model.md §10), for one stage as for tandems; here it counts as infeasible.
 *
 * `backlog` b adds `−θb` and uses T = 0 (P(Q > b) ≤ e^{−θb} Σ_τ M_A(θ,τ) M_net(−θ,τ)).
 */
export function logBound(m: Model, form: Form, theta: number, T: number, backlog: number, tol: number, out: Eval): Eval {
  out.logTail = -Infinity;
  out.logValue = Infinity;
  if (!(theta > 0) || form === "martingale") return out;
  const rho = arrivalRate(m, theta);
  const s = serviceSlopes(m, theta);
  const z = rho + s;
  if (!(z < 0) || !Number.isFinite(s)) return out;
  const shift = -theta * backlog;
  const sigma = sigmaOf(m, theta);
  if (m.closedForm) {
    // One i.i.d. stage: Σ_τ e^{ρτ + ℓ(τ+T)} = e^{ℓT}/(1 − e^{z}), exact (no truncation).
    const v = sigma + s * T - log1mExp(z) + shift;
    out.logValue = Number.isNaN(v) ? Infinity : v;
    return out;
  }
  if (form === "paper") {
    let j = 0;
    for (let i = 1; i < m.n; i++) if (m.ell[i] > m.ell[j]) j = i;
    const logVT = logScaledNetworkAt(m, theta, s, T);
    const h = (w: number) => {
      let k = -log1mExp(z + w);
      for (let i = 0; i < m.n; i++) if (i !== j) k -= log1mExp(m.ell[i] - s - w);
      return Number.isNaN(k) ? Infinity : k;
    };
    let best = h(0);
    const g = goldenMin(h, 0, -z, 1e-7);
    if (g.fx < best) best = g.fx;
    const v = sigma + s * T + logVT + best + deficitExcess(m, theta) + shift;
    out.logValue = Number.isNaN(v) ? Infinity : v;
    return out;
  }
  exactScaledSum(m, theta, s, z, T, tol, pair);
  const base = sigma + s * T + shift;
  const v = base + pair[0];
  out.logValue = Number.isNaN(v) ? Infinity : v;
  out.logTail = base + pair[1];
  return out;
}

/**
 * ln B(θ, T) (exact form) for every integer T in [0, Tmax] at one θ, reusing one pass:
 * `S_0(T) = base(T) + e^z S_0(T+1)` backwards, then each geometric stage updates every
 * `S_k(T) = (S_{k−1}(T) + y_k H_k(T−1))/(1 − e^z y_k)` in O(Tmax). Returns false when θ is
 * infeasible.
 */
export function logBoundAllT(m: Model, theta: number, Tmax: number, tol: number, outLog: Float64Array): boolean {
  outLog.fill(Infinity, 0, Tmax + 1);
  if (!(theta > 0)) return false;
  const rho = arrivalRate(m, theta);
  const s = serviceSlopes(m, theta);
  const z = rho + s;
  if (!(z < 0) || !Number.isFinite(s)) return false;
  const sigma = sigmaOf(m, theta);
  let nonGeometric = 0;
  for (let i = 0; i < m.n; i++) if (!m.geometric[i]) nonGeometric++;
  const x = Math.exp(z);
  let N = Tmax;
  let plan = { M: 0, w: 0, logK: 0 };
  if (nonGeometric > 0) {
    plan = planTail(m, theta, s, z, Tmax, tol, nonGeometric >= 2 ? MAX_TERMS_CONVOLUTION : MAX_TERMS_GEOMETRIC);
    if (!Number.isFinite(plan.M)) return false;
    N = Tmax + plan.M;
  }
  baseSequence(m, theta, s, N);
  const S = bufS;
  const E = bufE;
  if (nonGeometric === 0) {
    S.fill(0, 0, Tmax + 1);
    S[0] = 1;
    E.fill(0, 0, Tmax + 1);
  } else {
    let acc = 0;
    for (let k = N; k >= 0; k--) {
      acc = acc * x + bufV[k];
      if (k <= Tmax) {
        S[k] = acc;
        E[k] = Math.exp(plan.logK + plan.w * k + (z + plan.w) * (N - k + 1) - log1mExp(z + plan.w));
      }
    }
  }
  const H = bufV;
  const len = Tmax + 1;
  let e2 = 0; // H, S and E are in units of 2^e2 (see RESCALE_AT)
  let bound = nonGeometric === 0 ? 1 : Math.max(maxOf(H, len), maxOf(S, len), maxOf(E, len));
  for (let i = 0; i < m.n; i++) {
    if (!m.geometric[i]) continue;
    if (bound > RESCALE_AT) {
      const e = exponentOf(Math.max(maxOf(H, len), maxOf(S, len), maxOf(E, len)));
      scaleDown(H, len, e);
      scaleDown(S, len, e);
      scaleDown(E, len, e);
      e2 += e;
      bound = Math.max(maxOf(H, len), maxOf(S, len), maxOf(E, len));
    }
    const y = Math.exp(m.ell[i] - s);
    const d = 1 / (1 - x * y);
    // S_k(T) uses the new H_k(T−1): advance H first, then every S.
    for (let k = 1; k <= Tmax; k++) H[k] += y * H[k - 1];
    for (let T = 0; T <= Tmax; T++) {
      S[T] = (S[T] + (T > 0 ? y * H[T - 1] : 0)) * d;
      E[T] *= d;
    }
    bound *= (Tmax + 2) * Math.max(1, d);
  }
  for (let T = 0; T <= Tmax; T++) {
    const v = sigma + s * T + Math.log(S[T] + E[T]) + e2 * Math.LN2;
    outLog[T] = Number.isNaN(v) ? Infinity : v;
  }
  return true;
}
