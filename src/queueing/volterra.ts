/**
 * M/G/1 tails for a service time with a deterministic offset, S = a + X, by the
 * Volterra (renewal) equation on a grid aligned with the kinks at multiples of a.
 *
 * Kernel only: never throws; the caller decides when it applies.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { gammaQ } from "../special/gammainc.js";
import { isDistribution } from "../distributions/distributions.js";
import type { CramerLundberg } from "./lundberg.js";

/** S = offset + rest, rest a family with a closed-form survival and integrated survival. */
export interface OffsetService {
  readonly offset: number;
  /** P(X > y), relative-accurate. */
  readonly ccdf: (y: number) => number;
  /** ∫_y^∞ P(X > u) du = E[(X − y)⁺]. */
  readonly integratedTail: (y: number) => number;
  /** E[X]. */
  readonly mean: number;
  /** The length over which X's law changes (grid resolution is set from it). */
  readonly scale: number;
}

/** Integrated survival E[(X − y)⁺] of the families that have it in closed form; null otherwise. */
function integratedTailOf(d: Distribution): ((y: number) => number) | null {
  const p = d.params;
  if (d.kind === "exponential") {
    const m = d.mean;
    return (y) => m * Math.exp(-y / m);
  }
  if (d.kind === "erlang" || d.kind === "gamma") {
    const k = p.shape as number;
    const beta = d.mean / k;
    // E[(X − y)⁺] = β[(k − z)Q(k, z) + zᵏe^{−z}/Γ(k)], z = y/β, written with Q(k+1, z):
    // = β[k·Q(k+1, z) − z·Q(k, z)].
    return (y) => {
      const z = y / beta;
      return Math.max(0, beta * (k * gammaQ(k + 1, z) - z * gammaQ(k, z)));
    };
  }
  if (d.kind === "hyperexponential") {
    const w = p.weights as number[];
    const ms = p.means as number[];
    return (y) => w.reduce((acc, wi, i) => acc + wi * ms[i] * Math.exp(-y / ms[i]), 0);
  }
  return null;
}

function scaleOf(d: Distribution): number {
  if (d.kind === "hyperexponential") {
    const w = d.params.weights as number[];
    const ms = d.params.means as number[];
    return Math.min(...ms.filter((_, i) => w[i] > 0));
  }
  if (d.kind === "erlang" || d.kind === "gamma") {
    const k = d.params.shape as number;
    // The density rises over ≈ the mode's distance from 0 and falls over one s.d.
    return Math.min(d.mean, Math.sqrt(d.variance)) * (k < 1 ? 0.5 : 1);
  }
  return d.mean;
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
 * shapes whose LST carries e^{−sa} and defeats Bromwich-line inversion near t = ka);
 * null for anything else.
 */
export function offsetService(d: Distribution): OffsetService | null {
  const s = split(d);
  if (s === null || s.rest === null || !(s.offset > 0)) return null;
  const x = s.rest;
  const J = integratedTailOf(x);
  const ccdf = x.ccdf;
  if (J === null || typeof ccdf !== "function") return null;
  return { offset: s.offset, ccdf, integratedTail: J, mean: x.mean, scale: scaleOf(x) };
}

/** Coarse grid points per X-scale (the finest of the three Richardson levels has 4×). */
const PER_SCALE = 6;
/** Node budget of the finest level: O(N²) work, ≈ 130 ms for all three levels at 6 000 in V8. */
const MAX_FINE = 6000;

interface Level {
  y: Float64Array;
  d: Float64Array;
}

/**
 * Trapezoid rule for the tilted renewal equations, on t_n = nh with a a multiple of h:
 * `Y(t) = H_Y(t) + ∫₀ᵗ Y(t − x) g(x) dx`, `D(t) = H_D(t) + ∫₀ᵗ D(t − x) g(x) dx`,
 * g(x) = λe^{κx}P(S > x) (mass 1 by the Lundberg equation), H_Y = λe^{κt}∫_t^∞P(S > u)du,
 * H_D = (1 − ρ)e^{κt}P(S > t). Y = e^{κt}P(W > t) and D = e^{κt}f_W(t)/λ.
 */
function level(lam: number, rho: number, kappa: number, s: OffsetService, M: number, N: number): Level {
  const a = s.offset;
  const h = a / M;
  const g = new Float64Array(N + 1);
  const hy = new Float64Array(N + 1);
  const hd = new Float64Array(N + 1);
  for (let n = 0; n <= N; n++) {
    const t = n * h;
    const e = Math.exp(kappa * t);
    // n < M is exactly "t < a": comparing indices keeps the kink on a node.
    const sf = n < M ? 1 : s.ccdf((n - M) * h);
    g[n] = lam * e * sf;
    hy[n] = lam * e * (n < M ? a - t + s.mean : s.integratedTail((n - M) * h));
    hd[n] = (1 - rho) * e * sf;
  }
  const y = new Float64Array(N + 1);
  const d = new Float64Array(N + 1);
  const denom = 1 - 0.5 * h * g[0];
  y[0] = hy[0];
  d[0] = hd[0];
  for (let n = 1; n <= N; n++) {
    let sy = 0.5 * g[n] * y[0];
    let sd = 0.5 * g[n] * d[0];
    for (let j = 1; j < n; j++) {
      const gj = g[j];
      sy += gj * y[n - j];
      sd += gj * d[n - j];
    }
    y[n] = (hy[n] + h * sy) / denom;
    d[n] = (hd[n] + h * sd) / denom;
  }
  return { y, d };
}

/** The two tails of the queue, and what the grid reached. */
export interface OffsetTails {
  readonly wait: (t: number) => number;
  readonly sojourn: (t: number) => number;
  /** End of the grid; beyond it the Cramér–Lundberg asymptote is used. */
  readonly horizon: number;
  /** Estimated relative error of the tilted solution (last Richardson correction). */
  readonly errorEstimate: number;
}

/** Lagrange interpolation through nodes idx0..idx0+k−1 of `v` (spacing h) at t. */
function lagrange(v: Float64Array, idx0: number, k: number, h: number, t: number): number {
  let r = 0;
  for (let i = 0; i < k; i++) {
    let w = 1;
    const ti = (idx0 + i) * h;
    for (let j = 0; j < k; j++) {
      if (j !== i) w *= (t - (idx0 + j) * h) / (ti - (idx0 + j) * h);
    }
    r += w * v[idx0 + i];
  }
  return r;
}

/**
 * Solves the waiting-time and sojourn-time tails of M/G/1 with S = a + X.
 *
 * Method: P(W > t) = Z(t) solves `Z = λ∫_t^∞ F̄_S + λF̄_S ∗ Z`, and f_W/λ = D solves the
 * same equation with forcing (1 − ρ)F̄_S (from W* = (1 − ρ)/(1 − λ(1 − S*)/s)); then
 * P(T > t) = Z(t) + D(t) (the transform identity (1 − W*S*)/s = (1 − W*)/s + (W* − 1 + ρ)/λ).
 * Both are tilted by e^{κt}, so errors are relative to the Cramér–Lundberg constant at
 * every t, and solved by the trapezoid rule at steps h, h/2, h/4 (h = a/M: every kink
 * t = ka is a node, the integrand is smooth between nodes, and the error expands in h²),
 * combined by two Richardson steps. Between nodes: degree-5 Lagrange interpolation of the
 * finest level plus the coarse Richardson correction, inside one kink-free piece [ka, (k+1)a]. Beyond the horizon: `min(C e^{−κt}, value at horizon)`.
 */
export function offsetTails(lam: number, rho: number, s: OffsetService, cl: CramerLundberg): OffsetTails {
  const { kappa, C, sojournC } = cl;
  const a = s.offset;
  const hWanted = Math.min(s.scale, 1 / kappa, a) / PER_SCALE;
  const M = Math.max(6, Math.ceil(a / hWanted));
  const h = a / M;
  // Far enough for the tail to pass 1e-16 (C e^{−κt}), within the node budget.
  const tWanted = Math.max(2 * a, (Math.log(Math.max(C, 1e-300)) + 37) / kappa);
  const N = Math.max(M + 6, Math.min(Math.ceil(tWanted / h), Math.floor(MAX_FINE / 4)));
  const l1 = level(lam, rho, kappa, s, M, N);
  const l2 = level(lam, rho, kappa, s, 2 * M, 2 * N);
  const l4 = level(lam, rho, kappa, s, 4 * M, 4 * N);
  const y = new Float64Array(N + 1);
  const d = new Float64Array(N + 1);
  let err = 0;
  for (let n = 0; n <= N; n++) {
    const comb = (v1: number, v2: number, v4: number): number => {
      const r12 = (4 * v2 - v1) / 3;
      const r24 = (4 * v4 - v2) / 3;
      const r = (16 * r24 - r12) / 15;
      err = Math.max(err, Math.abs(r - r24) / Math.max(Math.abs(r), 1e-300));
      return r;
    };
    y[n] = comb(l1.y[n], l2.y[2 * n], l4.y[4 * n]);
    d[n] = comb(l1.d[n], l2.d[2 * n], l4.d[4 * n]);
  }
  const horizon = N * h;
  const K = 6;
  // Interpolation in a kink-free piece [pm, (p+1)m] of a grid with m nodes per a.
  const interp = (v: Float64Array, m: number, step: number, last: number, t: number): number => {
    const x = t / step;
    const n = Math.min(Math.floor(x), last - 1);
    if (x === n) return v[n];
    const p0 = Math.floor(n / m) * m;
    const p1 = Math.min(p0 + m, last);
    let i0 = n - 2;
    if (i0 < p0) i0 = p0;
    if (i0 + K - 1 > p1) i0 = Math.max(p0, p1 - K + 1);
    return lagrange(v, i0, Math.min(K, p1 - p0 + 1), step, t);
  };
  // The finest level interpolated on its own nodes (4⁶ times less interpolation error than
  // the coarse grid) plus the small, smooth Richardson correction interpolated coarsely.
  const cy = y.map((v, n) => v - l4.y[4 * n]);
  const cd = d.map((v, n) => v - l4.d[4 * n]);
  const tiltedY = (t: number): number => interp(l4.y, 4 * M, h / 4, 4 * N, t) + interp(cy, M, h, N, t);
  const tiltedD = (t: number): number => interp(l4.d, 4 * M, h / 4, 4 * N, t) + interp(cd, M, h, N, t);
  const zEnd = Math.exp(-kappa * horizon) * y[N];
  const tEnd = Math.exp(-kappa * horizon) * (y[N] + d[N]);
  const wait = (t: number): number => {
    if (t === 0) return rho;
    if (!(t < horizon)) return Math.min(C * Math.exp(-kappa * t), zEnd);
    const v = Math.exp(-kappa * t) * tiltedY(t);
    return v < 0 ? 0 : Math.min(v, rho);
  };
  const sojourn = (t: number): number => {
    if (t <= a) return 1;
    if (!(t < horizon)) return Math.min(sojournC * Math.exp(-kappa * t), tEnd);
    const v = Math.exp(-kappa * t) * (tiltedY(t) + tiltedD(t));
    return v < 0 ? 0 : Math.min(v, 1);
  };
  return Object.freeze({ wait, sojourn, horizon, errorEstimate: err });
}
