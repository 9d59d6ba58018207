/**
 * The drawdown envelope: a martingale bound for a tandem constant → random → constant with
 * i.i.d. arrivals whose decay in the delay is the tandem's own at every load
 * (docs/model.md §10.8). The lattice chains of the martingale form cap the two queues around
 * the random stage near one slot of service; under heavy load with close rates that throws
 * service away (the 17 × 17 chain serves 2.52 per slot on average where the tandem serves
 * 2.7), and their bound decays far too slowly. This envelope caps nothing that matters.
 *
 * Read backwards (docs/model.md §10.1) with both constants at the slower rate c (serving
 * less is valid), the reversed tandem's output is `F(K) = cK − M(K)`: M is the running
 * maximum of the random stage's backlog D, a Lindley walk `D′ = max(0, D + c − σ)`. With
 * G = M − D (how far D is below its record) and Δ = D′ − D, one slot moves the level by
 * `a − c + (Δ − G)⁺` and G to `(G − Δ)⁺`. The function `u(G, D) = 1 + e^{−θG}ψ(D)` makes
 * `u·e^{θ(X − x₀)}` a supermartingale (u ≥ 1 at every crossing) when, for every D ≥ 0,
 *
 *   `ψ(D) ≥ (k − 1) + k·b + k·E[e^{θΔ}ψ(D′)]`,  `k = e^{ρ_A(θ) − θc} ≤ 1`,
 *   `b = E[(e^{θ(c − σ)} − 1)⁺]`
 *
 * (G = 0 is the worst case); in the window (no arrivals) `u_m = α_m + e^{−θG}ψ_m` with
 * `α_m = e^{−θc}α_{m+1}` and `ψ_m = e^{−θc}(α_{m+1}b + E[e^{θΔ}ψ_{m+1}(D′)])`, and
 * `P(W > T) ≤ e^{−θ·gap}(α_0 + ψ_0(0))`.
 *
 * A faster constant after the random stage (read backwards, the one feeding it at c_f > c) is
 * kept: D is fed at c_f, Δ′ = D′ − D − δ (δ = c_f − c) takes the place of Δ, b is unchanged
 * (Δ′ > 0 only where σ < c, and then Δ′ = c − σ), and the expectation carries
 * `k·e^{−θδ} = e^{ρ_A(θ) − θc_f}`; the lattice keeps δ as d whole steps (see drawdownSteps).
 *
 * Finite form. In `φ = e^{θD}ψ` the expectation is a plain one, `E[φ(D′)]`, and every
 * exact φ is convex and non-decreasing. φ is kept on the lattice 0, g, …, D̄ (g = c/6,
 * D̄ = 8c) and read between lattice points by linear interpolation; D is capped at D̄ (the
 * content above is thrown away: the tandem serves less) and what is thrown costs
 * `e^{θ·lost}`, read as `φ(D̄)e^{θ(y − D̄)}` above D̄. When the lattice values are convex,
 * non-decreasing and meet that extension convexly, the right side at any real D is convex
 * in D, so lying below φ at the lattice points puts it below the interpolant everywhere:
 * the lattice conditions (checked on every vector used) prove the real ones. The
 * transition weights are exact integrals of the random stage's CDF over the lattice cells
 * (Gauss–Legendre on smooth CDFs), independent of θ except the last rows' extension.
 *
 * Nothing here throws; a θ where a check fails gives no bound (+∞).
 *
 * @module
 */

import type { ArrivalProcess } from "./types.js";
import { brentMin } from "../numeric/minimize.js";
import { gaussLegendreUnit } from "../numeric/quadrature.js";
import { bandCompiled } from "./chain-kernels.js";

/** Lattice steps per c (g = c/STEPS): 1.48e-2 at 20 slots at load 0.9 on 2.7 / R / 2.7, 1.45e-2 with 8, 1.53e-2 with 4. */
const STEPS = 6;
/** Cap of the random stage's backlog, in slots of c (8c and 12c agree to 1 %). */
const CAP_SLOTS = 8;
/** Window slots computed exactly; beyond, `e^{−ρ_A(θ)}` per slot (as for the lattice chains). */
const WINDOW = 64;
/** The stationary vector is solved for the kernel inflated by this factor (in ln), so the strict check passes despite rounding. */
const INFLATE = 1e-11;
/** θ·D̄ above this: the lattice spans too many orders of magnitude for doubles. */
const MAX_EXPONENT = 600;
/** Gauss–Legendre nodes per lattice cell. */
const NODES = 8;

/**
 * What the envelope needs of a tandem: the constants' rate and the random stage's per-slot law.
 *
 * @internal
 */
export interface DrawdownLaw {
  /** The slower of the two constant rates (per slot). */
  readonly c: number;
  /** P(σ ≤ x), continuous on (0, ∞) (an atom at 0 is allowed). */
  readonly cdf: (x: number) => number;
  /** 1 − F(upper) is negligible (≤ 1e-18); the mass above is served as if at the last lattice cell. */
  readonly upper: number;
  /**
   * The constant after the random stage (read backwards, the one feeding it), when it is faster
   * than c: the lattice keeps (part of) its excess (docs/model.md §10.8–10.9), see
   * {@link drawdownSteps}.
   */
  readonly feed?: number;
}

/**
 * The lattice of a plan: L steps of g per slot of the constant c (Lg ≤ c) and d more for the
 * faster constant feeding the random stage ((L + d)g ≤ feed): L in 6 … 12 keeping the most of
 * the excess as d ≤ L steps (the smallest L among equals; an excess above c is kept as c, which
 * bounds the lattice's size), or L = 6 and d = 0 where none keeps any (excess below c/12, or no
 * faster constant).
 *
 * @internal
 */
export function drawdownSteps(c: number, feed: number): { L: number; d: number; g: number } {
  let L = STEPS;
  let d = 0;
  if (feed > c) {
    for (let l = 6; l <= 12; l++) {
      const dl = Math.min(l, Math.floor(((feed - c) * l) / c + 1e-9));
      if (dl * L > d * l) {
        L = l;
        d = dl;
      }
    }
  }
  let g: number;
  if (d === 0) {
    g = c / L;
    if (L * g > c) g *= 1 - 2 ** -52;
  } else {
    // Both constants on the lattice, neither rounded up.
    g = Math.min(c / L, feed / (L + d));
    while (L * g > c || (L + d) * g > feed) g *= 1 - 2 ** -52;
  }
  return { L, d, g };
}

/** The θ-free part of the lattice kernel of one (law, c, feed). */
interface Kernel {
  /** The lattice's constant rate, L·g ≤ c, and the feeding one, U·g (U = L + d; c when d = 0). */
  readonly c: number;
  readonly cf: number;
  readonly g: number;
  readonly n: number;
  /**
   * The interpolation weights below the cap and the reflection at 0, θ-free: row j holds
   * column 0 in `col0[j]` and columns j + U − M + t (t = 0 … M, those in 1 … n − 1) in
   * `band[j(M + 1) + t]` — a transition moves D by at most U steps up and the law's range down.
   */
  readonly col0: Float64Array;
  readonly band: Float64Array;
  /** Lattice steps per c, the feeding constant's extra steps d, U = L + d, and cells of the law's range (the band is M + 1 wide). */
  readonly L: number;
  readonly d: number;
  readonly U: number;
  readonly M: number;
  /** F(0): the atom at σ = 0. */
  readonly f0: number;
  /** Per cell m: its mass P(σ in (mg, (m + 1)g]). */
  readonly P: Float64Array;
  /** F at the ends of the cells (0, g], …, ((M − 1)g, Mg]. */
  readonly cellF: Float64Array;
  /** Per cell m: `E[((m + 1)g − σ)/g; σ in the cell]` (the weight of its upper lattice point). */
  readonly W: Float64Array;
  /** Nodes and weights (times the cell width) of the cells, with F − F(cell start) there. */
  readonly nodeX: Float64Array;
  readonly nodeW: Float64Array;
  readonly nodeDF: Float64Array;
}

/**
 * The law's cells (mg, (m + 1)g], m < M: F at their ends, the weight W of each upper lattice
 * point, their mass, and the Gauss–Legendre nodes (with F − F(cell start)) of each.
 */
interface Cells {
  readonly M: number;
  readonly P: Float64Array;
  readonly W: Float64Array;
  readonly cellF: Float64Array;
  readonly nodeX: Float64Array;
  readonly nodeW: Float64Array;
  readonly nodeDF: Float64Array;
}

/** The cells of step g for a lattice that moves up to U steps per slot (M ≥ U + 1 cells, up to the law's range). */
function lawCells(law: DrawdownLaw, g: number, U: number): Cells {
  const F = (x: number) => Math.min(1, Math.max(0, law.cdf(x)));
  const M = Math.max(U + 1, Math.ceil(law.upper / g) + 1);
  const { nodes, weights } = gaussLegendreUnit(NODES);
  // Cell m = (mg, (m+1)g]: its mass P and W = E[((m+1)g − σ)/g; σ in the cell] = (1/g)∫(F − F(mg)).
  const P = new Float64Array(M);
  const W = new Float64Array(M);
  const nodeX = new Float64Array(M * NODES);
  const nodeW = new Float64Array(M * NODES);
  const nodeDF = new Float64Array(M * NODES);
  const cellF = new Float64Array(M + 1);
  let fa = F(0);
  cellF[0] = fa;
  for (let m = 0; m < M; m++) {
    const a = m * g;
    const fb = F((m + 1) * g);
    P[m] = Math.max(0, fb - fa);
    let w = 0;
    for (let q = 0; q < NODES; q++) {
      const x = a + nodes[q] * g;
      const d = Math.max(0, F(x) - fa);
      w += weights[q] * d;
      nodeX[m * NODES + q] = x;
      nodeW[m * NODES + q] = weights[q] * g;
      nodeDF[m * NODES + q] = d;
    }
    W[m] = Math.min(P[m], w);
    cellF[m + 1] = fb;
    fa = fb;
  }
  return { M, P, W, cellF, nodeX, nodeW, nodeDF };
}

/**
 * One row of the lattice's transition weights, for a backlog whose content after the feed lies
 * `top` lattice steps up: the atom at σ = 0 on `top`, each cell's mass split between its two
 * lattice points by its first moment (linear interpolation, exact for a piecewise-linear
 * function), σ above top reflected to 0 (beyond the last cell, mass ≤ 1e-18, served as at its
 * end), each passed to `add(point, weight)` in this order. Cells reaching above `cap` add
 * nothing: the caller charges what lands there.
 */
function cellRow(k: Pick<Cells, "M" | "P" | "W" | "cellF">, top: number, cap: number, add: (i: number, v: number) => void): void {
  const { M, P, W, cellF } = k;
  if (top <= cap) add(top, cellF[0]);
  for (let m = 0; m < M; m++) {
    const i = top - m - 1;
    if (i < 0) break;
    if (i + 1 <= cap) {
      add(i, P[m] - W[m]);
      add(i + 1, W[m]);
    }
  }
  if (top <= M) add(0, Math.max(0, 1 - cellF[top]));
  else add(top - M, Math.max(0, 1 - cellF[M]));
}

function buildKernel(law: DrawdownLaw): Kernel {
  const { L, d, g } = drawdownSteps(law.c, feedOf(law));
  const U = L + d;
  const c = L * g;
  const n = CAP_SLOTS * L + 1;
  const cells = lawCells(law, g, U);
  const { M, P, W, cellF, nodeX, nodeW, nodeDF } = cells;
  const col0 = new Float64Array(n);
  const band = new Float64Array(n * (M + 1));
  for (let j = 0; j < n; j++) {
    // D_j + the feeding constant, on the lattice; above the cap, the θ-dependent extension.
    cellRow(cells, j + U, n - 1, (i, v) => {
      if (i === 0) col0[j] += v;
      else band[j * (M + 1) + i - (j + U - M)] += v;
    });
  }
  return { c, cf: U * g, g, n, col0, band, L, d, U, M, f0: cellF[0], P, cellF, W, nodeX, nodeW, nodeDF };
}

/** `∫_(mg,(m+1)g] e^{−θx} dF(x)` by parts: `e^{−θb}(F(b) − F(a)) + θ∫_a^b e^{−θx}(F(x) − F(a))dx`, every term ≥ 0. */
function cellTilt(K: Kernel, m: number, theta: number): number {
  let ie = 0;
  for (let q = 0; q < NODES; q++) ie += K.nodeW[m * NODES + q] * K.nodeDF[m * NODES + q] * Math.exp(-theta * K.nodeX[m * NODES + q]);
  return Math.exp(-theta * (m + 1) * K.g) * Math.max(0, K.cellF[m + 1] - K.cellF[m]) + theta * ie;
}

/** The θ-dependent numbers of the kernel: `Φ(kg) = E[e^{−θσ}; σ ≤ kg]` (k = 0…U) and `b = E[(e^{θ(c − σ)} − 1)⁺]` (c the output constant). */
function tilted(K: Kernel, theta: number): { Phi: Float64Array; b: number } {
  const { L, U } = K;
  const Phi = new Float64Array(U + 1);
  let acc = K.f0;
  let b = K.f0 * Math.expm1(theta * K.c);
  Phi[0] = acc;
  for (let m = 0; m < U; m++) {
    acc += cellTilt(K, m, theta);
    Phi[m + 1] = acc;
    if (m >= L) continue;
    const hi = (m + 1) * K.g;
    const mass = Math.max(0, K.cellF[m + 1] - K.cellF[m]);
    // h(x) = e^{θ(c − x)} − 1 decreases: ∫h dF = h(b)(F(b) − F(a)) + θ∫e^{θ(c − x)}(F(x) − F(a))dx.
    let ib = 0;
    for (let q = 0; q < NODES; q++) ib += K.nodeW[m * NODES + q] * K.nodeDF[m * NODES + q] * Math.exp(theta * (K.c - K.nodeX[m * NODES + q]));
    b += Math.expm1(theta * (K.c - hi)) * mass + theta * ib;
  }
  return { Phi, b };
}

/** ln E[e^{−θσ}] from the cells (a planning value: where the random stage's own decay ends). */
function logMgfNeg(K: Kernel, theta: number): number {
  let acc = K.f0;
  for (let m = 0; m < K.M; m++) acc += cellTilt(K, m, theta);
  return Math.log(acc);
}

/** The band at θ: the base plus the extension above the cap (column n − 1 of the last L rows). */
function bandAt(K: Kernel, theta: number, Phi: Float64Array): Float64Array {
  const { n, U, M } = K;
  const band = K.band.slice();
  for (let j = n - U; j < n; j++) {
    const over = j + U - (n - 1); // D_j + c_f − D̄, in steps
    band[j * (M + 1) + (n - 1) - (j + U - M)] += Math.exp(theta * over * K.g) * Phi[over];
  }
  return band;
}

/** y = K x for the kernel (col0, band): ./chain-kernels.ts, compiled where available (the band names itself: it is not changed once built). */
function mulVec(K: Kernel, band: Float64Array, x: Float64Array, y: Float64Array): void {
  bandCompiled(band, K.n, K.U, K.M, K.col0, band, x, y);
}

/**
 * Solves `(I − sK)x = r` in place of r. Unknowns 1 … n − 1 form a band (lower width M − U,
 * upper U) bordered by unknown 0: a band LU without pivoting (I − sK is a non-singular
 * M-matrix whenever the envelope exists; a pivot ≤ 0 says it does not), two band solves and
 * the border's scalar. False when a pivot is not positive.
 */
function solveBordered(K: Kernel, band: Float64Array, s: number, r: Float64Array): boolean {
  const { n, U, M } = K;
  const m = n - 1;
  const p = M - U;
  // B (rows/cols 1 … n − 1) in band storage: (i, jj) at i·w + jj − i + p; u = column 0 of rows 1 … n − 1.
  const w = p + U + 1;
  const B = new Float64Array(m * w);
  const u = new Float64Array(m);
  for (let j = 1; j < n; j++) {
    const off = j + U - M;
    const i = j - 1;
    const t0 = Math.max(0, 1 - off);
    const t1 = Math.min(M, n - 1 - off);
    const bi = i * w + off - 1 - i + p;
    const row = j * (M + 1);
    for (let t = t0; t <= t1; t++) B[bi + t] = -s * band[row + t];
    B[i * w + p] += 1;
    u[i] = -s * K.col0[j];
  }
  const z = r.slice(1);
  for (let k = 0; k < m; k++) {
    const piv = B[k * w + p];
    if (!(piv > 0)) return false;
    const kEnd = Math.min(m - 1, k + U);
    const iEnd = Math.min(m - 1, k + p);
    for (let i = k + 1; i <= iEnd; i++) {
      const l = B[i * w + k - i + p] / piv;
      if (l === 0) continue;
      const bi = i * w - i + p;
      const bk = k * w - k + p;
      for (let jj = k + 1; jj <= kEnd; jj++) B[bi + jj] -= l * B[bk + jj];
      z[i] -= l * z[k];
      u[i] -= l * u[k];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let az = z[i];
    let au = u[i];
    const bi = i * w - i + p;
    const jEnd = Math.min(m - 1, i + U);
    for (let jj = i + 1; jj <= jEnd; jj++) {
      az -= B[bi + jj] * z[jj];
      au -= B[bi + jj] * u[jj];
    }
    z[i] = az / B[bi + i];
    u[i] = au / B[bi + i];
  }
  // Row 0: (1 − s·K00)x0 − s Σ_{i ≥ 1} K0i x_i = r0, with x_i = z_i − x0 u_i.
  let wz = 0;
  let wu = 0;
  const off0 = U - M;
  for (let t = Math.max(0, 1 - off0); t <= Math.min(M, n - 1 - off0); t++) {
    const v = -s * band[t];
    wz += v * z[off0 + t - 1];
    wu += v * u[off0 + t - 1];
  }
  const d = 1 - s * K.col0[0] - wu;
  if (!(d > 0)) return false;
  const x0 = (r[0] - wz) / d;
  r[0] = x0;
  for (let i = 1; i < n; i++) r[i] = z[i - 1] - x0 * u[i - 1];
  return true;
}

const ULP = 2 ** -50;

/**
 * The lattice vector is convex, non-decreasing, ≥ 0, and meets the extension `φ(D̄)e^{θ(y − D̄)}`
 * convexly (its last slope at most θφ(D̄)); each comparison with a few ulps to spare, so
 * that the interpolant of these doubles is convex exactly.
 */
function shapeOk(f: Float64Array, theta: number, g: number): boolean {
  const n = f.length;
  if (!(f[0] >= 0)) return false;
  let prev = f[1] - f[0];
  if (!(prev >= 0)) return false;
  for (let j = 1; j + 1 < n; j++) {
    const d = f[j + 1] - f[j];
    if (!(d - prev >= ULP * f[j + 1])) return false;
    prev = d;
  }
  return Number.isFinite(f[n - 1]) && prev <= theta * g * f[n - 1] * (1 - ULP);
}

/** The stationary envelope at θ (docs/model.md §10.8), with what its window needs. */
interface Stationary {
  /** φ on the lattice (checked: convex, non-decreasing, meeting the extension, a supersolution). */
  readonly phi: Float64Array;
  /** The kernel's band at θ, `e^{θD_j}`, b, ln k and β. */
  readonly band: Float64Array;
  readonly e: Float64Array;
  readonly b: number;
  readonly logK: number;
  /** ln of e^{ρ_A(θ) − θc_f}, the factor on the expectation (= ln k when no faster constant is kept). */
  readonly logKf: number;
  readonly beta: number;
}

function stationary(K: Kernel, a: ArrivalProcess, theta: number): Stationary | null {
  if (!(theta > 0) || theta * (K.n - 1) * K.g > MAX_EXPONENT) return null;
  const rho = a.rho(theta);
  const lk = rho - theta * K.c;
  if (!(lk <= 0) || !Number.isFinite(rho)) return null;
  const n = K.n;
  const { Phi, b } = tilted(K, theta);
  const band = bandAt(K, theta, Phi);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) e[j] = Math.exp(theta * j * K.g);
  // β = k(1 + b) − 1; β ≤ 0: ψ ≡ 0 (u ≡ 1) already qualifies. The expectation carries
  // k·e^{−θ(c_f − c)} = e^{ρ_A(θ) − θc_f} where a faster feeding constant is kept (k when not).
  const beta = Math.expm1(lk + Math.log1p(b));
  const lkf = rho - theta * K.cf;
  const phi = new Float64Array(n);
  if (beta > 0) {
    const kf = Math.exp(lkf);
    for (let j = 0; j < n; j++) phi[j] = beta * e[j];
    if (!solveBordered(K, band, kf * Math.exp(INFLATE), phi)) return null;
    if (!shapeOk(phi, theta, K.g)) return null;
    const y = new Float64Array(n);
    mulVec(K, band, phi, y);
    for (let j = 0; j < n; j++) if (!(phi[j] >= beta * e[j] + kf * y[j])) return null;
  }
  return { phi, band, e, b, logK: lk, logKf: lkf, beta };
}

/**
 * The window walked backwards from the stationary vector at one θ, resumable: `logs[s]` is
 * the running minimum of ln(α_s + φ_s(0)) over window lengths 0 … s (horizon s uses the
 * vectors 0 … s − 1, each checked for shape first; a failed check ends the walk, and the
 * longer windows stay uncertified). The numbers depend on θ and the plan alone, whatever
 * length was asked for first.
 */
interface Walk {
  readonly st: Stationary;
  readonly logs: number[];
  phi: Float64Array;
  next: Float64Array;
  /** Scratch for K·φ. */
  readonly y: Float64Array;
  alpha: number;
  ended: boolean;
}

function startWalk(K: Kernel, a: ArrivalProcess, theta: number): Walk | null {
  const st = stationary(K, a, theta);
  if (st === null) return null;
  return { st, logs: [Math.log(1 + st.phi[0])], phi: st.phi.slice(), next: new Float64Array(K.n), y: new Float64Array(K.n), alpha: 1, ended: false };
}

function walkTo(K: Kernel, w: Walk, theta: number, t: number): void {
  const { band, e, b } = w.st;
  const y = w.y;
  const n = K.n;
  const step = Math.exp(-theta * K.c);
  // e^{−θ(c_f − c)}: the record pushed by the kept excess each slot (1 when none is kept).
  const push = Math.exp(-theta * (K.cf - K.c));
  while (!w.ended && w.logs.length <= t) {
    const s = w.logs.length - 1;
    if (s > 0 && !shapeOk(w.phi, theta, K.g)) {
      w.ended = true;
      break;
    }
    mulVec(K, band, w.phi, y);
    const ab = w.alpha * b;
    for (let j = 0; j < n; j++) w.next[j] = step * (ab * e[j] + push * y[j]);
    w.alpha *= step;
    const prev = w.phi;
    w.phi = w.next;
    w.next = prev;
    w.logs.push(Math.min(w.logs[s], Math.log(w.alpha + w.phi[0])));
  }
}

/**
 * The envelope of one plan: a lazily built kernel, the arrivals and the θ range.
 *
 * @internal
 */
export interface DrawdownPlan {
  readonly label: string;
  readonly arrivals: ArrivalProcess;
  readonly thetaCap: number;
  readonly kernel: () => Kernel;
  /** The largest θ of the grid, found on first use (a function of the plan alone). */
  readonly limit: () => number;
  /** The walks at the θ grid of the search (by index into GRID), kept for the plan's later delays. */
  readonly grid: Map<number, Walk | null>;
  /** Where the feasible θ end above a grid point (by its index), when they end before the next. */
  readonly edges: Map<number, number>;
}

/** Kernels per random stage object and (c, feed) (a kernel holds θ-free data only). */
const kernels = new WeakMap<object, Map<string, Kernel>>();

/**
 * The envelope for arrivals `a` (i.i.d. over slots), a random stage `owner` with per-slot
 * law `law` between two constants of which `law.c` is the slower, θ up to `thetaCap`.
 *
 * @internal
 */
export function drawdownPlan(a: ArrivalProcess, law: DrawdownLaw, owner: object, thetaCap: number, label: string): DrawdownPlan {
  // One plan per (stage, arrivals, c, θmax): the martingale plans of a bound and of a
  // quantile's refinement share its limit and grid (numbers of the plan's inputs alone).
  let byArrivals = plans.get(owner);
  if (!byArrivals) plans.set(owner, (byArrivals = new WeakMap()));
  let byKey = byArrivals.get(a);
  if (!byKey) byArrivals.set(a, (byKey = new Map()));
  const key = `${law.c}|${feedOf(law)}|${thetaCap}|${label}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const made = makePlan(a, law, owner, thetaCap, label);
  byKey.set(key, made);
  return made;
}

const plans = new WeakMap<object, WeakMap<object, Map<string, DrawdownPlan>>>();

/** The law's feeding constant when it is faster than c, else NaN (a slower or equal one changes nothing). */
const feedOf = (law: DrawdownLaw): number => (law.feed !== undefined && law.feed > law.c ? law.feed : NaN);

function makePlan(a: ArrivalProcess, law: DrawdownLaw, owner: object, thetaCap: number, label: string): DrawdownPlan {
  let K: Kernel | null = null;
  let hi = NaN;
  const plan: DrawdownPlan = {
    label,
    arrivals: a,
    thetaCap,
    kernel: () => {
      if (K) return K;
      let m = kernels.get(owner);
      if (!m) kernels.set(owner, (m = new Map()));
      const key = `${law.c}|${feedOf(law)}`;
      K = m.get(key) ?? buildKernel(law);
      m.set(key, K);
      return K;
    },
    limit: () => (Number.isNaN(hi) ? (hi = searchLimit(plan)) : hi),
    grid: new Map(),
    edges: new Map(),
  };
  return plan;
}

/**
 * The whole slots of a window of real length T ≥ 0 (the rounding just below an integer counts
 * as the integer), as the window walks of this envelope and of its Snell envelope read it.
 *
 * @internal
 */
export function wholeSlots(T: number): number {
  return Math.max(0, Math.floor(T + 1e-9));
}

/** ln of a walk's bound for window T (any real T ≥ 0: its whole slots), before the gap; beyond WINDOW, e^{−ρ_A(θ)} per slot. */
function walkLog(p: DrawdownPlan, w: Walk | null, theta: number, T: number): number {
  if (w === null) return Infinity;
  const K = p.kernel();
  const whole = wholeSlots(T);
  const t = Math.min(WINDOW, whole);
  walkTo(K, w, theta, t);
  const last = Math.min(t, w.logs.length - 1);
  let v = w.logs[last];
  if (whole > WINDOW && last === WINDOW) v = Math.min(v, w.logs[WINDOW] - (whole - WINDOW) * p.arrivals.rho(theta));
  return v;
}

function logAt(p: DrawdownPlan, theta: number, T: number): number {
  return walkLog(p, startWalk(p.kernel(), p.arrivals, theta), theta, T);
}

/**
 * The θ grid of the search, as fractions of the plan's limit: denser near the limit, where
 * long delays have their optimum and the bound changes fastest (at 2.7 / 2.77 / 2.7 and
 * load 0.74 the optimum is at 0.945 of the limit at 20 slots, 0.96 at 30, 0.99 at 200).
 */
const GRID = [0.125, 0.25, 0.5, 0.75, 0.875, 0.9375, 0.96875, 0.984375, 1] as const;
/**
 * The θ search is refined between grid points (Brent, at most four steps: within 0.015 of
 * six steps in ln) only when the grid's best is within this (in ln) of the bound to beat:
 * the refinement gained at most 0.28 on four loads × 81 delays at 2.7 / 2.77 / 2.7.
 */
const REFINE_GAP = 0.5;

/** Relative slack of the grid's floor test (the walk's α is a product of roundings). */
const FLOOR_SLACK = 1e-9;

/**
 * The bound (ln) at each θ of the GRID below the limit `hi`, on the walks the plan keeps, and
 * the best point (bi = −1: none feasible; on a tie the lower θ, as in increasing order).
 * From the top of the grid down, a point is not walked (its value NaN) when a floor proves it
 * above the best so far: every window value is at least `α_t = e^{−θct}` (φ_t ≥ 0), so the
 * bound at θ is at least `−θ(ct + threshold) − (T − t)·max(0, ρ_A(θ))` with t = min(T, WINDOW).
 * The point above the best is always walked (the edge search reads it).
 */
function gridLogs(p: DrawdownPlan, hi: number, T: number, threshold: number): { bi: number; bv: number; vals: number[] } {
  const K = p.kernel();
  const whole = wholeSlots(T);
  const t = Math.min(WINDOW, whole);
  const value = (i: number) => {
    const th = hi * GRID[i];
    let w = p.grid.get(i);
    if (w === undefined) p.grid.set(i, (w = startWalk(K, p.arrivals, th)));
    return walkLog(p, w, th, T) - th * threshold;
  };
  let bi = -1;
  let bv = Infinity;
  const vals: number[] = new Array<number>(GRID.length).fill(NaN);
  for (let i = GRID.length - 1; i >= 0; i--) {
    const th = hi * GRID[i];
    const floor = -th * (K.c * t + threshold) - (whole - t) * Math.max(0, p.arrivals.rho(th));
    if (floor - FLOOR_SLACK * Math.max(1, Math.abs(floor)) > bv) continue;
    const v = value(i);
    vals[i] = v;
    if (v <= bv && v < Infinity) {
      bv = v;
      bi = i;
    }
  }
  if (bi >= 0 && bi + 1 < GRID.length && Number.isNaN(vals[bi + 1])) vals[bi + 1] = value(bi + 1);
  return { bi, bv, vals };
}

/**
 * The best of the drawdown envelope's θ grid (ln, Infinity when no grid point is feasible): an
 * upper bound on what {@link drawdownLog} returns, from the walks it keeps, with no refinement.
 * The martingale form's searches use it as the level a chain must beat (docs/model.md §10.8).
 *
 * @internal
 */
export function drawdownGridLog(p: DrawdownPlan, T: number, threshold: number): number {
  const hi = p.limit();
  return hi > 0 ? gridLogs(p, hi, T, threshold).bv : Infinity;
}

/**
 * ln of the drawdown envelope's bound on P(W > T) with the level's threshold shifted by
 * `threshold` (the lattice gap less the floored stages, docs/model.md §10.4), minimised over
 * θ up to the plan's limit (below θ_c, where ρ_A(θ) = θc, and θ_σ; the lattice's envelope
 * ends a little lower): on the GRID, whose walks the plan keeps for its later delays, then
 * by Brent's method between the best point's neighbours (not when the grid's best is more than
 * REFINE_GAP above `beat`, another candidate's value) — or at the given θ. Infinity when no
 * θ gives a checked envelope.
 *
 * @internal
 */
export function drawdownLog(p: DrawdownPlan, T: number, threshold: number, theta?: number, beat = Infinity): { logValue: number; theta: number } {
  const f = (th: number) => logAt(p, th, T) - th * threshold;
  if (theta !== undefined) return { logValue: f(theta), theta };
  const hi = p.limit();
  if (!(hi > 0)) return { logValue: Infinity, theta: 0 };
  // A grid of θ whose walks the plan keeps (a curve or a quantile search reuses them), then
  // Brent's method between the best point's neighbours.
  const { bi, bv, vals } = gridLogs(p, hi, T, threshold);
  if (bi < 0) {
    // No grid point is feasible: the edge below the first.
    const e = edgeAbove(p, -1, 0, hi * GRID[0]);
    if (!(e > 0)) return { logValue: Infinity, theta: 0 };
    const r = brentMin(f, 0, e, 1e-3, { maxSteps: 6 });
    return { logValue: r.fx, theta: r.x };
  }
  const at = hi * GRID[bi];
  // Far behind the bound it has to beat (another candidate's), the grid's best stands: the
  // refinement between two grid points gains tenths of a nat at most, less than REFINE_GAP.
  if (bv > beat + REFINE_GAP) return { logValue: bv, theta: at };
  const last = GRID.length - 1;
  const lo = bi > 0 ? hi * GRID[bi - 1] : 0;
  let up = hi * GRID[Math.min(last, bi + 1)];
  let best = { logValue: bv, theta: at };
  if (bi < last && !Number.isFinite(vals[bi + 1])) {
    // The best is the last feasible point: the optimum may lie up to the edge.
    up = edgeAbove(p, bi, at, up);
    const v = f(up);
    if (v < best.logValue) best = { logValue: v, theta: up };
  }
  const r = brentMin(f, lo, up, 1e-3, { maxSteps: 4, start: at < up ? { x: at, fx: bv } : undefined });
  return r.fx < best.logValue ? { logValue: r.fx, theta: r.x } : best;
}

/**
 * The plan's lattice, θ-free (for the Snell envelope of ./drawdown-snell.ts, which interpolates
 * on the same lattice): the step g = c/L, the output constant's rate c = Lg and the feeding
 * one c_f = (L + d)g (c when no faster constant is kept).
 *
 * @internal
 */
export function drawdownLattice(p: DrawdownPlan): { g: number; c: number; cf: number; L: number; d: number } {
  const K = p.kernel();
  return { g: K.g, c: K.c, cf: K.cf, L: K.L, d: K.d };
}

/**
 * The plan's transition weights from the lattice point j, uncapped: entry y is P(next backlog
 * at lattice point y), read by linear interpolation, for y = 0 … j + L + d (see cellRow).
 *
 * @internal
 */
export function drawdownRow(p: DrawdownPlan, j: number): Float64Array {
  const K = p.kernel();
  const top = j + K.U;
  const w = new Float64Array(top + 1);
  cellRow(K, top, Infinity, (i, v) => {
    w[i] += v;
  });
  return w;
}

/**
 * The stationary envelope of a plan at θ, for tests of its lemma at real (not lattice)
 * backlogs: φ on the lattice 0, g, …, D̄, with g, the output constant c, the feeding one c_f,
 * k, k_f = e^{ρ_A(θ) − θc_f} (the factor on the expectation) and b. Null where none is certified.
 *
 * @internal
 */
export function drawdownEnvelope(p: DrawdownPlan, theta: number): { phi: Float64Array; g: number; c: number; cf: number; k: number; kf: number; b: number; beta: number } | null {
  const K = p.kernel();
  const st = stationary(K, p.arrivals, theta);
  return st === null ? null : { phi: st.phi.slice(), g: K.g, c: K.c, cf: K.cf, k: Math.exp(st.logK), kf: Math.exp(st.logKf), b: st.b, beta: st.beta };
}

/**
 * The largest θ of the grid (0: none): below θ_c (ρ_A(θ) = θc, the constant stages' own
 * limit, where k reaches 1) and the random stage's own decay limit θ_σ
 * (ρ_A(θ) + ln E e^{−θσ} = 0), both by bisection on scalars. The lattice's stationary
 * envelope ends a little lower; grid points beyond it give no bound, and where the best one
 * is the last feasible, `edgeAbove` finds where the feasible θ end.
 */
function searchLimit(p: DrawdownPlan): number {
  const K = p.kernel();
  const a = p.arrivals;
  let hi = Math.min(p.thetaCap, Number.isFinite(a.thetaSup) ? a.thetaSup * (1 - 1e-9) : Infinity, MAX_EXPONENT / ((K.n - 1) * K.g));
  if (!(hi > 0)) return 0;
  const below = (g: (th: number) => boolean, tol: number) => {
    // g holds near 0 (load below 1) and, being convex in θ, up to its root: bisection.
    if (g(hi)) return;
    let lo = 0;
    let up = hi;
    for (let i = 0; i < 60 && up - lo > tol * up; i++) {
      const mid = 0.5 * (lo + up);
      if (g(mid)) lo = mid;
      else up = mid;
    }
    hi = lo;
  };
  below((th) => a.rho(th) - th * K.c <= 0, 1e-9);
  below((th) => a.rho(th) + logMgfNeg(K, th) <= 0, 1e-6);
  return hi > 0 ? hi : 0;
}

/**
 * The edge of the lattice envelope's feasible θ between two grid points (the first
 * feasible, the next not), by six bisection steps on the stationary solve alone; kept per
 * plan.
 */
function edgeAbove(p: DrawdownPlan, i: number, lo: number, up: number): number {
  const hit = p.edges.get(i);
  if (hit !== undefined) return hit;
  let a = lo;
  let b = up;
  for (let k = 0; k < 6; k++) {
    const mid = 0.5 * (a + b);
    if (Number.isFinite(logAt(p, mid, 0))) a = mid;
    else b = mid;
  }
  p.edges.set(i, a);
  return a;
}
