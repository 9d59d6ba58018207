/**
 * The Snell envelope of the drawdown walk: the least supermartingale factor on the random
 * stage's backlog D and its record M, for the same tandems as the drawdown envelope of
 * ./drawdown.ts (constant → random → constant, i.i.d. arrivals; docs/model.md §10.9).
 *
 * The drawdown envelope's product form `u = 1 + e^{−θG}ψ(D)` charges the record's cost at
 * every distance G = M − D below it, so its bound keeps the tandem's decay but a prefactor of
 * about 20 under heavy load. The least u with `u ≥ 1` and `u ≥ k·E[e^{θ(Δ − G)⁺}u(G′, D′)]` is
 * an optimal-stopping value: 1 where stopping is best (far below the record), larger near it.
 * In `v(M, D) = e^{θM}u(M − D, D)` the condition reads `v ≥ e^{θM}`,
 * `v(M, D) ≥ k·E[v(max(M, y), y)]` with `y = max(0, D + c − σ)`: both coordinates of the next
 * state are convex non-decreasing in (M, D), so a convex v that is non-decreasing in both
 * gives a convex right side.
 *
 * Finite form. v lives on the lattice (M, D) = (ig, jg) of the drawdown plan (g = c/6,
 * D ≤ D̄ = Jg, j ≤ i), is read between lattice points by linear interpolation on triangles
 * (per square the diagonal across which it folds upwards), and is `e^{θM}` (u = 1) beyond
 * G = Hg. The random stage's content above D̄ is thrown away and charged (the tandem serves
 * less): above D̄ the value is the one at D̄ shifted along G (`e^{θrg}v(i − r, J)` at
 * (i, J + r), u constant in D), which the interpolant meets within a factor `1 + ε` (ε from
 * θg alone): the kernel is inflated by it. When the lattice values are non-decreasing, every
 * fold across a grid edge is ≥ 0 and the lemma holds at every lattice point, the right side
 * at any real state lies below the interpolant: the lattice conditions, checked on every
 * vector used, prove the real ones. The stationary vector is solved column by column (fixed
 * M) in an order in which each column depends only on itself and on columns already solved,
 * by a dense policy iteration per column; the window by walking the kernel backwards on the
 * states the empty system can reach.
 *
 * A faster constant after the random stage (read backwards, the one feeding it at c_f > c) is
 * kept rather than merged down to c: with `M̃ = G + D` the record moves to `max(M̃ + δ, y)`,
 * δ = c_f − c, `y = max(0, D + c_f − σ)` and `k = e^{ρ_A(θ) − θc_f}`. Content above D̄ is
 * clipped while the record keeps its unclipped increments (a walk that serves less), and its
 * value is the same shift along G. On the plan's lattice, whose step divides the kept part of δ
 * (d steps of g = c/L, see drawdownSteps; G solved to 10c), no column order solves the field: the
 * pushed record and the shift above D̄ couple row D̄ across columns both ways, so the policy
 * iteration runs over the whole field with row D̄ as a Schur block (see solvePushed).
 *
 * Nothing here throws; a θ where a check fails gives no bound (+∞).
 *
 * @module
 */

import { type DrawdownPlan, drawdownLattice, drawdownRow, wholeSlots } from "./drawdown.js";
import { brentMin } from "../numeric/minimize.js";
import { factorMMatrix, solveFactored } from "../numeric/linear.js";

/** G range solved, in slots of c (beyond, u = 1: at load 0.9 the stopping region starts near 4.5c). */
const CAP_G = 6;
/**
 * The same where the record is pushed by the feeding constant's excess: at load 0.93 with
 * constants 2.7 / 3.0, u is still 1.02 at G = 6c and the lemma fails on the band beyond.
 */
const CAP_G_EXCESS = 10;
/** Window slots walked exactly; beyond, `e^{−ρ_A(θ)}` per slot (at load 0.9 the walk's own decay per slot is that from about 20 slots on). */
const WINDOW = 24;
/** The stationary vector is solved for the kernel inflated by this factor (in ln). */
const INFLATE = 1e-11;
/** Policy iterations per column. */
const MAX_POLICY = 60;
/** Policy iterations over the whole field (where the record is pushed: 7–11 at load 0.93). */
const MAX_POLICY_FIELD = 60;
/** θ·M above this: the lattice spans too many orders of magnitude for doubles. */
const MAX_EXPONENT = 600;
/**
 * Charged on every bound (in ln): the powers `e^{θig}`, repeated products, may fall short of
 * e^{θig} by i rounding errors (i ≤ 300: under 4·10⁻¹⁴), and v ≥ e^{θM} is checked against them.
 */
const POWERS = 1e-12;

/** The θ-free lattice of one plan: step, sizes and the distribution of the next backlog per row. */
interface Lattice {
  readonly g: number;
  /** The output constant Lg and the feeding one (L + d)g: the record moves d steps per slot. */
  readonly c: number;
  readonly cf: number;
  readonly L: number;
  readonly d: number;
  /** D̄ = Jg. */
  readonly J: number;
  /** G solved up to Hg. */
  readonly H: number;
  /** `omega[j][y]`: P(next backlog at lattice point y | D = jg), the interpolation weights of the cells (rows 0 … J + 1, y = 0 … j + L + d). */
  readonly omega: readonly Float64Array[];
}

const lattices = new WeakMap<DrawdownPlan, Lattice>();

function latticeOf(p: DrawdownPlan): Lattice {
  const hit = lattices.get(p);
  if (hit) return hit;
  // The drawdown plan's lattice (g = c/L, the feeding constant (L + d)g where a faster one is kept).
  const { g, c, cf, L, d } = drawdownLattice(p);
  const J = 8 * L; // D̄ = 8c, the drawdown envelope's cap
  const H = (d === 0 ? CAP_G : CAP_G_EXCESS) * L;
  const omega: Float64Array[] = [];
  for (let j = 0; j <= J + 1; j++) omega.push(drawdownRow(p, j));
  const lat = { g, c, cf, L, d, J, H, omega };
  lattices.set(p, lat);
  return lat;
}

/**
 * A vector on the vertices (i, j), j ≤ J, j ≤ i ≤ j + width (row j stored from i = j),
 * `e^{θig}` (u = 1) beyond when `outer`.
 */
interface Field {
  readonly data: Float64Array;
  readonly width: number;
  readonly outer: boolean;
  /**
   * Beyond the width (and where snapped) the field is `e^{θ(i + off)g}`: a window field n slots
   * back carries the record's push, off = n·d (u = 1 there: every target lies below the pushed
   * record).
   */
  readonly off: number;
}

const at = (f: Field, i: number, j: number): number => j * (f.width + 1) + (i - j);

/**
 * The context of one θ: `e1 = e^{θg}`, `em[i] = e^{θig}`, and
 * ε = `max_τ e^{τx}(1 − τ(1 − e^{−x})) − 1` (x = θg): the interpolant of the shifted values
 * above D̄ times 1 + ε bounds the shifted value itself (docs/model.md §10.9).
 */
interface Ctx {
  readonly lat: Lattice;
  readonly theta: number;
  readonly e1: number;
  readonly em: Float64Array;
  readonly eps: number;
}

function ctxAt(lat: Lattice, theta: number, iMax: number): Ctx {
  // Powers by repeated products, and the shift above D̄ applied one factor at a time: then
  // e^{θg}·e^{θig} is e^{θ(i+1)g} bit for bit, and the folds of a region where u = 1 are exact zeros.
  const e1 = Math.exp(theta * lat.g);
  const em = new Float64Array(iMax + lat.L + (WINDOW + 1) * lat.d + 3);
  em[0] = 1;
  for (let i = 1; i < em.length; i++) em[i] = em[i - 1] * e1;
  const x = theta * lat.g;
  const q = -Math.expm1(-x);
  // h(τ) = τx + ln(1 − τq) is concave, maximal at τ* = (1 − q/x)/q (in [0, 1] for x > 0).
  const ts = Math.min(1, Math.max(0, (1 - q / x) / q));
  const eps = Math.max(0, Math.expm1(ts * x + Math.log1p(-ts * q)));
  return { lat, theta, e1, em, eps: eps * (1 + 1e-12) + 1e-16 };
}

/** The value at a vertex, above D̄ shifted along G (`e^{θrg}v(i − r, J)`), beyond the field's width `e^{θig}`. */
function value(cx: Ctx, f: Field, i: number, j: number): number {
  const J = cx.lat.J;
  const r = j > J ? j - J : 0;
  let v: number;
  if (i - j > f.width) v = f.outer ? cx.em[i - r + f.off] : NaN;
  else v = f.data[at(f, i - r, j - r)];
  for (let t = 0; t < r; t++) v *= cx.e1;
  return v;
}

/**
 * `Σ_y ω_j[y]·V(max(i + d, y), y)`: the next slot's expectation of the field's interpolant
 * from the vertex (i, j) (the backlog falls along the column M = (i + d)g, or pushes the
 * record to (y, y); above D̄ the shifted values).
 */
function expect(cx: Ctx, f: Field, i0: number, j: number): number {
  const i = i0 + cx.lat.d;
  const w = cx.lat.omega[j];
  const J = cx.lat.J;
  const d = f.data;
  const W1 = f.width + 1;
  const top = w.length - 1;
  let acc = 0;
  const colEnd = Math.min(i, J, top);
  for (let y = 0; y <= colEnd; y++) {
    const wy = w[y];
    if (wy !== 0) acc += wy * (i - y <= f.width ? d[y * W1 + i - y] : f.outer ? cx.em[i + f.off] : NaN);
  }
  for (let y = i + 1; y <= Math.min(J, top); y++) if (w[y] !== 0) acc += w[y] * d[y * W1];
  for (let y = Math.max(J + 1, colEnd + 1); y <= top; y++) if (w[y] !== 0) acc += w[y] * value(cx, f, y > i ? y : i, y);
  return acc;
}

/**
 * Values within this (relative) of `e^{θM}` (u = 1) are made exactly that, and neighbours
 * along M within it exactly equal: v is exactly `e^{θM}` where stopping is best (constant in
 * D, and e^{θg} apart along M, as the shift above D̄ is), and exactly constant in M where no
 * stopping can be reached; rounding would turn the exact zero folds there into negative ulps.
 */
const SNAP = 1e-12;

/**
 * Snaps a field on columns up to iMax (see SNAP): to `e^{θM}`, then runs along M to their
 * largest value. A value may fall by at most SNAP (relative); the window charges that.
 */
function snap(cx: Ctx, f: Field, iMax: number): void {
  const J = cx.lat.J;
  const d = f.data;
  for (let j = 0; j <= J; j++) {
    const last = Math.min(iMax, j + f.width);
    for (let i = j; i <= last; i++) {
      const k = at(f, i, j);
      if (Math.abs(d[k] - cx.em[i + f.off]) <= SNAP * d[k]) d[k] = cx.em[i + f.off];
    }
    let start = j;
    let top = d[at(f, j, j)];
    for (let i = j + 1; i <= last + 1; i++) {
      const v = i <= last ? d[at(f, i, j)] : NaN;
      if (i <= last && Math.abs(v - d[at(f, i - 1, j)]) <= SNAP * v) {
        if (v > top) top = v;
        continue;
      }
      for (let u = start; u < i; u++) d[at(f, u, j)] = top;
      start = i;
      top = v;
    }
  }
}

/**
 * Shape of a field on columns up to `iMax`: non-decreasing in M and D (above D̄ too:
 * `v(i + 1, J) ≤ e^{θg}v(i, J)`), and convex for a triangulation chosen square by square:
 * each square below D̄ and off the line G = 0 is cut by the diagonal across which the
 * interpolant folds upwards (lines of constant G, or the other one), the half squares on
 * G = 0 and the squares above D̄ by lines of constant G (the bound on the shifted values
 * above D̄ assumes those). The folds across the grid's own edges are then checked, each as
 * a difference of differences of neighbours, so that flat parts give exact zeros (see SNAP).
 * The kernel never needs the square diagonals: a lattice vertex's next states lie on grid
 * edges and on G = 0.
 */
function shapeOk(cx: Ctx, f: Field, iMax: number): boolean {
  const J = cx.lat.J;
  const d = f.data;
  const W1 = f.width + 1;
  const V = (i: number, j: number) => (j <= J && i - j <= f.width ? d[j * W1 + i - j] : value(cx, f, i, j));
  // Whether the square (i, j) is cut along constant G: on G = 0 and above D̄ always, else
  // where the interpolant folds upwards across that diagonal (its fold ≥ 0).
  const cutG = (i: number, j: number) => i === j || j >= J || (V(i + 1, j) - V(i + 1, j + 1)) + (V(i, j + 1) - V(i, j)) >= 0;
  // Across an edge A–B: opposite corners P and Q, offsets p + q along the edge.
  const fold = (vA: number, vB: number, vP: number, vQ: number, pq: number) =>
    pq === 0 ? (vQ - vA) - (vA - vP) : pq === 1 ? (vQ - vB) - (vA - vP) : (vQ - vB) - (vB - vP);
  // Per row, whether each square is cut along constant G (this row's and the one below).
  let cut = new Uint8Array(iMax + 2);
  let below = new Uint8Array(iMax + 2);
  let belowLen = 0;
  for (let j = 0; j <= J; j++) {
    // Beyond two columns past the stored ones every neighbour is e^{θM}: exact zero folds.
    const last = f.outer ? Math.min(iMax, j + f.width + 2) : iMax;
    for (let i = j; i < last; i++) cut[i - j] = cutG(i, j) ? 1 : 0;
    for (let i = j; i < last; i++) {
      const a = V(i, j);
      const right = V(i + 1, j);
      if (!(a > 0) || !(right >= a)) return false;
      const qa = cut[i - j] ? 1 : 0;
      if (j + 1 <= i) {
        const above = V(i, j + 1);
        if (!(above >= a)) return false;
        // Squares above D̄ must be cut along constant G.
        if (j >= J && !((right - V(i + 1, j + 1)) + (above - a) >= 0)) return false;
        // Vertical edge (i, j)–(i, j + 1): the square to its left, (i − 1, j), and to its right, (i, j).
        const p = cut[i - 1 - j] ? 0 : 1;
        if (!(fold(a, above, V(i - 1, j + p), V(i + 1, j + qa), p + qa) >= 0)) return false;
      }
      // Horizontal edge (i, j)–(i + 1, j): the square below, (i, j − 1), and above, (i, j).
      if (j >= 1) {
        const p = i - (j - 1) < belowLen && !below[i - (j - 1)] ? 1 : 0;
        if (!(fold(a, right, V(i + p, j - 1), V(i + qa, j + 1), p + qa) >= 0)) return false;
      }
    }
    const t = below;
    below = cut;
    cut = t;
    belowLen = Math.max(0, last - j);
  }
  return true;
}

/** A certified stationary field at θ, with ln k. */
interface Stationary {
  readonly field: Field;
  readonly cx: Ctx;
  readonly logK: number;
}

/** Scratch of the column solves (sized for the tallest column, J + 1 rows). */
interface ColumnScratch {
  readonly A: Float64Array;
  readonly M: Float64Array;
  readonly b: Float64Array;
  readonly x: Float64Array;
  readonly rhs: Float64Array;
  readonly C: Int32Array;
  readonly pol: Uint8Array;
}

/**
 * Column i (M = ig) of the stationary field, given every other column it depends on: its
 * rows lo … lo + n − 1 satisfy `v = max(e^{θM}, s·(A v + b))`, A the weights on the column's
 * own vertices and b the rest (vertices of other columns, and e^{θM} beyond the field).
 * Optimal stopping by a dense policy iteration from "stop everywhere" whose continuing rows
 * only grow; the factors of I − A_CC are redone only when that set grows. Writes the column;
 * false where there is no positive solution (the envelope does not exist at this θ).
 */
function solveColumn(cx: Ctx, f: Field, i: number, s: number, sc: ColumnScratch): boolean {
  const { J, omega } = cx.lat;
  const { width, data } = f;
  const W1 = width + 1;
  const lo = Math.max(0, i - width);
  const n = Math.min(i, J) - lo + 1;
  const { A, M, b, x, rhs, C, pol } = sc;
  A.fill(0, 0, n * n);
  b.fill(0, 0, n);
  pol.fill(0, 0, n);
  for (let r = 0; r < n; r++) {
    const w = omega[lo + r];
    for (let y = 0; y < w.length; y++) {
      const wy = s * w[y];
      if (wy === 0) continue;
      if (y <= i && y <= J) {
        if (i - y > width) b[r] += wy * cx.em[i];
        else A[r * n + (y - lo)] += wy;
      } else if (y <= J) b[r] += wy * data[y * W1];
      else {
        // Above D̄: the value at (max(i, y) − (y − J), J) times e^{θ(y − J)g}.
        let e = 1;
        for (let t = J; t < y; t++) e *= cx.e1;
        const ii = (y > i ? y : i) - (y - J);
        if (ii === i) A[r * n + (J - lo)] += wy * e;
        else if (ii - J > width) b[r] += wy * e * cx.em[ii];
        else b[r] += wy * e * data[J * W1 + ii - J];
      }
    }
  }
  const e = cx.em[i];
  let factored = -1;
  let ok = false;
  for (let it = 0; it < MAX_POLICY && !ok; it++) {
    let m = 0;
    for (let r = 0; r < n; r++) if (pol[r]) C[m++] = r;
    for (let r = 0; r < n; r++) x[r] = e;
    if (m > 0) {
      if (factored !== m) {
        for (let a = 0; a < m; a++) for (let c = 0; c < m; c++) M[a * m + c] = (a === c ? 1 : 0) - A[C[a] * n + C[c]];
        if (!factorMMatrix(M, m)) return false;
        factored = m;
      }
      for (let a = 0; a < m; a++) {
        let acc = b[C[a]];
        for (let u = 0; u < n; u++) if (!pol[u]) acc += A[C[a] * n + u] * e;
        rhs[a] = acc;
      }
      solveFactored(M, rhs, m);
      for (let a = 0; a < m; a++) {
        if (!(rhs[a] > 0) || !Number.isFinite(rhs[a])) return false;
        x[C[a]] = rhs[a];
      }
    }
    // Improve: continue wherever continuing is worth more than stopping.
    ok = true;
    for (let r = 0; r < n; r++) {
      if (pol[r]) continue;
      let acc = b[r];
      for (let u = 0; u < n; u++) acc += A[r * n + u] * x[u];
      if (acc > e) {
        pol[r] = 1;
        ok = false;
      }
    }
  }
  if (!ok) return false;
  for (let r = 0; r < n; r++) data[(lo + r) * W1 + i - (lo + r)] = Math.max(x[r], e);
  return true;
}

/**
 * The stationary field where the record is pushed d ≥ 1 steps per slot (docs/model.md §10.9):
 * the least solution of `v = max(e^{θM}, s·K v)` by a policy iteration over the whole field
 * from "stop everywhere", whose continuing vertices only grow. No column order solves it in
 * one pass: off row D̄ a vertex depends only on larger columns (its record moves to i + d or
 * beyond) and on row D̄ (the content above D̄, shifted), but row D̄ depends on smaller columns
 * of itself. So each policy is evaluated with row D̄ as a Schur block: one descending sweep
 * carries every continuing vertex off that row as an affine function of the continuing values
 * on it (a vector of R + 1 coefficients, kept for the L + d + 1 columns a vertex reaches),
 * assembling row D̄'s own equations on the way; a dense solve of those (an M-matrix where the
 * envelope exists: a pivot ≤ 0 says it does not); then a scalar sweep fills the rest. Writes
 * the field; false where there is no positive solution.
 */
function solvePushed(cx: Ctx, f: Field, s: number): boolean {
  const { J, H, L, d, omega } = cx.lat;
  const W1 = H + 1;
  const data = f.data;
  const em = cx.em;
  const iEnd = J + H;
  // The shift factors e^{θrg} above D̄ (r = 1 … L + d + 1), one factor at a time as in value().
  const shift = new Float64Array(L + d + 2);
  shift[0] = 1;
  for (let r = 1; r < shift.length; r++) shift[r] = shift[r - 1] * cx.e1;
  const pol = new Uint8Array((J + 1) * W1);
  // Row D̄'s continuing vertices (by column − J), their index among the unknowns (−1: stopping).
  const rIdx = new Int32Array(W1);
  const ring = L + d + 1;
  const N = W1;
  const V = N + 1;
  const vecs = new Float64Array(ring * J * V);
  const row = new Float64Array(V);
  const A = new Float64Array(N * N);
  const x = new Float64Array(N);
  /** Adds `s·Σ_y ω_j[y]·(value at the next vertex)` of vertex (i, j) to `out` from `o` on (coefficients on row D̄'s unknowns, the constant at R). */
  const accumulate = (out: Float64Array, o: number, i: number, j: number, R: number) => {
    const w = omega[j];
    const m = i + d;
    for (let y = 0; y < w.length; y++) {
      if (w[y] === 0) continue;
      let col: number;
      let rowJ: number;
      let fac: number;
      if (y > J) {
        col = (y > m ? y : m) - (y - J);
        rowJ = J;
        fac = s * w[y] * shift[y - J];
      } else {
        col = y > m ? y : m;
        rowJ = y;
        fac = s * w[y];
      }
      if (col - rowJ > H || !pol[rowJ * W1 + col - rowJ]) out[o + R] += fac * em[col];
      else if (rowJ === J) out[o + rIdx[col - J]] += fac;
      else {
        const q = ((col % ring) * J + rowJ) * V;
        for (let t = 0; t <= R; t++) out[o + t] += fac * vecs[q + t];
      }
    }
  };
  for (let it = 0; it < MAX_POLICY_FIELD; it++) {
    let R = 0;
    for (let c = 0; c < W1; c++) rIdx[c] = pol[J * W1 + c] ? R++ : -1;
    // Off row D̄, descending columns: each continuing vertex as coefficients on the R unknowns
    // and a constant; row D̄'s equations `x − S x = b` as their columns come (each of A's R rows
    // written whole once).
    for (let i = iEnd; i >= 0; i--) {
      const slot = i % ring;
      for (let j = Math.max(0, i - H); j <= Math.min(i, J - 1); j++) {
        if (!pol[j * W1 + i - j]) continue;
        const o = (slot * J + j) * V;
        vecs.fill(0, o, o + R + 1);
        accumulate(vecs, o, i, j, R);
      }
      if (i >= J && rIdx[i - J] >= 0) {
        const a = rIdx[i - J];
        row.fill(0, 0, R + 1);
        accumulate(row, 0, i, J, R);
        for (let t = 0; t < R; t++) A[a * R + t] = (t === a ? 1 : 0) - row[t];
        x[a] = row[R];
      }
    }
    if (R > 0) {
      if (!factorMMatrix(A, R)) return false;
      solveFactored(A, x, R);
    }
    for (let c = 0; c < W1; c++) {
      if (rIdx[c] < 0) continue;
      const v = x[rIdx[c]];
      if (!(v > 0) || !Number.isFinite(v)) return false;
      data[J * W1 + c] = v;
    }
    // The rest by a scalar sweep (every target is final: larger columns, or row D̄).
    for (let i = iEnd; i >= 0; i--) {
      for (let j = Math.max(0, i - H); j <= Math.min(i, J - 1); j++) {
        const k = j * W1 + i - j;
        if (!pol[k]) continue;
        const v = s * expect(cx, f, i, j);
        if (!(v > 0) || !Number.isFinite(v)) return false;
        data[k] = v;
      }
    }
    // Improve: continue wherever continuing is worth more than stopping.
    let grew = false;
    for (let j = 0; j <= J; j++) {
      for (let i = j; i <= j + H; i++) {
        const k = j * W1 + i - j;
        if (pol[k]) continue;
        if (s * expect(cx, f, i, j) > em[i]) {
          pol[k] = 1;
          grew = true;
        }
      }
    }
    if (!grew) {
      for (let k = 0; k < data.length; k++) if (pol[k]) data[k] = Math.max(data[k], em[(k % W1) + Math.floor(k / W1)]);
      return true;
    }
  }
  return false;
}

/**
 * The least solution of `v = max(e^{θM}, s·K v)` (s = k(1 + ε)e^{INFLATE}) on G ≤ Hg, column
 * by column (fixed M) in an order in which every column depends only on itself and on columns
 * already solved (see solveColumn). Then the checks. Null where none is certified.
 */
function stationary(p: DrawdownPlan, theta: number): Stationary | null {
  const lat = latticeOf(p);
  const { J, H, L, d } = lat;
  const iTop = Math.max(WINDOW * (L + d), J + H + 2 * (L + d));
  if (!(theta > 0) || theta * iTop * lat.g > MAX_EXPONENT) return null;
  const rho = p.arrivals.rho(theta);
  const lk = rho - theta * lat.cf;
  if (!(lk < 0) || !Number.isFinite(rho)) return null;
  const cx = ctxAt(lat, theta, iTop);
  const k = Math.exp(lk);
  // The kernel is inflated by 1 + ε (the shifted values above D̄); beyond the field every
  // target is e^{θM} with M pushed by dg, where the lemma needs k·e^{θdg}(1 + ε) =
  // e^{ρ_A(θ) − θc}(1 + ε) < 1 (c the output constant).
  if (!(Math.exp(rho - theta * lat.c) * (1 + cx.eps) < 1)) return null;
  const s = k * (1 + cx.eps) * Math.exp(INFLATE);
  const width = H;
  const W1 = width + 1;
  const data = new Float64Array((J + 1) * W1);
  for (let j = 0; j <= J; j++) for (let i = j; i <= j + width; i++) data[j * W1 + i - j] = cx.em[i];
  const f: Field = { data, width, outer: true, off: 0 };
  if (d === 0) {
    // Columns 0 … J depend only on themselves and on larger columns up to J (records pushed to
    // (y, y), content above D̄ to (J, J)); columns beyond J on themselves and on row J of smaller
    // ones from J on. Solved in that order (J down to 0, then J + 1 up), each once, exactly.
    const N = J + 1;
    const sc: ColumnScratch = { A: new Float64Array(N * N), M: new Float64Array(N * N), b: new Float64Array(N), x: new Float64Array(N), rhs: new Float64Array(N), C: new Int32Array(N), pol: new Uint8Array(N) };
    for (let t = 0; t <= J + width; t++) if (!solveColumn(cx, f, t <= J ? J - t : t, s, sc)) return null;
  } else if (!solvePushed(cx, f, s)) return null;
  snap(cx, f, J + width);
  // The lemma at every vertex of the field and one band of L + 1 beyond it (beyond that,
  // every target has u = 1, lies below the pushed record, and the condition above holds), with k itself.
  for (let j = 0; j <= J; j++) {
    for (let i = j; i <= j + width + L + 1; i++) {
      const v = value(cx, f, i, j);
      if (!(v >= cx.em[i]) || !(v >= k * (1 + cx.eps) * expect(cx, f, i, j))) return null;
    }
  }
  if (!shapeOk(cx, f, J + width + 2 * L)) return null;
  return { field: f, cx, logK: lk };
}

/**
 * The window walked backwards from the stationary field on the states the empty system can
 * reach (after n of WINDOW slots, M ≤ (WINDOW − n)c): the field is kept divided by
 * `(e^{−θc}(1 + ε))^n`, so that where u = 1 it stays exactly `e^{θM}` (see SNAP), and each
 * slot charges `1 + 2·SNAP` for the snapping. `logs[n]` is the running minimum of ln w_n(0, 0);
 * each field is checked for shape before it is used, and a failed check ends the walk.
 */
function walk(st: Stationary): number[] {
  const { cx } = st;
  const { J, L, H, d } = cx.lat;
  const logStep = -cx.theta * cx.lat.cf + Math.log1p(cx.eps) + Math.log1p(2 * SNAP);
  const logs = [Math.log(st.field.data[0]) + POWERS];
  let cur: Field = st.field;
  let iMax = WINDOW * (L + d);
  // Two buffers, alternating (a field is read while the next is written).
  const bufs = [new Float64Array(0), new Float64Array(0)];
  for (let n = 1; n <= WINDOW; n++) {
    // The stationary field (n = 1) was checked where it was solved: beyond its last checked
    // columns every fold is an exact zero.
    if (n > 1 && !shapeOk(cx, cur, iMax)) break;
    // Beyond G = (H + nL)g every target of the previous field has u = 1: e^{θM} again.
    const nMax = iMax - L - d;
    const width = H + n * L;
    const W1 = width + 1;
    if (bufs[n & 1].length < (J + 1) * W1) bufs[n & 1] = new Float64Array((J + 1) * (H + WINDOW * L + 1));
    const next: Field = { data: bufs[n & 1], width, outer: true, off: n * d };
    for (let j = 0; j <= J; j++) {
      const last = Math.min(nMax, j + width);
      for (let i = j; i <= last; i++) next.data[j * W1 + i - j] = expect(cx, cur, i, j);
      for (let i = last + 1; i <= j + width; i++) next.data[j * W1 + i - j] = cx.em[i + next.off];
    }
    snap(cx, next, nMax);
    cur = next;
    iMax = nMax;
    if (!(cur.data[0] > 0)) break;
    logs.push(Math.min(logs[n - 1], n * logStep + Math.log(cur.data[0]) + POWERS));
  }
  return logs;
}

/** The walk's logs at each θ (null: no certified envelope there), kept per plan for the θ grid. */
const walks = new WeakMap<DrawdownPlan, Map<number, number[] | null>>();

function logsAt(p: DrawdownPlan, theta: number): number[] | null {
  let m = walks.get(p);
  if (!m) walks.set(p, (m = new Map()));
  if (m.has(theta)) return m.get(theta) ?? null;
  const st = stationary(p, theta);
  const logs = st === null ? null : walk(st);
  m.set(theta, logs);
  return logs;
}

/** ln of the bound for window T before the gap (beyond the walk, e^{−ρ_A(θ)} per slot). */
function logAt(p: DrawdownPlan, theta: number, T: number): number {
  const logs = logsAt(p, theta);
  if (logs === null) return Infinity;
  const whole = wholeSlots(T);
  const last = logs.length - 1;
  if (whole <= last) return logs[whole];
  if (last < WINDOW) return logs[last];
  return logs[last] - (whole - last) * p.arrivals.rho(theta);
}

/** θ grid, as fractions of the drawdown plan's limit (the optimum lay at 0.80–0.92 of it for 10–30 slots at loads 0.74 and 0.9). */
const GRID = [0.75, 0.85, 0.9, 0.95] as const;
/** Refine between grid points (Brent, at most two steps) only within this (in ln) of the bound to beat. */
const REFINE_GAP = 0.5;

/**
 * ln of the Snell envelope's bound on P(W > T) with the level's threshold shifted by
 * `threshold` (as for ./drawdown.ts), minimised over θ on a grid below the drawdown plan's
 * limit and, within REFINE_GAP of `beat`, by at most two Brent steps between the best
 * point's neighbours; or at the given θ. Infinity where no θ gives a checked envelope.
 *
 * @internal
 */
export function drawdownSnellLog(p: DrawdownPlan, T: number, threshold: number, theta?: number, beat = Infinity): { logValue: number; theta: number } {
  const f = (th: number) => logAt(p, th, T) - th * threshold;
  if (theta !== undefined) return { logValue: f(theta), theta };
  const hi = p.limit();
  if (!(hi > 0)) return { logValue: Infinity, theta: 0 };
  let bi = -1;
  let bv = Infinity;
  for (let i = 0; i < GRID.length; i++) {
    const v = f(hi * GRID[i]);
    if (v < bv) {
      bv = v;
      bi = i;
    }
  }
  if (bi < 0) return { logValue: Infinity, theta: 0 };
  const best = { logValue: bv, theta: hi * GRID[bi] };
  if (bv > beat + REFINE_GAP) return best;
  const lo = bi > 0 ? hi * GRID[bi - 1] : 0;
  const up = hi * GRID[Math.min(GRID.length - 1, bi + 1)];
  const g = (th: number) => {
    const v = f(th);
    return Number.isFinite(v) ? v : 1e300;
  };
  const r = brentMin(g, lo, up, 1e-3, { maxSteps: 2, start: best.theta > lo && best.theta < up ? { x: best.theta, fx: bv } : undefined });
  return r.fx < best.logValue ? { logValue: r.fx, theta: r.x } : best;
}

/**
 * The certified stationary field of a plan at θ, for tests of its lemma at real states:
 * `v(i, j)` at lattice vertices (with the shifted values above D̄ and e^{θig} beyond the
 * field), the step, D̄ = Jg, k and ε. Null where none is certified.
 *
 * @internal
 */
export function drawdownSnellEnvelope(p: DrawdownPlan, theta: number): { v: (i: number, j: number) => number; g: number; c: number; cf: number; J: number; k: number; eps: number } | null {
  const st = stationary(p, theta);
  if (st === null) return null;
  const { cx, field } = st;
  return { v: (i, j) => value(cx, field, i, j), g: cx.lat.g, c: cx.lat.c, cf: cx.lat.cf, J: cx.lat.J, k: Math.exp(st.logK), eps: cx.eps };
}
