/**
 * M/G/1 tails for a service time with a deterministic offset, S = a + X, by the tilted
 * renewal (Volterra) equation solved with product integration, Richardson extrapolation
 * over three grids, and — near t = 0 when the offset is shorter than the grid step — the
 * exact offset series.
 *
 * Kernel only: never throws; the caller decides when it applies.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { gammaP, gammaQ } from "../special/gammainc.js";
import { logGamma } from "../special/gamma.js";
import { isDistribution } from "../distributions/distributions.js";
import type { CramerLundberg } from "./lundberg.js";
import { type OffsetSeries, gammaOffsetSeries } from "./offset-series.js";
import { gaussNodes, tanhSinhNodes } from "../numeric/quadrature.js";
import { convolve, solveLowerToeplitz } from "../numeric/convolution.js";

/** The random part X of S = a + X: a gamma law (exponential, Erlang, gamma) or a hyperexponential. */
export interface OffsetLaw {
  /** "gamma" (exponential and Erlang included) or "hyperexponential". */
  readonly kind: "gamma" | "hyperexponential";
  /** E[X]. */
  readonly mean: number;
  /** Gamma shape k (1 for a hyperexponential, whose branches are exponential). */
  readonly shape: number;
  /** Gamma scale β = E[X]/k (unused for a hyperexponential). */
  readonly beta: number;
  /** Hyperexponential branch weights (empty for a gamma law). */
  readonly weights: readonly number[];
  /** Hyperexponential branch means (empty for a gamma law). */
  readonly means: readonly number[];
  /** sup{θ : E[e^{θX}] < ∞}. */
  readonly thetaSup: number;
}

/** S = offset + X. */
export interface OffsetService {
  /** The deterministic part a > 0. */
  readonly offset: number;
  /** The law of X. */
  readonly law: OffsetLaw;
  /** The length over which X's law changes (the grid step is set from it). */
  readonly scale: number;
}

function gammaLaw(shape: number, mean: number): OffsetLaw {
  return { kind: "gamma", mean, shape, beta: mean / shape, weights: [], means: [], thetaSup: shape / mean };
}

/** The law of X for the families whose survival function and density are closed forms; null otherwise. */
function lawOf(d: Distribution): OffsetLaw | null {
  const p = d.params;
  if (d.kind === "exponential") return gammaLaw(1, d.mean);
  if (d.kind === "erlang" || d.kind === "gamma") return gammaLaw(p.shape as number, d.mean);
  if (d.kind === "hyperexponential") {
    const w = p.weights as number[];
    const ms = p.means as number[];
    const live = ms.filter((_, i) => w[i] > 0);
    return { kind: "hyperexponential", mean: d.mean, shape: 1, beta: NaN, weights: w, means: ms, thetaSup: 1 / Math.max(...live) };
  }
  return null;
}

function scaleOf(x: OffsetLaw): number {
  if (x.kind === "hyperexponential") return Math.min(...x.means.filter((_, i) => x.weights[i] > 0));
  // k < 1: the density is monotone and the mean is the length it falls over; k ≥ 1: the
  // density rises and falls within about one standard deviation.
  return x.shape < 1 ? x.mean : Math.min(x.mean, x.beta * Math.sqrt(x.shape));
}

/** Splits S into a deterministic total and at most one random part (null if more). */
function split(d: Distribution): { offset: number; rest: Distribution | null } | null {
  if (d.kind === "deterministic") return { offset: d.mean, rest: null };
  if (d.kind === "shifted") {
    const inner = d.params.dist;
    if (!isDistribution(inner)) return null;
    const s = split(inner);
    return s && { offset: (d.params.offset as number) + s.offset, rest: s.rest };
  }
  if (d.kind === "sum") {
    const parts = d.params.dists;
    if (!Array.isArray(parts)) return null;
    let offset = 0;
    let rest: Distribution | null = null;
    for (const part of parts) {
      if (!isDistribution(part)) return null;
      const s = split(part);
      if (s === null) return null;
      offset += s.offset;
      if (s.rest !== null) {
        if (rest !== null) return null;
        rest = s.rest;
      }
    }
    return { offset, rest };
  }
  return { offset: 0, rest: d };
}

/**
 * S as `a + X` with a > 0 and X exponential, Erlang, gamma or hyperexponential (the
 * shapes whose LST carries e^{−sa} and defeats Bromwich-line inversion near t = ja);
 * null for anything else.
 *
 * @param d - a service distribution
 * @returns the offset, the law of X and its scale, or null
 * @example
 * ```ts
 * offsetService(shifted(0.5, exponential(2)))?.offset; // 0.5
 * ```
 */
export function offsetService(d: Distribution): OffsetService | null {
  const s = split(d);
  if (s === null || s.rest === null || !(s.offset > 0)) return null;
  const law = lawOf(s.rest);
  if (law === null || !(law.mean > 0)) return null;
  return { offset: s.offset, law, scale: scaleOf(law) };
}

/**
 * E[(S − t)⁺] = ∫_t^∞ P(S > u) du in closed form for S = a + X with a ≥ 0 and X absent,
 * exponential, Erlang, gamma or hyperexponential (any shift or sum of point masses and at
 * most one such part); null for anything else.
 *
 * @param d - a service distribution
 * @returns t ↦ E[(S − t)⁺] for t ≥ 0, or null
 * @example
 * ```ts
 * integratedTailOf(shifted(1, exponential(2)))!(0.5); // 2.5 = 0.5 + 2
 * ```
 */
export function integratedTailOf(d: Distribution): ((t: number) => number) | null {
  const s = split(d);
  if (s === null) return null;
  const a = s.offset;
  if (s.rest === null) return (t) => Math.max(0, a - t);
  const law = lawOf(s.rest);
  if (law === null) return null;
  const f = lawFunctions(law);
  return (t) => (t < a ? a - t + law.mean : f.integratedTail(t - a));
}

/** P(X > y), its density and E[(X − y)⁺] for the law (y ≥ 0). */
interface LawFunctions {
  ccdf(y: number): number;
  pdf(y: number): number;
  integratedTail(y: number): number;
}

function lawFunctions(x: OffsetLaw): LawFunctions {
  if (x.kind === "hyperexponential") {
    const { weights: w, means: ms } = x;
    const sum = (f: (wi: number, mi: number) => number): number => w.reduce((acc, wi, i) => (wi > 0 ? acc + f(wi, ms[i]) : acc), 0);
    return {
      ccdf: (y) => sum((wi, mi) => wi * Math.exp(-y / mi)),
      pdf: (y) => sum((wi, mi) => (wi / mi) * Math.exp(-y / mi)),
      integratedTail: (y) => sum((wi, mi) => wi * mi * Math.exp(-y / mi)),
    };
  }
  const { shape: k, beta } = x;
  if (Number.isInteger(k) && k <= 16) {
    // Erlang: P(X > y) = e^{−z}Σ_{m<k} zᵐ/m! and E[(X − y)⁺] = βe^{−z}Σ_{m<k} (k − m)zᵐ/m!
    // (z = y/β): finite sums of positive terms, relative-accurate and cheaper than Q(k, z).
    const sums = (y: number): [number, number, number] => {
      const z = y / beta;
      let term = Math.exp(-z);
      let s0 = 0;
      let s1 = 0;
      for (let m = 0; m < k; m++) {
        if (m > 0) term *= z / m;
        s0 += term;
        s1 += (k - m) * term;
      }
      return [s0, s1, term];
    };
    return {
      ccdf: (y) => sums(y)[0],
      pdf: (y) => sums(y)[2] / beta, // the last term: z^{k−1}e^{−z}/(k − 1)!, over β
      integratedTail: (y) => beta * sums(y)[1],
    };
  }
  const logNorm = logGamma(k) + k * Math.log(beta);
  return {
    ccdf: (y) => gammaQ(k, y / beta),
    pdf: (y) => (y > 0 ? Math.exp((k - 1) * Math.log(y) - y / beta - logNorm) : k < 1 ? Infinity : k === 1 ? 1 / beta : 0),
    // E[(X − y)⁺] = β[k·Q(k+1, z) − z·Q(k, z)], z = y/β.
    integratedTail: (y) => {
      const z = y / beta;
      return Math.max(0, beta * (k * gammaQ(k + 1, z) - z * gammaQ(k, z)));
    },
  };
}

/**
 * Coarse grid steps per scale of X (and per 1/κ): 4 when the error expands in even powers of
 * h (exponential, Erlang), 6 when a non-integer gamma shape adds h^{2+k} or a hyperexponential
 * puts its kinks off the nodes (measured: ≤ 5e-8 against the fixtures either way).
 */
const PER_SCALE_EVEN = 4;
const PER_SCALE = 6;
/** Node budget of the finest grid (O(N·L) work for a kernel spanning L nodes). */
const MAX_FINE = 24000;
/** Sub-samples per finest cell: the kernel is sampled at h/6 (7-point rules on each cell). */
const SUB = 6;
/** Kinks of the seed zone's series that the quadrature splits at (later ones are C⁶). */
const SEED_KINKS = 6;

/** Weights of the closed 7-point Newton–Cotes rule on [0, 6] for ∫f and ∫s·f. */
const NC = (() => {
  const w0 = new Float64Array(SUB + 1);
  const w1 = new Float64Array(SUB + 1);
  for (let q = 0; q <= SUB; q++) {
    const ell = (s: number): number => {
      let v = 1;
      for (let r = 0; r <= SUB; r++) if (r !== q) v *= (s - r) / (q - r);
      return v;
    };
    gaussNodes(0, SUB, 8, (s, w) => {
      w0[q] += w * ell(s);
      w1[q] += w * s * ell(s);
    });
  }
  return { w0, w1 };
})();

/** ∫_p^q f and ∫_p^q (x − x₀)f by tanh-sinh, f given the exact distance from p (singular there). */
function tanhSinhMoments(f: (dist: number) => number, p: number, q: number, x0: number): [number, number] {
  let m0 = 0;
  let m1 = 0;
  tanhSinhNodes(p, q, (x, dl, _dh, w) => {
    const v = w * f(dl);
    m0 += v;
    m1 += v * (x - x0);
  });
  return [m0, m1];
}

/** ∫_p^q f and ∫_p^q (x − x₀)f by n-point Gauss–Legendre, f given x. */
function gaussMoments(f: (x: number) => number, p: number, q: number, x0: number, n: number): [number, number] {
  let m0 = 0;
  let m1 = 0;
  gaussNodes(p, q, n, (x, w) => {
    const v = w * f(x);
    m0 += v;
    m1 += v * (x - x0);
  });
  return [m0, m1];
}

const plus = (u: [number, number], v: [number, number]): [number, number] => [u[0] + v[0], u[1] + v[1]];

/** ∫f and ∫(x − x₀)f over one cell from its 7 samples f[i0..i0+6] at spacing d (x₀ = the first). */
function newtonCotes(f: Float64Array, i0: number, d: number): [number, number] {
  let s0 = 0;
  let s1 = 0;
  for (let q = 0; q <= SUB; q++) {
    s0 += NC.w0[q] * f[i0 + q];
    s1 += NC.w1[q] * f[i0 + q];
  }
  return [s0 * d, s1 * d * d];
}

/** Lagrange basis on the 7 points q/6, q = 0..6, of [0, 1], at s. */
function subBasis(s: number, out: Float64Array): void {
  for (let q = 0; q <= SUB; q++) {
    let v = 1;
    for (let r = 0; r <= SUB; r++) if (r !== q) v *= (SUB * s - r) / (q - r);
    out[q] = v;
  }
}

/** The two tails of the queue, and what the grid reached. */
export interface OffsetTails {
  readonly wait: (t: number) => number;
  readonly sojourn: (t: number) => number;
  /** End of the grid; beyond it the Cramér–Lundberg asymptote is used. */
  readonly horizon: number;
  /** Estimated relative error of the tilted solution on the grid (the last Richardson correction, largest over the nodes). */
  readonly errorEstimate: number;
  /**
   * |Y(horizon)/C − 1|: what is left of the transients where the asymptote takes over, the
   * relative error of the tails beyond the horizon (where the tail is below 1e-16 unless the
   * tilted solution had settled earlier).
   */
  readonly transientAtHorizon: number;
}

/** Lagrange interpolation through nodes idx0..idx0+k−1 of `v` (spacing h, first node at `origin`) at t. */
function lagrange(v: Float64Array, idx0: number, k: number, h: number, origin: number, t: number): number {
  let r = 0;
  for (let i = 0; i < k; i++) {
    let w = 1;
    const ti = origin + (idx0 + i) * h;
    for (let j = 0; j < k; j++) {
      if (j !== i) w *= (t - (origin + (idx0 + j) * h)) / (ti - (origin + (idx0 + j) * h));
    }
    r += w * v[idx0 + i];
  }
  return r;
}

/** Solves a small dense system by Gaussian elimination with partial pivoting (n ≤ 8). */
function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x;
}

/**
 * Interpolation just after a kink where the function is `A(s) + s^p B(s)` (A, B smooth,
 * s = t − kink, p > 0 not an integer): fits {1, s, s², s³, s^p, s^{p+1}} through the six
 * nodes kink + i·h, i = 0..5, and evaluates at t (a polynomial would err O(h^p) there).
 */
function enriched(v: (i: number) => number, h: number, p: number, s: number): number {
  const basis = (x: number): number[] => [1, x, x * x, x * x * x, x ** p, x ** (p + 1)];
  const A: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 6; i++) {
    A.push(basis(i));
    b.push(v(i));
  }
  const c = solveDense(A, b);
  return basis(s / h).reduce((acc, bi, i) => acc + bi * c[i], 0);
}

const isInteger = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-9;

/**
 * Richardson exponents of the product-trapezoid error at grid nodes. With the offset on the
 * grid, the solution is smooth between kinks t = ja except for one-sided terms
 * (t − ja)^{j(1+k)} (gamma shape k), so the nodal error expands in h², h^{2+k}, h^{3+k},
 * h^{2+2k}…, h⁴ — for an integer shape or a hyperexponential in even powers only.
 */
function exponents(x: OffsetLaw, seeded: boolean): [number, number] {
  const k = x.shape;
  if (x.kind === "hyperexponential" || isInteger(k)) return [2, 4];
  // Seeded (offset below the grid step): the series supplies [0, T_c] exactly, the grid
  // sees the kernel's cusp only (h^{3+k}).
  const second = seeded ? 3 + k : 2 + k;
  return [2, Math.min(second, 4)];
}

/** The sojourn quantity V has one more cusp, at t = a (exponent k), so h^{2+k} stays. */
function sojournExponents(x: OffsetLaw): [number, number] {
  const k = x.shape;
  if (x.kind === "hyperexponential" || isInteger(k)) return [2, 4];
  return [2, Math.min(2 + k, 4)];
}

function richardson(v1: number, v2: number, v4: number, p: [number, number]): { value: number; err: number } {
  const f1 = 2 ** p[0];
  const f2 = 2 ** p[1];
  const r12 = (f1 * v2 - v1) / (f1 - 1);
  const r24 = (f1 * v4 - v2) / (f1 - 1);
  const value = (f2 * r24 - r12) / (f2 - 1);
  return { value, err: Math.abs(value - r24) / Math.max(Math.abs(value), 1e-300) };
}

/**
 * Solves the waiting-time and sojourn-time tails of M/G/1 with S = a + X.
 *
 * Method. Z(t) = P(W > t) solves `Z = λ∫_t^∞ F̄_S + λF̄_S ∗ Z`; tilted, Y = e^{κt}Z solves
 * `Y = H + g ∗ Y` with g(x) = λe^{κx}F̄_S(x) a probability density (the Lundberg equation)
 * and H(t) = λe^{κt}∫_t^∞ F̄_S, so errors are relative to the Cramér–Lundberg constant at
 * every t. The convolution is discretised by product integration: Y piecewise linear on a
 * uniform grid, the kernel integrated exactly against each hat function (7-point
 * Newton–Cotes on cells where g is smooth, Gauss–Legendre and tanh-sinh next to the cusp
 * g has at x = a when X is gamma with a non-integer shape k, whose survival function is
 * 1 − O(y^k)). The weights then sum to exactly 1 and the solution does not drift.
 * Grids h, h/2, h/4 are combined by two Richardson steps with the exponents of the error
 * expansion: h², h^{2+k} when a is a grid node (the solution has one-sided terms
 * (t − ja)^{j(1+k)} at the kinks t = ja), h², h⁴ for integer shapes and hyperexponentials.
 * When a is shorter than the step (a ≪ E[X]), the grid does not resolve the kinks; for a
 * gamma X the first cells [0, T_c] (T_c ≥ 4a) are then taken from the exact offset series
 * ({@link gammaOffsetSeries}) and the grid's error expands in h², h^{3+k}.
 * The sojourn tail is explicit, `P(T > a + u) = F̄_X(u) + ∫_0^u f_X(x) P(W > u − x) dx`
 * (T = W + a + X), computed by the same product integration on the grid shifted by a.
 * Between nodes: degree-5 Lagrange interpolation of the finest grid plus the interpolated
 * Richardson correction, inside one kink-free piece [ja, (j+1)a]. Where interpolation
 * cannot follow the singular terms — the seed zone and six steps past it, or, on aligned
 * grids with a non-integer shape, up to the last kink whose exponent (k + j(1+k) for the
 * sojourn tail: k < 1 at t = a) is below 6 — the series answers directly whenever its own
 * rounding estimate is below 1e-10 (it loses ≈ e^{2λt}/tail); otherwise, just after such a
 * kink, a fit with the singular terms s^p, s^{p+1} added. On an unaligned grid for a
 * hyperexponential X (no series), t < 2a takes the series' first two terms in closed form.
 * t < a is exact: P(W > t) = 1 − (1 − ρ)e^{λt}. The grid runs until the tilted solution has
 * stopped changing (the transients of the complex roots have decayed, checked on a coarser
 * scan) or the tail passes 1e-16, within a node budget; beyond it `e^{−κt}·Y(end)`.
 *
 * @param lam - arrival rate λ > 0
 * @param rho - load ρ = λE[S] < 1
 * @param s - the offset service (from {@link offsetService})
 * @param cl - the Cramér–Lundberg root and constants of the queue
 * @returns the two tails, the horizon and an error estimate
 * @example
 * ```ts
 * const s = shifted(0.001, gammaDistribution(0.4, 1));
 * offsetTails(0.6, 0.6006, offsetService(s)!, cramerLundberg(0.6, s)!).wait(1); // 0.46124248…
 * ```
 */
export function offsetTails(lam: number, rho: number, s: OffsetService, cl: CramerLundberg): OffsetTails {
  const { kappa, C } = cl;
  const a = s.offset;
  const x = s.law;
  const fx = lawFunctions(x);
  const k = x.shape;
  const nonIntegerGamma = x.kind === "gamma" && !isInteger(k);

  // Grid plan: a step h0 that resolves X's scale and 1/κ, a node of the grid at a when a
  // is longer than the step (M steps per offset), the series' seed zone (K0 steps) when not.
  // Where the tail passes 1e-16: C e^{−κt}, or ρ e^{−κt} when C ≪ ρ (tiny ρ with κ next to
  // θsup, where the tail is ≈ ρ·P(S_e > t) and reaches C e^{−κt} only far beyond).
  const tTail = (Math.log(Math.max(C, rho, 1e-300)) + 37) / kappa;
  const hAccurate = Math.min(s.scale, 1 / kappa) / (x.kind === "gamma" && isInteger(k) ? PER_SCALE_EVEN : PER_SCALE);
  const budget = Math.floor(MAX_FINE / 4);
  let aligned = false;
  let seeded = false;
  let h0 = hAccurate;
  let M = 0;
  let K0 = 0;
  let tSeries = 0;
  const plan = (hWanted: number): void => {
    if (a >= hWanted) {
      aligned = true;
      h0 = a / Math.ceil(a / hWanted - 1e-9);
    } else if (x.kind === "hyperexponential" && a >= hWanted / 4) {
      aligned = true;
      h0 = a;
    } else {
      aligned = false;
      h0 = hWanted;
    }
    seeded = !aligned && x.kind === "gamma";
    M = aligned ? Math.round(a / h0) : 0;
    K0 = seeded ? Math.max(2, Math.ceil((4 * a) / h0)) : 0;
    // Where the series answers directly (when its own error estimate is below 1e-10): the
    // seed zone and six steps beyond it on unaligned grids; on aligned grids with a
    // non-integer shape, the pieces up to the last kink whose singular exponent (k + j(1+k)
    // for the sojourn tail, j(1+k) for the wait) is below 6, which interpolation would not fit.
    tSeries = seeded ? (K0 + 6) * h0 : aligned && nonIntegerGamma ? (Math.ceil((6 - k) / (1 + k)) + 1) * a : 0;
  };
  const series: OffsetSeries | null = x.kind === "gamma" ? gammaOffsetSeries(lam, rho, a, k, x.beta) : null;
  const replan = (hWanted: number): void => {
    plan(hWanted);
    // The seed needs the series accurate over its zone (it loses ≈ e^{2λt}/tail), which a
    // widened step can break: then no seed, and the kinks stay inside the first cells.
    if (seeded && !(series!.waitTail(tSeries).error <= 1e-10 && series!.sojournTail(a + tSeries).error <= 1e-10)) {
      seeded = false;
      K0 = 0;
      tSeries = 0;
    }
  };
  replan(hAccurate);
  const tWanted = (): number => Math.max(2 * a + 12 * h0, tSeries + 12 * h0, tTail);

  // Tilted kernel g, density f̃ = e^{κx}f_X, forcing H, and the tilted survival of S at a + u.
  const eK = (t: number): number => Math.exp(kappa * t);
  // λ multiplies last: on a time scale of 1e-300 it is 1e300 and e^{κx}·λ alone overflows.
  const g = (xx: number): number => lam * (eK(xx) * (xx < a ? 1 : fx.ccdf(xx - a)));
  const gCusp = (y: number): number => lam * (eK(a + y) * fx.ccdf(y)); // g(a + y), y exact
  const ft = (xx: number): number => eK(xx) * fx.pdf(xx);
  const H = (t: number): number => lam * (eK(t) * (t < a ? a - t + x.mean : fx.integratedTail(t - a)));
  const vForce = (u: number): number => eK(a + u) * fx.ccdf(u);
  const seriesY = (u: number): number => eK(u) * series!.waitTail(u).tail;
  const seriesV = (u: number): number => eK(a + u) * series!.sojournTail(a + u).tail;

  /** Moments ∫g and ∫(x − lo)g over [lo, hi] ⊂ [a, ∞) when g is singular at a (non-integer k). */
  const cuspMoments = (lo: number, hi: number): [number, number] => {
    const w = hi - lo;
    const d = lo - a;
    if (d >= w) return gaussMoments((xx) => gCusp(xx - a), lo, hi, lo, d < 4 * w ? 16 : 10);
    // From the cusp: ∫_a^hi − ∫_a^lo, tanh-sinh with the distance from a exact.
    const whole = tanhSinhMoments(gCusp, a, hi, lo);
    if (!(d > 0)) return whole;
    const part = tanhSinhMoments(gCusp, a, lo, lo);
    return [whole[0] - part[0], whole[1] - part[1]];
  };


  /** Moments of g over a cell that contains a in its interior (unaligned grids). */
  const splitMoments = (lo: number, hi: number): [number, number] =>
    plus(
      gaussMoments((xx) => lam * eK(xx), lo, a, lo, 8),
      nonIntegerGamma ? tanhSinhMoments(gCusp, a, hi, lo) : gaussMoments((xx) => gCusp(xx - a), a, hi, lo, 12),
    );


  /** Moments of f̃ over [lo, hi] for a gamma X near 0, in closed form: c = 1/β − κ. */
  const ftMomentsClosed = (lo: number, hi: number): [number, number] => {
    const c = 1 / x.beta - kappa;
    const norm = Math.exp(-k * Math.log(x.beta * c));
    const p0 = gammaP(k, c * hi) - gammaP(k, c * lo);
    const p1 = gammaP(k + 1, c * hi) - gammaP(k + 1, c * lo);
    const m0 = norm * p0;
    // p1/c first: with κ next to θsup, c is tiny and k/c·(βc)^{−k} alone can overflow.
    return [m0, norm * (k * (p1 / c)) - lo * m0];
  };

  /**
   * The shortest length over which X's density still varies at distance y from X's start,
   * among the components not yet negligible there (Infinity when all are): 7-point rules
   * need cells well inside it, which a widened grid (nearly deterministic X) does not give.
   */
  const localScale = (y: number): number => {
    if (x.kind === "hyperexponential") {
      let sc = Infinity;
      x.weights.forEach((wi, i) => {
        if (wi > 0 && y < 60 * x.means[i]) sc = Math.min(sc, x.means[i]);
      });
      return sc;
    }
    // Past the mean plus 40 standard deviations and 40 scales the density is below e^{−40}.
    return y < x.mean + 40 * x.beta * (Math.sqrt(k) + 1) ? s.scale : Infinity;
  };

  /**
   * Moments ∫f and ∫(x − lo)f over [lo, hi] by adaptive bisection: Gauss–Legendre (10
   * points) on pieces, tanh-sinh on the piece that starts at `from` when f is singular there
   * (f receives the distance from `from`, exact), halves accepted when they agree with the
   * whole to `tol`. For cells much wider than X's scale.
   */
  const adaptiveMoments = (f: (dist: number) => number, from: number, singular: boolean, lo: number, hi: number, tol: number): [number, number] => {
    const rule = (p: number, q: number): [number, number] =>
      singular && p <= from ? tanhSinhMoments(f, p, q, lo) : gaussMoments((xx) => f(xx - from), p, q, lo, 10);
    const rec = (p: number, q: number, whole: [number, number], depth: number): [number, number] => {
      const mid = 0.5 * (p + q);
      const left = rule(p, mid);
      const right = rule(mid, q);
      const m0 = left[0] + right[0];
      if (depth >= 60 || Math.abs(m0 - whole[0]) <= tol) return [m0, left[1] + right[1]];
      const l = rec(p, mid, left, depth + 1);
      const r = rec(mid, q, right, depth + 1);
      return [l[0] + r[0], l[1] + r[1]];
    };
    return rec(lo, hi, rule(lo, hi), 0);
  };

  // Finest grid (Nf cells of width hf): samples of g and f̃ at hf/6 and cell moments;
  // coarser grids aggregate them.
  const build = (Nf: number, hf: number) => {
    const dsub = hf / SUB;
    const gs = new Float64Array(SUB * Nf + 1);
    const fs = new Float64Array(SUB * Nf + 1);
    for (let m = 0; m <= SUB * Nf; m++) {
      gs[m] = g(m * dsub);
      fs[m] = m === 0 && x.kind === "gamma" && k < 1 ? Infinity : ft(m * dsub);
    }
    const gm0 = new Float64Array(Nf);
    const gm1 = new Float64Array(Nf);
    const fm0 = new Float64Array(Nf);
    const fm1 = new Float64Array(Nf);
    const aCell = a / hf;
    const onNode = Math.abs(aCell - Math.round(aCell)) <= 1e-9 * aCell;
    for (let c = 0; c < Nf; c++) {
      const lo = c * hf;
      const hi = lo + hf;
      let m: [number, number] | null = null;
      const coarse = hf > localScale(Math.max(0, lo - a)) / 4;
      if (coarse && hi > a) {
        // X's part varies within the cell: adaptive, from a (and the flat part below a exactly).
        const tol = 1e-17 * (lam * hf) * eK(hi);
        const part = adaptiveMoments(gCusp, a, nonIntegerGamma, Math.max(lo, a), hi, tol);
        m = [part[0], part[1] + (Math.max(lo, a) - lo) * part[0]];
        if (lo < a) m = plus(m, gaussMoments((xx) => lam * eK(xx), lo, a, lo, 8));
      } else if (!onNode && c < aCell && aCell < c + 1) m = splitMoments(lo, hi);
      else if (nonIntegerGamma && c >= aCell - 1e-9 * aCell && lo - a < 16 * hf) m = cuspMoments(Math.max(lo, a), hi);
      if (m === null) m = newtonCotes(gs, SUB * c, dsub);
      gm0[c] = m[0];
      gm1[c] = m[1];
      let f: [number, number];
      if (x.kind === "gamma" && !isInteger(k) && c < 16) f = ftMomentsClosed(lo, hi);
      else if (hf > localScale(lo) / 4) f = adaptiveMoments(ft, 0, false, lo, hi, 1e-17);
      else f = newtonCotes(fs, SUB * c, dsub);
      fm0[c] = f[0];
      fm1[c] = f[1];
    }
    return { Nf, hf, gs, fs, gm0, gm1, fm0, fm1 };
  };

  interface LevelResult {
    y: Float64Array;
    v: Float64Array;
  }

  /** Seed quadrature for a seeded level: fixed pieces of [0, T_c] with Y from the series at tanh-sinh nodes. */
  const seedPieces = (h: number, K: number) => {
    const cuts = new Set<number>();
    for (let i = 0; i <= K; i++) cuts.add(i * h);
    for (let j = 1; j <= SEED_KINKS && j * a < K * h; j++) cuts.add(j * a);
    const pts = [...cuts].sort((p, q) => p - q);
    const nodes: { u: number; w: number; y: number; cell: number }[] = [];
    for (let i = 0; i + 1 < pts.length; i++) {
      const lo = pts[i];
      const hi = pts[i + 1];
      if (!(hi > lo)) continue;
      const cell = Math.min(K - 1, Math.floor((0.5 * (lo + hi)) / h));
      tanhSinhNodes(lo, hi, (u, _dl, _dh, w) => nodes.push({ u, w, y: seriesY(u), cell }));
    }
    // W[i][q] = ∫_{cell i} ℓ_q(u) Y(u) du for the 7-point Lagrange basis of cell i.
    const W = Array.from({ length: K }, () => new Float64Array(SUB + 1));
    const basis = new Float64Array(SUB + 1);
    for (const n of nodes) {
      subBasis(n.u / h - n.cell, basis);
      for (let q = 0; q <= SUB; q++) W[n.cell][q] += n.w * n.y * basis[q];
    }
    return { pts, nodes, W };
  };

  /** ∫_0^{T_c} kern(t − u) Y(u) du for the near nodes, with the kernel's own break (t − a for g) as an extra cut. */
  const seedDirect = (
    pieces: ReturnType<typeof seedPieces>,
    t: number,
    kern: (xx: number) => number,
    kernAtBreak: ((dist: number) => number) | null,
    brk: number,
  ): number => {
    let sum = 0;
    const { pts, nodes } = pieces;
    let lo = -1;
    let hi = -1;
    for (let i = 0; i + 1 < pts.length; i++) {
      if (pts[i] < brk && brk < pts[i + 1]) {
        lo = pts[i];
        hi = pts[i + 1];
      }
    }
    for (const n of nodes) if (!(n.u > lo && n.u < hi)) sum += n.w * kern(t - n.u) * n.y;
    if (lo >= 0) {
      // The kernel's break splits this piece: [lo, brk] has x = t − u > t − brk, the cusp side.
      tanhSinhNodes(lo, brk, (u, _dl, dh, w) => {
        sum += w * (kernAtBreak ? kernAtBreak(dh) : kern(t - u)) * seriesY(u);
      });
      tanhSinhNodes(brk, hi, (u, _dl, _dh, w) => {
        sum += w * kern(t - u) * seriesY(u);
      });
    }
    return sum;
  };

  /** Solves one grid of N cells of `stride` finest cells each, the first K cells from the series. */
  const solveLevel = (grid: ReturnType<typeof build>, stride: number, N: number, K: number): LevelResult => {
    const h = grid.hf * stride;
    // Cell moments of g and f̃ at this step, about each cell's left end.
    const A = new Float64Array(N);
    const B = new Float64Array(N);
    const Af = new Float64Array(N);
    const Bf = new Float64Array(N);
    for (let c = 0; c < N; c++) {
      let g0 = 0;
      let g1 = 0;
      let f0 = 0;
      let f1 = 0;
      for (let i = 0; i < stride; i++) {
        const fc = c * stride + i;
        const off = i * grid.hf;
        g0 += grid.gm0[fc];
        g1 += grid.gm1[fc] + off * grid.gm0[fc];
        f0 += grid.fm0[fc];
        f1 += grid.fm1[fc] + off * grid.fm0[fc];
      }
      A[c] = g0 - g1 / h;
      B[c] = g1 / h;
      Af[c] = f0 - f1 / h;
      Bf[c] = f1 / h;
    }
    // Kernel length: cells past which the remaining mass of g (f̃) is negligible.
    const cut = (m0: Float64Array): number => {
      let tail = 0;
      let L = N;
      let total = 0;
      for (let c = 0; c < N; c++) total += Math.abs(m0[c]);
      for (let c = N - 1; c > 0; c--) {
        tail += Math.abs(m0[c]);
        if (tail > 1e-18 * total) {
          L = c + 1;
          break;
        }
      }
      return L;
    };
    const L = cut(A.map((v, i) => v + B[i]));
    const Lf = cut(Af.map((v, i) => v + Bf[i]));
    const omega = new Float64Array(N + 1);
    omega[0] = A[0];
    for (let j = 1; j < N; j++) omega[j] = A[j] + B[j - 1];

    const y = new Float64Array(N + 1);
    const v = new Float64Array(N + 1);
    const seedG = new Float64Array(N + 1);
    const seedF = new Float64Array(N + 1);
    if (K > 0) {
      const pieces = seedPieces(h, K);
      for (let n = 0; n <= K; n++) y[n] = seriesY(n * h);
      // Far from the kernel's singular point, ∫₀^{T_c} kern(t_n − u)Y(u)du = Σ_cells Σ_q
      // kern(t_n − u_{i,q}) W[i][q]: the kernel interpolated on each seed cell through 7
      // points, which are sub-samples of the finest grid (sub-sample stride = `stride`).
      const viaSamples = (samples: Float64Array, n: number): number => {
        let acc = 0;
        for (let i = 0; i < K; i++) {
          const base = (n - i) * SUB * stride;
          for (let q = 0; q <= SUB; q++) acc += samples[base - q * stride] * pieces.W[i][q];
        }
        return acc;
      };
      for (let n = K + 1; n <= N; n++) {
        const t = n * h;
        seedG[n] = (n - K) * h - a >= 8 * h ? viaSamples(grid.gs, n) : seedDirect(pieces, t, g, nonIntegerGamma ? gCusp : null, t - a);
        seedF[n] = n - K >= 8 ? viaSamples(grid.fs, n) : seedDirect(pieces, t, ft, null, Infinity);
      }
    } else {
      y[0] = H(0);
    }
    // Unknowns z_m = y_{K+m}: (1 − ω₀)z_m = H + seed + B_{m−1}y_K + Σ_{j=1}^{m−1} ω_j z_{m−j}.
    const n1 = N - K;
    const rhs = new Float64Array(n1 + 1);
    for (let m = 1; m <= n1; m++) rhs[m] = H((K + m) * h) + seedG[K + m] + B[m - 1] * y[K];
    const z = solveLowerToeplitz(omega, rhs, 1 - omega[0], n1, L);
    for (let m = 1; m <= n1; m++) y[K + m] = z[m];
    // V(a + u_n) = e^{κ(a+u)}F̄_X(u) + e^{κa}∫_0^u f̃(x) Y(u − x) dx: the hat weights of f̃
    // convolved with y from index K on, less the half-hat missing at y_K.
    const wf = new Float64Array(Math.min(Lf + 1, N + 1));
    for (let j = 0; j < wf.length; j++) wf[j] = (j < N ? Af[j] : 0) + (j > 0 ? Bf[j - 1] : 0);
    const conv = convolve(wf, y.map((yy, i) => (i >= K ? yy : 0)), N + 1);
    const eA = eK(a);
    for (let n = 0; n <= N; n++) {
      const u = n * h;
      if (n <= K && K > 0) {
        v[n] = seriesV(u);
        continue;
      }
      const edge = n - K < Lf && n - K < N ? Af[n - K] * y[K] : 0;
      v[n] = vForce(u) + eA * (seedF[n] + conv[n] - edge);
    }
    return { y, v };
  };

  // How far the grids must run: until the tilted solution has stopped changing (the complex
  // roots' transients have decayed), found by a scan on a grid up to 4× coarser (transient
  // decay does not need the accuracy), or until the tail passes 1e-16. When the scan's node
  // budget ends before either, a second scan covers the whole horizon at the step that fits;
  // if the run needed is then longer than the budget allows at h0, the step is widened to fit
  // (a nearly deterministic X, E[X] ≪ a, with slow decay: the kernel is still integrated
  // exactly, the solution's corners of width ≈ E[X] after each kink are no longer resolved).
  const settledAt = (hs: number, ns: number, K: number): number => {
    const scan = solveLevel(build(ns, hs), 1, ns, K);
    const yEnd = scan.y[ns];
    let n = ns;
    while (n > 0 && Math.abs(scan.y[n - 1] / yEnd - 1) <= 1e-10) n--;
    // A flat stretch shorter than a quarter of the scan may be a turn of an oscillation.
    return ns - n >= Math.max(24, ns / 4) ? n * hs : Infinity;
  };
  let tNeed = tWanted();
  {
    // Up to 4× coarser, as long as the cells stay within a quarter of X's scale (no adaptive moments).
    const widen = seeded ? 1 : 2 ** Math.min(2, Math.max(0, Math.floor(Math.log2(Math.min(s.scale, 1 / kappa) / (4 * h0)))));
    let step = h0 * widen;
    let ns = Math.max(K0 + 16, Math.min(Math.ceil(tNeed / step), MAX_FINE));
    let settled = settledAt(step, ns, K0);
    // Not settled within the budget: scan 16 times as far at a 16 times longer step, until
    // it settles or the scan covers the horizon.
    while (!Number.isFinite(settled) && ns * step < tNeed && !seeded) {
      step = Math.min(16 * step, tNeed / MAX_FINE);
      ns = Math.min(Math.ceil(tNeed / step), MAX_FINE);
      settled = settledAt(step, ns, 0);
    }
    tNeed = Math.min(tNeed, settled + 2 * a + 16 * step);
  }
  if (tNeed / h0 > budget) replan(Math.max(hAccurate, tNeed / budget));
  const N0 = Math.max(K0 + 16, Math.ceil(Math.max(tNeed, tSeries + 12 * h0, 2 * a + 12 * h0) / h0 - 1e-9));
  const grid = build(4 * N0, h0 / 4);
  const l0 = solveLevel(grid, 4, N0, K0);
  const l1 = solveLevel(grid, 2, 2 * N0, 2 * K0);
  const l2 = solveLevel(grid, 1, 4 * N0, 4 * K0);

  const pY = exponents(x, seeded);
  const pV = sojournExponents(x);
  const Y = new Float64Array(N0 + 1);
  const V = new Float64Array(N0 + 1);
  let err = 0;
  for (let n = 0; n <= N0; n++) {
    const ry = richardson(l0.y[n], l1.y[2 * n], l2.y[4 * n], pY);
    const rv = richardson(l0.v[n], l1.v[2 * n], l2.v[4 * n], pV);
    Y[n] = ry.value;
    V[n] = rv.value;
    if (n > K0) err = Math.max(err, ry.err, rv.err);
  }
  const horizon = N0 * h0;
  const hf = h0 / 4;
  const Nf = 4 * N0;
  const corrY = Y.map((vv, n) => vv - l2.y[4 * n]);
  const corrV = V.map((vv, n) => vv - l2.v[4 * n]);

  /** Degree-5 Lagrange interpolation of `vals` (step `step`, first node at `origin`) inside [pLo, pHi] node indices. */
  const interp = (vals: Float64Array, step: number, origin: number, pLo: number, pHi: number, t: number): number => {
    const xi = (t - origin) / step;
    const n = Math.min(Math.floor(xi), pHi - 1);
    if (xi === n) return vals[n];
    const width = Math.min(6, pHi - pLo + 1);
    let i0 = Math.max(pLo, n - 2);
    if (i0 + width - 1 > pHi) i0 = Math.max(pLo, pHi - width + 1);
    return lagrange(vals, i0, width, step, origin, t);
  };

  /** Piece [pLo, pHi] (coarse node indices) containing t − origin: one kink-free span on aligned grids. */
  const pieceOf = (tt: number, last: number): [number, number] => {
    if (!aligned) return [0, last];
    const p = Math.min(Math.floor(tt / a), Math.floor(last / M) - (last % M === 0 ? 1 : 0));
    const lo = p * M;
    return [lo, Math.min(lo + M, last)];
  };

  /** The combined tilted value at finest node i (i·hf after origin): finest level plus interpolated correction. */
  const combinedFine = (fine: Float64Array, corr: Float64Array, i: number, tt: number): number => {
    const [plo, phi] = pieceOf(tt, N0);
    return fine[i] + interp(corr, h0, 0, plo, phi, tt);
  };

  /**
   * Tilted value at t (relative to the grid's origin), interpolated; `p0` is the
   * singular exponent at the kink ja (j ≥ 1 for Y: j(1+k); j ≥ 0 for V: k + j(1+k)).
   */
  const tilted = (fine: Float64Array, corr: Float64Array, tt: number, kinkExponent: (j: number) => number, from = 0): number => {
    const [plo, phi] = pieceOf(tt, N0);
    if (from > 0) {
      // Stencils from the first nodes at or past `from` only (extrapolating below them).
      const cLo = Math.min(Math.ceil(from / h0 - 1e-9), N0 - 5);
      const fLo = Math.min(Math.ceil(from / hf - 1e-9), Nf - 5);
      return interp(fine, hf, 0, Math.max(fLo, 0), Nf, tt) + interp(corr, h0, 0, Math.max(cLo, 0), N0, tt);
    }
    if (aligned && nonIntegerGamma) {
      const j = plo / M;
      const p = kinkExponent(j);
      const kinkIdx = (plo * 4);
      if (p > 0 && p < 6 && !isInteger(p) && tt - j * a < 3 * hf && kinkIdx + 5 <= Nf) {
        return enriched((i) => combinedFine(fine, corr, kinkIdx + i, j * a + i * hf), hf, p, tt - j * a);
      }
    }
    return interp(fine, hf, 0, 4 * plo, 4 * phi, tt) + interp(corr, h0, 0, plo, phi, tt);
  };

  const unseededShort = !aligned && !seeded && x.kind === "hyperexponential";
  /** (e^{λu}u ∗ f_X)(w) for a hyperexponential X: Σᵢ (wᵢ/mᵢ)e^{−w/mᵢ}[e^{cw}(cw − 1) + 1]/c², c = λ + 1/mᵢ. */
  const lagConv = (w: number): number => {
    let acc = 0;
    x.weights.forEach((wi, i) => {
      if (!(wi > 0)) return;
      const mi = x.means[i];
      const cw = (lam + 1 / mi) * w;
      // e^{cw}(cw − 1) + 1 = Σ_{n≥2} (n − 1)(cw)ⁿ/n!, summed directly for small cw.
      let g2: number;
      if (cw < 0.5) {
        let term = cw;
        g2 = 0;
        for (let n = 2; n < 40; n++) {
          term *= cw / n;
          g2 += (n - 1) * term;
          if (term < 1e-17 * g2) break;
        }
      } else g2 = Math.exp(cw) * (cw - 1) + 1;
      acc += (wi / mi) * Math.exp(-w / mi) * g2 * (w / cw) * (w / cw);
    });
    return acc;
  };
  // Past the grid the tilted tails are held at their last values: C (and C·E[e^{κS}]) once the
  // transients have settled, which is where the grid stops unless the tail has passed 1e-16.
  const zEnd = Y[N0];
  const tEnd = V[N0];
  const wait = (t: number): number => {
    if (t === 0) return rho;
    if (t < a) {
      // P(W ≤ t) = (1 − ρ)e^{λt} below the first kink (Erlang's series has one term).
      return Math.min(rho, Math.max(0, rho * Math.exp(lam * t) - Math.expm1(lam * t)));
    }
    if (t < tSeries) {
      const v = series!.waitTail(t);
      if (v.error <= 1e-10) return Math.min(rho, Math.max(0, v.tail));
    }
    if (unseededShort && t < 2 * a) {
      // Two terms of the offset series: P(W ≤ t) = (1 − ρ)[e^{λt} − λ(e^{λu}u ∗ f_X)(t − a)].
      return Math.min(rho, Math.max(0, 1 - (1 - rho) * (Math.exp(lam * t) - lam * lagConv(t - a))));
    }
    if (!(t < horizon)) return Math.exp(-kappa * t) * zEnd;
    // Off the grid's kinks: on an unaligned grid without the series the kink at a (where
    // Y″ jumps) lies inside the first cell, so stencils start past 2a.
    const val = Math.exp(-kappa * t) * tilted(l2.y, corrY, t, (j) => j * (1 + k), unseededShort ? 2 * a : 0);
    return val < 0 ? 0 : Math.min(val, rho);
  };
  const sojourn = (t: number): number => {
    if (t <= a) return 1;
    const u = t - a;
    if (t < tSeries + (seeded ? a : 0)) {
      const v = series!.sojournTail(t);
      if (v.error <= 1e-10) return Math.min(1, Math.max(0, v.tail));
    }
    if (!(u < horizon)) return Math.exp(-kappa * t) * tEnd;
    const val = Math.exp(-kappa * t) * tilted(l2.v, corrV, u, (j) => k + j * (1 + k));
    return val < 0 ? 0 : Math.min(val, 1);
  };
  return Object.freeze({ wait, sojourn, horizon, errorEstimate: err, transientAtHorizon: Math.abs(Y[N0] / C - 1) });
}
