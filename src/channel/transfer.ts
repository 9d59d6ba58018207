/**
 * The time to move one request of J bits over a Rayleigh block-fading link, request by
 * request (docs/model.md §9.1): per coherence interval of τ_c seconds the link serves
 * `X_k = (1 − ξ)B·τ_c·log2(1 + γ̄h_k)` bits, h_k ~ Exp(1) i.i.d.; the transfer ends when
 * the served bits reach J, the last interval used fractionally. Consecutive transfers use
 * disjoint intervals, so transfer times are i.i.d. across requests.
 *
 * In units of the request, `Y_k = X_k/J = ln(1 + γ̄h_k)/c` with `c = J·ln 2/((1 − ξ)Bτ_c)`,
 * `P(Y > y) = exp(−(e^{cy} − 1)/γ̄)`, and with `S_n = Y_1 + … + Y_n`
 *
 *     P(T > τ_c(n + f)) = P(S_n + f·Y_{n+1} < 1),   n ∈ ℕ, f ∈ [0, 1).
 *
 * What is exact and what is numerical:
 * - `sample` is exact (it draws the fades and adds the bits up).
 * - Everything else comes from the law of S_n on [0, 1), computed on a lattice of step
 *   δ = 1/M in the served fraction: with each Y rounded **down** to the lattice the
 *   transfer takes longer (a stochastically larger time, the conservative side for
 *   bounds); rounded **up** it is shorter; the two bracket the true law
 *   (`ccdfBounds`), and rounding to the cell midpoint gives the reported values (`cdf`,
 *   `ccdf`, moments, `logMgf`, `lst`, `lstComplex`). The last interval's Y is not rounded:
 *   the conditional probability `P(fY < r)` is closed form. The midpoint law subtracts the
 *   rounding's mean drift, spreads each atom over its cell and widens each row to the
 *   rounding's variance. Moments and transforms integrate the midpoint tail over each
 *   interval by Gauss–Legendre in f (16 nodes; geometric panels near f = 0 for transfers
 *   shorter than an interval).
 * - Accuracy against an independent mpmath Laplace inversion (de Hoog, Cohen's method as a
 *   cross-check; test/fixtures/channel): up to ≈ 20 mean intervals, tails within 7e-4
 *   relative where ≥ 1e-4 (1.7e-3 at 7e-9), mean within 1.2e-5, variance within 2.7e-4;
 *   at 230 intervals (PL 135 dB, 10 Mbit) within 0.6 % where ≥ 1e-4 and 2.7 % at 4e-8.
 *   The floor/ceiling bracket always contains the reference.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import type { Rng } from "../random/rng.js";
import { type Complex, cadd, cexp, cmul, cscale, cx } from "../util/complex.js";
import { logAddExp } from "../util/logspace.js";
import { gaussLegendreUnit } from "../numeric/quadrature.js";
import { inHalfOpen, invalid, nonNegative, options, positive, show } from "../util/validate.js";
import { DEFAULT_COHERENCE_SECONDS, fluidLogMgfNegKernel, meanRateKernel, rayleighDraw } from "./rayleigh.js";

const LN2 = Math.LN2;

/**
 * Largest mean number of coherence intervals per transfer, E[T]/τ_c ≈ J/(E[R]τ_c), that
 * {@link rayleighTransferTime} accepts (a work limit, docs/robustness.md): the numerical
 * law costs about (rows)·M·(cells of Y) ≤ 2e7 operations where it can, ≈ 3e8 at the limit;
 * its mean, tail, bracket and MGF bound there take ≈ 4 s of one core on first use (≈ 0.2 s
 * at 100 intervals, 20–130 ms for the paper's transfers).
 */
export const TRANSFER_MAX_MEAN_INTERVALS = 1000;

/** Operation budget of the lattice recursion; the lattice is as fine as this allows. */
const LATTICE_BUDGET = 2e7;
/**
 * Rows are computed until their mass is below 1e-300, or (transfers of more than one
 * interval) below ROW_CUTOFF once past 2·(mean intervals) + 10: a short transfer's tail
 * (several deep fades in a row) weighs in its MGF at θ ≈ 1/E[T] down to tiny
 * probabilities, a long transfer's rows beyond the bulk cost more than they tell (at
 * 4 mean intervals the mass falls below 1e-30 after 13 rows, at 120 after 268; rows on
 * to 1e-300 cost five times the lattice there, and the MGF beyond them is bounded anyway).
 */
const ROW_CUTOFF = 1e-30;
/** Stored rows at most (memory: rows × M doubles). */
const MAX_ROWS = 4000;

/** The link quantities a transfer time depends on (a {@link RayleighLink} has them all). */
export interface RayleighTransferLink {
  /** Bandwidth B in Hz (> 0). */
  readonly bandwidthHz: number;
  /** Mean SNR γ̄, linear (> 0). */
  readonly meanSnr: number;
  /** Control-overhead fraction ξ ∈ [0, 1) (default 0). */
  readonly controlOverhead?: number;
  /** Coherence interval τ_c in seconds (> 0; default {@link DEFAULT_COHERENCE_SECONDS}). */
  readonly coherenceSeconds?: number;
}

/** Options of {@link rayleighTransferTime}. */
export interface RayleighTransferOptions {
  /** Coherence interval τ_c in seconds, overriding the link's (> 0). */
  readonly coherenceSeconds?: number;
}

/** The transfer-time law: a {@link Distribution} with the numerical lattice's bracket. */
export interface RayleighTransferTime extends Distribution {
  /** Always `"rayleighTransfer"`. */
  readonly kind: "rayleighTransfer";
  /** The parameters as plain numbers (a worker thread rebuilds the law from them). */
  readonly params: Readonly<{
    /** J, bits per request. */
    bits: number;
    /** B in Hz. */
    bandwidthHz: number;
    /** γ̄, linear. */
    meanSnr: number;
    /** ξ ∈ [0, 1). */
    controlOverhead: number;
    /** τ_c in seconds. */
    coherenceSeconds: number;
  }>;
  /** Mean number of coherence intervals per transfer's worth of bits, J/(E[R_eff]·τ_c). */
  readonly meanIntervals: number;
  /**
   * A rigorous bracket of P(T > x): `upper` from bits per interval rounded down to the
   * lattice (a stochastically larger time — use it for bounds), `lower` from rounding up.
   * Both are exact for their lattice laws up to ≈1e-18 of truncated mass per interval.
   */
  ccdfBounds(x: number): {
    /** P(T_ceil > x) ≤ P(T > x) (bits per interval rounded up). */
    readonly lower: number;
    /** P(T_floor > x) ≥ P(T > x) (bits per interval rounded down). */
    readonly upper: number;
  };
  /**
   * A rigorous upper bound on ln E[e^{θT}] for θ ≥ 0 (for Chernoff bounds): the floor
   * lattice's time rounded up to 1/16 of an interval, plus a Chernoff bound
   * `P(S_n < 1) ≤ e^{β}E[e^{−βY}]^n` on the intervals beyond the computed rows. Above
   * `logMgf(θ)` by about θτ_c/16 + the lattice's rounding.
   */
  logMgfUpper(theta: number): number;
}

// ---------------------------------------------------------------------------------------
// Kernels: no checks, never throw.
// ---------------------------------------------------------------------------------------

/**
 * One transfer time in seconds: draws h ~ Exp(1) per coherence interval (−ln U) and adds
 * `Y = ln(1 + γ̄h)/c` (c = J ln 2/((1 − ξ)Bτ_c)) until the request's bits are served; the
 * last interval is used fractionally. Infinity after 1e8 intervals (unreachable for the
 * accepted parameters: the interval count has a super-exponential tail).
 */
export function sampleTransferKernel(u: Rng, c: number, snr: number, tau: number): number {
  // One interval's work Y is the link's one Rayleigh draw with scale/ln 2 = 1/c.
  const perC = 1 / c;
  let s = 0;
  for (let n = 0; n < 1e8; n++) {
    const y = rayleighDraw(u(), perC, snr);
    if (s + y >= 1) return tau * (n + (1 - s) / y);
    s += y;
  }
  return Infinity;
}

/** The lattice law of S_n and the tables built from it (lazily, once per distribution). */
interface Law {
  /** Lattice points per unit of work: δ = 1/M. */
  readonly M: number;
  /** First stored row: for n < first, P(S_n + fY < 1) = 1 to within 1e-300 under every rounding. */
  readonly first: number;
  /** Floor-lattice rows p_n[j] = P(S^fl_n = jδ), j < M, for n = first … first + rows.length − 1. */
  readonly rows: Float64Array[];
  /** Index of each row's first entry (rows store their support only). */
  readonly offsets: Int32Array;
  /** 1 − P(S^fl_n < 1) per stored row, accumulated from the crossing masses (relative-accurate when small). */
  readonly escaped: Float64Array;
  /** P(S^fl_L < 1) for L = first + rows.length (≤ ROW_CUTOFF): the tail beyond the rows, treated as 0 by the tails. */
  readonly tailMass: number;
  /** The midpoint rounding's mean excess per interval, in cells (subtracted n times from row n). */
  readonly drift: number;
  /** The midpoint rows spread to the rounding's variance (see `smoothRow`), and their offsets. */
  readonly midRows: Float64Array[];
  readonly midOffsets: Int32Array;
  /** Quadrature in f over one interval: nodes in (0, 1) and weights summing to 1. */
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  /** Midpoint ccdf at the nodes, row-major (row, node). */
  readonly ccdfMid: Float64Array;
  /** Midpoint cdf at the nodes, row-major (row, node). */
  readonly cdfMid: Float64Array;
  /** What every transform evaluation reads, computed once ({@link transformTables}). */
  readonly tables: TransformTables;
}

/**
 * The parts of `logMgfOf` and `logTailBound` that do not depend on θ, so that an
 * evaluation is one pass of exponentials: each midpoint node's position in intervals
 * (first + r + f) and ln(w·P(T > x)), ln(w·P(T ≤ x)) there (−∞ for 0), and ln m(β),
 * m(β) = E[e^{−βY}], on the β grid of the Chernoff tail beyond the stored rows.
 */
interface TransformTables {
  readonly pos: Float64Array;
  readonly logCcdf: Float64Array;
  readonly logCdf: Float64Array;
  readonly betas: Float64Array;
  readonly betaLogM: Float64Array;
}

function transformTables(k: Consts, law: Omit<Law, "tables">): TransformTables {
  const { nodes, weights, ccdfMid, cdfMid, first } = law;
  const G = nodes.length;
  const N = ccdfMid.length;
  const pos = new Float64Array(N);
  const logCcdf = new Float64Array(N);
  const logCdf = new Float64Array(N);
  for (let q = 0; q < N; q++) {
    const r = Math.floor(q / G);
    const i = q - r * G;
    pos[q] = first + r + nodes[i];
    logCcdf[q] = ccdfMid[q] > 0 ? Math.log(weights[i] * ccdfMid[q]) : -Infinity;
    logCdf[q] = cdfMid[q] > 0 ? Math.log(weights[i] * cdfMid[q]) : -Infinity;
  }
  const q = LN2 / k.c; // Y = q·log2(1 + γ̄h)
  const betas: number[] = [];
  const lms: number[] = [];
  if (law.tailMass !== 0) {
    for (let e = -2; e <= 8; e += 0.05) {
      const beta = 10 ** e / k.meanY;
      betas.push(beta);
      lms.push(fluidLogMgfNegKernel(beta, k.snr, q));
    }
  }
  return { pos, logCcdf, logCdf, betas: Float64Array.from(betas), betaLogM: Float64Array.from(lms) };
}

/**
 * Composite Gauss–Legendre rule on [0, 1) for the tail within one interval. A transfer
 * shorter than an interval (E[Y] > 1) ends at f = (1 − S_n)/Y, spread over f between
 * ≈ 1/y_max and 1 (y_max ≈ the 1 − 1e-18 quantile of Y): panels [0, a] then geometric
 * with ratio 1.6 from a = 1/(4y_max) to 1, 8 nodes each, keep that drop resolved at any
 * scale; a transfer of one interval or more changes smoothly within one: 16 nodes, and 8
 * from 8 mean intervals on (each interval then moves a small part of the mass).
 */
function intervalRule(meanY: number, ymax: number): { nodes: Float64Array; weights: Float64Array } {
  const breaks = [0];
  if (meanY > 1) {
    // At most ≈ 60 panels: the first break is kept above 1e-12 whatever y_max is.
    for (let b = Math.max(1 / (4 * ymax), 1e-12); b < 1; b *= 1.6) breaks.push(b);
  }
  breaks.push(1);
  const base = gaussLegendreUnit(breaks.length > 2 || meanY <= 1 / 8 ? 8 : 16);
  const G = base.nodes.length;
  const P = breaks.length - 1;
  const nodes = new Float64Array(P * G);
  const weights = new Float64Array(P * G);
  for (let p = 0; p < P; p++) {
    const w = breaks[p + 1] - breaks[p];
    for (let i = 0; i < G; i++) {
      nodes[p * G + i] = breaks[p] + w * base.nodes[i];
      weights[p * G + i] = w * base.weights[i];
    }
  }
  return { nodes, weights };
}

interface Consts {
  /** c = J·ln 2/((1 − ξ)Bτ_c): Y = ln(1 + γ̄h)/c. */
  readonly c: number;
  /** γ̄. */
  readonly snr: number;
  /** τ_c in seconds. */
  readonly tau: number;
  /** E[Y], the mean served fraction per interval. */
  readonly meanY: number;
}

/**
 * y_max with P(Y > y_max) = e^{−41.5} ≈ 1e-18: (e^{c·y} − 1)/γ̄ = 41.5, i.e.
 * y = ln(1 + 41.5γ̄)/c, the logarithm split so a γ̄ near the double range stays finite.
 */
function yMax(k: Consts): number {
  const v = 41.5 * k.snr;
  return (v < 1e300 ? Math.log1p(v) : Math.log(41.5) + Math.log(k.snr)) / k.c;
}

/** P(Y ≤ y) for the served fraction of one interval; 0 for y ≤ 0. */
function cdfY(k: Consts, y: number): number {
  return y > 0 ? -Math.expm1(-Math.expm1(k.c * y) / k.snr) : 0;
}

/** P(Y > y); 1 for y ≤ 0. */
function ccdfY(k: Consts, y: number): number {
  return y > 0 ? Math.exp(-Math.expm1(k.c * y) / k.snr) : 1;
}

/**
 * Lattice size M: as fine as the budget allows, at least 6 points per mean interval, and no
 * finer than 1000 per mean interval's worth of work where that already makes the floor/ceiling
 * bracket narrower than ≈1e-3 of E[T] (short transfers, whose rows run on to 1e-300).
 */
function latticeSize(k: Consts): number {
  const K = 1 / k.meanY;
  const ymax = yMax(k);
  const rows = Math.max(K + 12 * Math.sqrt(K) + 6, K < 1 ? 60 : 0);
  const cost = (M: number) => rows * M * Math.min(M, Math.ceil(ymax * M) + 1);
  const cap = Math.max(512, Math.ceil(1000 * K));
  let M = Math.max(512, Math.ceil(6 * K));
  while (M < Math.min(cap, 32768) && cost(M * 1.25) <= LATTICE_BUDGET) M = Math.ceil(M * 1.25);
  return M;
}

function buildLaw(k: Consts): Law {
  const M = latticeSize(k);
  const delta = 1 / M;
  // Floor-lattice increments g[i] = P(iδ ≤ Y < (i+1)δ), written as F̄(iδ)(1 − F̄ ratio) so
  // that tail cells keep their relative accuracy; cut where F̄ < 1e-18 (≤ 1e-18 lost per step).
  const gList: number[] = [];
  for (let i = 0; i < M; i++) {
    const tail = ccdfY(k, i * delta);
    if (tail < 1e-18) break;
    gList.push(tail * -Math.expm1((-Math.exp(k.c * i * delta) * Math.expm1(k.c * delta)) / k.snr));
  }
  const g = Float64Array.from(gList);
  const Kg = g.length;
  // The midpoint rounding's drift per interval, in cells: E[Y^mid − Y] =
  // Σ_k (g_k/2 − ∫_cell (F̄(y) − F̄(y_hi))dy/δ), ≈ δ·f′/(12f) per cell — small per interval
  // but n times over n intervals; the midpoint law subtracts it (a 0.3 % shift of the
  // median at 230 intervals, 6 cells each, otherwise).
  let drift = 0;
  const gl6 = gaussLegendreUnit(6);
  for (let i = 0; i < Kg; i++) {
    const lo = i * delta;
    const fhi = ccdfY(k, lo + delta);
    let integ = 0;
    for (let q = 0; q < 6; q++) integ += gl6.weights[q] * (ccdfY(k, lo + delta * gl6.nodes[q]) - fhi);
    drift += g[i] / 2 - integ;
  }
  // tailFrom[d] = P(Y ≥ dδ): the mass that jumps past 1 from j = M − d.
  const tailFrom = new Float64Array(M + 1);
  for (let d = 0; d <= M; d++) tailFrom[d] = ccdfY(k, d * delta);

  let p = new Float64Array(M);
  let next = new Float64Array(M);
  p[0] = 1;
  let lo = 0;
  let hi = 0;
  let escaped = 0; // 1 − P(S^fl_n < 1)
  const rows: Float64Array[] = [];
  const offsets: number[] = [];
  const escapedRows: number[] = [];
  let first = -1;
  let tailMass = 0;
  for (let n = 0; n < 1e6; n++) {
    const escapedHere = escaped;
    // next = (p ∗ g) on [0, M); the rest of the mass crosses 1.
    const nhi = Math.min(M - 1, hi + Kg - 1);
    const mass = convolveRow(p, lo, hi, g, next, nhi);
    let crossed = 0;
    for (let j = lo; j <= hi; j++) crossed += p[j] * tailFrom[M - j];
    escaped += crossed;
    // Under the ceiling rounding (S shifted up by (n+1)δ) the mass at j ≥ M − (n+1) has
    // crossed as well; rows are kept from the first n whose next row lets any mass cross
    // under some rounding, so that below `first` every variant's tail is 1 to 1e-300.
    let ceilCross = escaped;
    for (let j = Math.max(lo, M - (n + 1)); j <= nhi; j++) ceilCross += next[j];
    if (first < 0 && ceilCross > 1e-300) first = n;
    if (first >= 0) {
      rows.push(p.slice(lo, hi + 1));
      offsets.push(lo);
      escapedRows.push(escapedHere);
    }
    // Shrink the support (flush subnormal-scale entries) and swap.
    let nlo = lo;
    let nh = nhi;
    while (nlo <= nh && next[nlo] < 1e-300 * mass) next[nlo++] = 0;
    while (nh >= nlo && next[nh] < 1e-300 * mass) next[nh--] = 0;
    for (let j = lo; j < nlo; j++) next[j] = 0;
    const t = p;
    p = next;
    next = t;
    next.fill(0, lo, Math.max(hi, nhi) + 1);
    lo = nlo;
    hi = nh;
    if (mass < 1e-300 || (mass < ROW_CUTOFF && k.meanY < 1 && n > 2 / k.meanY + 10) || nlo > nh || n - Math.max(first, 0) >= MAX_ROWS) {
      tailMass = mass;
      break;
    }
  }
  if (first < 0) first = 0;

  // Midpoint rows: each Y's rounding error is ≈ uniform on [−δ/2, δ/2], so S_n = S_n^mid + E
  // with Var E ≈ nδ²/12. midCell spreads an atom over one cell (δ²/12); the other
  // (n − 1)δ²/12 is a discrete kernel on the row (3 points while it is ≤ 1 cell², else a
  // discrete Gaussian), so the reported law has the true spread even when the lattice is
  // coarse (hundreds of intervals at ≈ 6 points each).
  const midRows: Float64Array[] = [];
  const midOffsets: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const sm = smoothRow(rows[r], offsets[r], (first + r - 1) / 12);
    midRows.push(sm.row);
    midOffsets.push(sm.offset);
  }
  // Midpoint tables at the quadrature nodes of each stored interval. With the midpoint
  // rounding, S_n sits at (j + n/2)δ: on the half-lattice m = 2j + n. For one node f the
  // conditional terms P(fY < 1 − mδ/2) and P(fY ≥ 1 − mδ/2) are tabulated once over m and
  // shared by every row, so the tables cost (nodes × 2M) exponentials, not (rows × nodes × M).
  const { nodes, weights } = intervalRule(k.meanY, yMax(k));
  const G = nodes.length;
  const R = rows.length;
  const ccdfMid = new Float64Array(R * G);
  const cdfMid = new Float64Array(R * G);
  const below = new Float64Array(2 * M + 2);
  const above = new Float64Array(2 * M + 2);
  const ymax = yMax(k);
  // With a negligible drift (< 1e-3 cell over all rows) the atoms sit on the half-lattice
  // m = 2j + n and one table per node serves every row; otherwise each row has its own
  // fractional shift n(1/2 − drift) and is evaluated directly.
  const shared = Math.abs(drift) * (first + R) < 1e-3;
  for (let i = 0; i < G; i++) {
    const f = nodes[i];
    if (shared) {
      for (let m = 0; m < 2 * M + 2; m++) {
        const c = midCell(k, f, m * 0.5 * delta, delta, ymax);
        below[m] = c.below;
        above[m] = c.above;
      }
    }
    for (let r = 0; r < R; r++) {
      const row = midRows[r];
      let c = 0;
      let crossed = 0;
      if (shared) {
        const base = 2 * midOffsets[r] + first + r;
        for (let j = 0; j < row.length; j++) {
          const w = row[j];
          if (w === 0) continue;
          const m = base + 2 * j;
          if (m >= 2 * M + 2) crossed += w;
          else {
            c += w * below[m];
            crossed += w * above[m];
          }
        }
      } else {
        const v = midRowSums(k, f, row, midOffsets[r] + (first + r) * (0.5 - drift), delta, ymax);
        c = v.below;
        crossed = v.above;
      }
      ccdfMid[r * G + i] = c;
      cdfMid[r * G + i] = escapedRows[r] + crossed;
    }
  }
  const law = {
    M, first, rows, offsets: Int32Array.from(offsets), midRows, midOffsets: Int32Array.from(midOffsets), drift,
    escaped: Float64Array.from(escapedRows), tailMass, nodes, weights, ccdfMid, cdfMid,
  };
  return { ...law, tables: transformTables(k, law) };
}

/**
 * next[j] = Σ_q g[q]·p[j − q] for j = lo … nhi (p's support [lo, hi]); returns their sum.
 * Its own small function so that the engine optimises it after a few rows rather than
 * after a few laws (the loop is most of a law's cost).
 */
function convolveRow(p: Float64Array, lo: number, hi: number, g: Float64Array, next: Float64Array, nhi: number): number {
  const Kg = g.length;
  let mass = 0;
  for (let j = lo; j <= nhi; j++) {
    const kmin = j - hi > 0 ? j - hi : 0;
    const kmax = j - lo < Kg - 1 ? j - lo : Kg - 1;
    let s = 0;
    for (let q = kmin; q <= kmax; q++) s += g[q] * p[j - q];
    next[j] = s;
    mass += s;
  }
  return mass;
}

/**
 * Σ_j w_j·P(fY < 1 − s_j) and Σ_j w_j·P(fY ≥ 1 − s_j) over a midpoint row whose atoms sit
 * at s_j = (j + sh)δ, each cell averaged as in {@link midCell}. Its own function so that
 * the engine optimises it after a few rows rather than a few laws.
 */
function midRowSums(k: Consts, f: number, row: Float64Array, sh: number, delta: number, ymax: number): { below: number; above: number } {
  let c = 0;
  let crossed = 0;
  // e^{c(1 − s_j)/f} along the row by a geometric recurrence (one product per atom),
  // restarted from exp wherever c(1 − s)/f leaves [1e-3, 700] (overflow, or the
  // cancellation in e^{u} − 1 for small u, which expm1 avoids).
  const ratio = f > 0 ? Math.exp((-k.c * delta) / f) : 0;
  let e = NaN;
  for (let j = 0; j < row.length; j++) {
    const w = row[j];
    const s = (j + sh) * delta;
    const u = f > 0 ? (k.c * (1 - s)) / f : NaN;
    if (u >= 1e-3 && u <= 700) e = e === e ? e * ratio : Math.exp(u);
    else e = NaN;
    if (w === 0) continue;
    const rLo = 1 - s - 0.5 * delta;
    if (f > 0 && rLo >= 0 && (rLo >= f * ymax || f * ymax >= 4 * delta)) {
      // midCell's midpoint case, inlined: P(fY < r) and P(fY ≥ r) at r = 1 − s from
      // x = (e^{cr/f} − 1)/γ̄, each side from its own accurate form (1 − the other ≥ 1/2).
      const x = (e === e ? e - 1 : Math.expm1(u)) / k.snr;
      if (x > Math.LN2) {
        const above = x < 746 ? Math.exp(-x) : 0;
        c += w * (1 - above);
        crossed += w * above;
      } else {
        const below = -Math.expm1(-x);
        c += w * below;
        crossed += w * (1 - below);
      }
      continue;
    }
    const t = midCell(k, f, s, delta, ymax);
    c += w * t.below;
    crossed += w * t.above;
  }
  return { below: c, above: crossed };
}

/** A row convolved with a discrete kernel of variance v (cells²); indices below 0 fold onto 0. */
function smoothRow(row: Float64Array, offset: number, v: number): { row: Float64Array; offset: number } {
  if (!(v > 0)) return { row, offset };
  let kernel: number[];
  if (v <= 1) kernel = [v / 2, 1 - v, v / 2];
  else {
    const w = Math.ceil(6 * Math.sqrt(v));
    kernel = [];
    for (let q = -w; q <= w; q++) kernel.push(Math.exp((-q * q) / (2 * v)));
    const sum = kernel.reduce((a, b) => a + b, 0);
    kernel = kernel.map((x) => x / sum);
  }
  const half = (kernel.length - 1) / 2;
  const start = Math.max(0, offset - half);
  const out = new Float64Array(offset + row.length + half - start);
  // Tap by tap: entry i goes to offset + i + q − half − start, folded onto index 0 while that
  // is below 0 (which happens only when start = 0).
  const n = row.length;
  for (let q = 0; q < kernel.length; q++) {
    const kq = kernel[q];
    const to = offset + q - half - start;
    const fold = Math.min(n, Math.max(0, -to));
    for (let i = 0; i < fold; i++) out[0] += row[i] * kq;
    for (let i = fold; i < n; i++) out[to + i] += row[i] * kq;
  }
  return { row: out, offset: start };
}

/**
 * P(S_n + fY < 1) and its complement for stored row r (n = first + r), with S_n on the
 * lattice shifted by `shift·n·δ` (0: floor, 1/2: midpoint, 1: ceiling). Both are sums of
 * non-negative terms, so each keeps its relative accuracy in its own tail.
 */
function rowTail(k: Consts, law: Pick<Law, "M" | "first" | "rows" | "offsets" | "midRows" | "midOffsets" | "drift" | "escaped">, r: number, f: number, shift: number): { ccdf: number; cdf: number } {
  // shift 0 and 1 (the bracket) round every Y of S_n and keep the lattice's atoms as they
  // are: exact for their lattice laws. The midpoint (shift 1/2) spreads each atom over its cell.
  const row = shift === 0.5 ? law.midRows[r] : law.rows[r];
  const off = shift === 0.5 ? law.midOffsets[r] : law.offsets[r];
  const n = law.first + r;
  const delta = 1 / law.M;
  let ccdf = 0;
  let crossed = 0; // mass of the row that the shift or the last interval takes past 1
  const ymax = yMax(k);
  for (let i = 0; i < row.length; i++) {
    const w = row[i];
    if (w === 0) continue;
    if (shift === 0.5) {
      const m = midCell(k, f, (off + i + (0.5 - law.drift) * n) * delta, delta, ymax);
      ccdf += w * m.below;
      crossed += w * m.above;
      continue;
    }
    const rest = 1 - (off + i + shift * n) * delta;
    if (rest <= 0) {
      crossed += w;
      continue;
    }
    if (f === 0) ccdf += w;
    else {
      ccdf += w * cdfY(k, rest / f);
      crossed += w * ccdfY(k, rest / f);
    }
  }
  // P(T ≤ x) = P(S_n ≥ 1) + P(S_n < 1, S_n + fY ≥ 1): the escaped mass plus the crossings.
  return { ccdf, cdf: law.escaped[r] + crossed };
}

/**
 * The midpoint rounding's conditional terms for an atom of S_n at s: S_n is spread evenly
 * over its cell [s − δ/2, s + δ/2] (what the rounding stands for), so below = the cell
 * average of P(fY < 1 − s′) and above = that of P(fY ≥ 1 − s′) (1 where s′ ≥ 1). The
 * midpoint value is used where the integrand is smooth over the cell; the cell that
 * contains 1, and cells where P(fY < 1 − s′) climbs from 0 within a few cells (f·y_max <
 * 4δ), are integrated by 8-point Gauss–Legendre — otherwise an atom sitting on 1 would be
 * counted wholly on one side (a relative error ≈ density·δ/tail at the interval ends).
 */
function midCell(k: Consts, f: number, s: number, delta: number, ymax: number): { below: number; above: number } {
  const rLo = 1 - s - 0.5 * delta;
  const rHi = 1 - s + 0.5 * delta;
  if (rHi <= 0) return { below: 0, above: 1 };
  const width = f * ymax;
  const straddles = rLo < 0;
  if (!straddles && (f === 0 || rLo >= width || width >= 4 * delta)) {
    const r = 1 - s;
    return f === 0 ? { below: 1, above: 0 } : { below: cdfY(k, r / f), above: ccdfY(k, r / f) };
  }
  const a = Math.max(0, rLo);
  const outside = (a - rLo) / delta; // the part of the cell at or beyond 1: crossed
  if (f === 0) return { below: (rHi - a) / delta, above: outside };
  const { nodes, weights } = gaussLegendreUnit(8);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 8; i++) {
    const r = a + (rHi - a) * nodes[i];
    lo += weights[i] * cdfY(k, r / f);
    hi += weights[i] * ccdfY(k, r / f);
  }
  const w = (rHi - a) / delta;
  return { below: w * lo, above: w * hi + outside };
}

/** P(T > x) under the given rounding, from the stored rows. */
function tailAt(k: Consts, law: Law, x: number, shift: number): number {
  const t = x / k.tau;
  const n = Math.floor(t);
  if (n < law.first) return 1;
  const r = n - law.first;
  if (r >= law.rows.length) return 0;
  // A sum of a row's masses can round a few ulps above 1.
  return Math.min(1, rowTail(k, law, r, t - n, shift).ccdf);
}

/** P(T ≤ x) (midpoint rounding), accurate in its own (lower) tail. */
function cdfAt(k: Consts, law: Law, x: number): number {
  const t = x / k.tau;
  const n = Math.floor(t);
  if (n < law.first) return 0;
  const r = n - law.first;
  if (r >= law.rows.length) return 1;
  return Math.min(1, rowTail(k, law, r, t - n, 0.5).cdf);
}

/**
 * ln E[e^{θT}] from the midpoint tables: for θ > 0 as `e^{θτ·first} + θ∫e^{θx}P(T > x)dx`
 * over the stored intervals plus a rigorous bound on the rest (below); for θ < 0 as
 * `−θ∫e^{θx}P(T ≤ x)dx` (positive terms, no cancellation).
 */
function logMgfOf(k: Consts, law: Law, theta: number): number {
  if (Number.isNaN(theta)) return NaN;
  if (theta === 0) return 0;
  // T > 0 whenever bits > 0: E[e^{θT}] → ∞ as θ → ∞, → P(T = 0) = 0 as θ → −∞.
  if (theta === Infinity || theta === -Infinity) return theta;
  const tau = k.tau;
  const R = law.rows.length;
  const { pos, logCcdf, logCdf } = law.tables;
  const logW = theta > 0 ? logCcdf : logCdf;
  const a = theta * tau;
  const lt = Math.log(Math.abs(a));
  // The terms lt + ln(w·v) + a·pos, and one more term for what lies outside the rows.
  let extra: number;
  if (theta > 0) {
    // e^{θτ·first}, plus θ∫_{Lτ}^∞ e^{θx}P(T > x)dx ≤ θτ·Σ_{n≥L} e^{θτ(n+1)}P(S_n < 1), and also
    // ≤ E[e^{θT}; T > Lτ] ≤ the same sum without θτ: the factor min(θτ, 1).
    const tail = logTailBound(k, law, a);
    extra = tail > -Infinity ? logAddExp(a * law.first, Math.min(lt, 0) + tail) : a * law.first;
  } else {
    // Beyond the stored rows P(T ≤ x) = 1 (to ROW_CUTOFF): −θ∫ e^{θx}dx from (first + R)τ.
    extra = a * (law.first + R);
  }
  let top = extra;
  for (let q = 0; q < pos.length; q++) {
    const v = lt + logW[q] + a * pos[q];
    if (v > top) top = v;
  }
  if (top === Infinity || top === -Infinity) return top;
  let sum = Math.exp(extra - top);
  for (let q = 0; q < pos.length; q++) sum += Math.exp(lt + logW[q] + a * pos[q] - top);
  return top + Math.log(sum);
}

/**
 * ln of a bound on Σ_{n ≥ L} e^{a(n+1)}P(S_n < 1), L = first + rows, a = θτ — what
 * `∫e^{θx}P(T > x)dx/τ` has beyond the stored rows. Chernoff, P(S_n < 1) ≤ e^{β}m(β)^n with
 * m(β) = E[e^{−βY}] (closed form, `fluidLogMgfNegKernel`, tabulated once per law), sums to
 * e^{β + a(L+1)}m^L/(1 − e^{a}m) for e^{a}m < 1; minimised over β on a log grid. Finite
 * for every θ (m(β) → 0 as β → ∞), so the numerical MGF has no edge: `thetaSup = ∞`.
 */
function logTailBound(k: Consts, law: Law, a: number): number {
  if (law.tailMass === 0) return -Infinity;
  const L = law.first + law.rows.length;
  const { betas, betaLogM } = law.tables;
  let best = Infinity;
  for (let j = 0; j < betas.length; j++) {
    const lm = betaLogM[j];
    if (!(a + lm < 0)) continue;
    const v = betas[j] + a * (L + 1) + L * lm - Math.log(-Math.expm1(a + lm));
    if (v < best) best = v;
  }
  return best;
}

function momentOf(k: Consts, law: Law, order: number): number {
  if (order === 0) return 1;
  const { weights, nodes } = law;
  const G = nodes.length;
  const tau = k.tau;
  // E[T^k] = ∫ k x^{k−1} P(T > x) dx, with τ inside every power so that a huge τ_c
  // overflows to ∞ (a legitimately huge moment) rather than to ∞·0 = NaN.
  let s = (tau * law.first) ** order;
  for (let r = 0; r < law.rows.length; r++) {
    const n = law.first + r;
    for (let i = 0; i < G; i++) {
      const v = law.ccdfMid[r * G + i];
      if (v > 0) s += weights[i] * order * (tau * (n + nodes[i])) ** (order - 1) * tau * v;
    }
  }
  return s;
}

/** Sub-intervals per coherence interval of the conservative MGF's time grid. */
const UPPER_STEPS = 16;

/**
 * P(T_fl > τ(n + i/16)) for the floor lattice at the stored rows (row-major, 16 per row),
 * made non-increasing by a running maximum from the end (each value stays ≥ the true tail).
 */
function floorGrid(k: Consts, law: Law): Float64Array {
  const { M, rows, offsets } = law;
  const delta = 1 / M;
  const R = rows.length;
  const out = new Float64Array(R * UPPER_STEPS);
  const below = new Float64Array(M);
  for (let i = 0; i < UPPER_STEPS; i++) {
    const f = i / UPPER_STEPS;
    for (let j = 0; j < M; j++) below[j] = f === 0 ? 1 : cdfY(k, (1 - j * delta) / f);
    for (let r = 0; r < R; r++) {
      const row = rows[r];
      const off = offsets[r];
      let c = 0;
      for (let j = 0; j < row.length; j++) c += row[j] * below[off + j];
      out[r * UPPER_STEPS + i] = c;
    }
  }
  for (let q = out.length - 2; q >= 0; q--) if (out[q] < out[q + 1]) out[q] = out[q + 1];
  return out;
}

/**
 * The conservative MGF's atoms: T' = T_fl rounded up to the points x_q = τ(first + q/16)
 * and censored at Lτ (mass below x_0 at x_0, mass in (x_q, x_{q+1}] at x_{q+1}, the rest at
 * Lτ), as positions in intervals and log masses.
 */
function upperAtoms(law: Law, grid: Float64Array): { pos: Float64Array; logMass: Float64Array } {
  const pos: number[] = [law.first];
  const lm: number[] = [Math.log(Math.max(1 - grid[0], 1e-300))];
  for (let q = 0; q + 1 < grid.length; q++) {
    const m = grid[q] - grid[q + 1];
    if (m > 0) {
      pos.push(law.first + (q + 1) / UPPER_STEPS);
      lm.push(Math.log(m));
    }
  }
  const last = grid[grid.length - 1];
  if (last > 0) {
    pos.push(law.first + grid.length / UPPER_STEPS);
    lm.push(Math.log(last));
  }
  return { pos: Float64Array.from(pos), logMass: Float64Array.from(lm) };
}

/** ln of an upper bound on E[e^{θT}] (θ ≥ 0), from the atoms plus the Chernoff tail (see `logMgfUpper`). */
function logMgfUpperOf(k: Consts, law: Law, atoms: { pos: Float64Array; logMass: Float64Array }, theta: number): number {
  if (Number.isNaN(theta)) return NaN;
  if (theta === 0) return 0;
  const a = theta * k.tau;
  const { pos, logMass } = atoms;
  let top = -Infinity;
  for (let i = 0; i < pos.length; i++) top = Math.max(top, a * pos[i] + logMass[i]);
  // E[e^{θT}; T > Lτ] ≤ Σ_{n≥L} e^{θτ(n+1)}P(S_n < 1) (true S: Chernoff, `logTailBound`).
  const tail = logTailBound(k, law, a);
  top = Math.max(top, tail);
  let sum = tail > -Infinity ? Math.exp(tail - top) : 0;
  for (let i = 0; i < pos.length; i++) sum += Math.exp(a * pos[i] + logMass[i] - top);
  return top + Math.log(sum);
}

function lstComplexOf(k: Consts, law: Law, s: Complex): Complex {
  // E e^{−sT} = e^{−sτ·first} − sτ Σ_n ∫_0^1 e^{−sτ(n+f)} P(T > τ(n+f)) df
  const { weights, nodes } = law;
  const G = nodes.length;
  const st = cscale(s, k.tau);
  let acc = cx(0);
  for (let r = 0; r < law.rows.length; r++) {
    for (let i = 0; i < G; i++) {
      const v = law.ccdfMid[r * G + i];
      if (v === 0) continue;
      acc = cadd(acc, cscale(cexp(cscale(st, -(law.first + r + nodes[i]))), weights[i] * v));
    }
  }
  return cadd(cexp(cscale(st, -law.first)), cscale(cmul(st, acc), -1));
}

// ---------------------------------------------------------------------------------------
// Entry point.
// ---------------------------------------------------------------------------------------

/**
 * The transfer time of `bits` over a Rayleigh block-fading link, request by request
 * (docs/model.md §9.1): per coherence interval τ_c the link serves
 * `(1 − ξ)B·τ_c·log2(1 + γ̄h_k)` bits, h_k ~ Exp(1) i.i.d.; the transfer ends when the
 * bits reach `bits` (last interval fractional). Unlike the paper's `J/E[R]` (the ergodic
 * approximation) this is a full law: a long transfer averages the fading (T ≈ J/E[R]), a
 * short one sees one fade, and E[T] ≥ J/E[R_eff] with equality only in the limit.
 *
 * `sample` is exact. cdf, ccdf, moments, `logMgf`, `lst` and `lstComplex` are numerical
 * (module notes): a lattice in the served fraction as fine as ≈2e7 operations allow
 * (≥ 6 points per mean interval), rounded to cell midpoints; `ccdfBounds` brackets the
 * true tail rigorously (rounding down = conservative). `thetaSup` is ∞
 * (the MGF is finite for every θ: the interval count has a super-exponential tail; beyond
 * the computed rows the numerical MGF adds a Chernoff bound of the rest). `bits = 0` gives `deterministic(0)`-like zero times.
 *
 * @param link - bandwidthHz, meanSnr (> 0), controlOverhead ∈ [0, 1), coherenceSeconds
 *   (> 0, default 0.01) — a {@link RayleighLink} has them all
 * @param bits - J ≥ 0, bits per request
 * @param opts - coherenceSeconds overriding the link's
 * @returns a frozen {@link RayleighTransferTime}; its moments and transforms are computed
 *   on first use (≈ 20–200 ms once up to 100 mean intervals, ≈ 4 s at the limit)
 * @throws RangeError for a non-positive bandwidth, SNR or coherence time, controlOverhead
 *   outside [0, 1), negative bits, or more than {@link TRANSFER_MAX_MEAN_INTERVALS} mean
 *   intervals per transfer; TypeError for a non-object link or options
 * @example
 * ```ts
 * const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
 * const t = rayleighTransferTime(link, 1.0486e6); // the paper's latent, τ_c = 10 ms
 * t.meanIntervals.toFixed(2); // "3.30"
 * (t.mean / (1.0486e6 / link.effectiveRate)).toFixed(3); // "1.028" (E[T] above J/E[R])
 * ```
 */
export function rayleighTransferTime(link: RayleighTransferLink, bits: number, opts?: RayleighTransferOptions): RayleighTransferTime {
  const fn = "rayleighTransferTime";
  const l = options<RayleighTransferLink>(fn, "link", link);
  if (link === undefined) invalid(fn, "link", "a link object (rayleighLink(...))", link);
  const bandwidthHz = positive(fn, "link.bandwidthHz", l.bandwidthHz);
  const meanSnr = positive(fn, "link.meanSnr", l.meanSnr);
  const controlOverhead = l.controlOverhead === undefined ? 0 : inHalfOpen(fn, "link.controlOverhead", l.controlOverhead, 0, 1);
  const o = options<RayleighTransferOptions>(fn, "opts", opts);
  const coherenceSeconds =
    o.coherenceSeconds !== undefined
      ? positive(fn, "opts.coherenceSeconds", o.coherenceSeconds)
      : l.coherenceSeconds !== undefined
        ? positive(fn, "link.coherenceSeconds", l.coherenceSeconds)
        : DEFAULT_COHERENCE_SECONDS;
  const J = nonNegative(fn, "bits", bits);
  const bandwidthEff = (1 - controlOverhead) * bandwidthHz;
  const params = Object.freeze({ bits: J, bandwidthHz, meanSnr, controlOverhead, coherenceSeconds });
  const c = (J * LN2) / (bandwidthEff * coherenceSeconds);
  const meanRate = meanRateKernel(bandwidthEff, meanSnr);
  const meanIntervals = J / (meanRate * coherenceSeconds);
  if (!(meanIntervals <= TRANSFER_MAX_MEAN_INTERVALS)) {
    invalid(fn, "bits/(E[R_eff]·coherenceSeconds)", `at most ${TRANSFER_MAX_MEAN_INTERVALS} mean coherence intervals per transfer (work limit: the law's lattice tables take ≈ 4 s of one core at the limit)`, `${show(J)}/(${show(meanRate)}·${show(coherenceSeconds)}) = ${show(meanIntervals)}`);
  }
  if (J === 0) return zeroTransfer(params);
  // Same parameters, same frozen law: its lattice is built once however often it is asked
  // for (the simulator and the bounds rebuild a pipeline's laws per call).
  const key = `${J}|${bandwidthHz}|${meanSnr}|${controlOverhead}|${coherenceSeconds}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const made = makeTransfer(params, c, meanSnr, coherenceSeconds, meanIntervals);
  memo.set(key, made);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return made;
}

/** Laws kept for reuse (first in, first out). */
const MEMO_SIZE = 32;
const memo = new Map<string, RayleighTransferTime>();

function makeTransfer(params: RayleighTransferTime["params"], c: number, meanSnr: number, coherenceSeconds: number, meanIntervals: number): RayleighTransferTime {
  const k: Consts = { c, snr: meanSnr, tau: coherenceSeconds, meanY: 1 / meanIntervals };
  let cached: Law | undefined;
  const law = () => (cached ??= buildLaw(k));
  let meanV: number | undefined;
  let varV: number | undefined;
  const checkX = (x: number) => Number.isNaN(x);
  const logMgf = (theta: number) => logMgfOf(k, law(), theta);
  let atoms: { pos: Float64Array; logMass: Float64Array } | undefined;
  const dist = {
    kind: "rayleighTransfer" as const,
    params,
    meanIntervals,
    get mean() {
      return (meanV ??= momentOf(k, law(), 1));
    },
    get variance() {
      if (varV === undefined) {
        const m = this.mean;
        const m2 = momentOf(k, law(), 2);
        varV = m2 === Infinity ? Infinity : Math.max(0, m2 - m * m);
      }
      return varV;
    },
    thetaSup: Infinity,
    moment: (order: number) => {
      if (!(Number.isSafeInteger(order) && order >= 0)) invalid("rayleighTransferTime.moment", "k", "a non-negative integer", order);
      return momentOf(k, law(), order);
    },
    lst: (s: number) => Math.exp(logMgf(-s)),
    lstComplex: (s: Complex) => lstComplexOf(k, law(), s),
    logMgf,
    sample: (u: Rng) => sampleTransferKernel(u, c, meanSnr, coherenceSeconds),
    cdf: (x: number) => (checkX(x) ? NaN : x < 0 ? 0 : cdfAt(k, law(), x)),
    ccdf: (x: number) => (checkX(x) ? NaN : x < 0 ? 1 : tailAt(k, law(), x, 0.5)),
    ccdfBounds: (x: number) => {
      if (checkX(x)) return Object.freeze({ lower: NaN, upper: NaN });
      if (x < 0) return Object.freeze({ lower: 1, upper: 1 });
      const L = law();
      return Object.freeze({ lower: tailAt(k, L, x, 1), upper: tailAt(k, L, x, 0) });
    },
    logMgfUpper: (theta: number) => {
      if (!(theta >= 0)) return Number.isNaN(theta) ? NaN : logMgf(theta);
      const L = law();
      atoms ??= upperAtoms(L, floorGrid(k, L));
      return logMgfUpperOf(k, L, atoms, theta);
    },
  };
  return Object.freeze(dist);
}

/** bits = 0: the transfer takes no time. */
function zeroTransfer(params: RayleighTransferTime["params"]): RayleighTransferTime {
  return Object.freeze({
    kind: "rayleighTransfer" as const,
    params,
    meanIntervals: 0,
    mean: 0,
    variance: 0,
    thetaSup: Infinity,
    moment: (order: number) => {
      if (!(Number.isSafeInteger(order) && order >= 0)) invalid("rayleighTransferTime.moment", "k", "a non-negative integer", order);
      return order === 0 ? 1 : 0;
    },
    lst: (s: number) => (Number.isNaN(s) ? NaN : 1),
    lstComplex: () => cx(1),
    logMgf: (t: number) => (Number.isNaN(t) ? NaN : 0),
    sample: () => 0,
    cdf: (x: number) => (Number.isNaN(x) ? NaN : x >= 0 ? 1 : 0),
    ccdf: (x: number) => (Number.isNaN(x) ? NaN : x >= 0 ? 0 : 1),
    ccdfBounds: (x: number) => Object.freeze(Number.isNaN(x) ? { lower: NaN, upper: NaN } : x >= 0 ? { lower: 0, upper: 0 } : { lower: 1, upper: 1 }),
    logMgfUpper: (t: number) => (Number.isNaN(t) ? NaN : 0),
  });
}
