/**
 * Conservative grid laws (docs/model.md §9.4): a random time X replaced by a variable X̂ on
 * the grid {0, h, 2h, …} that is stochastically larger, P(X̂ > x) ≥ P(X > x) for every x,
 * so every probability computed from X̂ errs on the safe side. Rounding a time up to the
 * next grid point does exactly that; so does replacing a tail by any upper bound of it
 * (made non-increasing). Sums of independent variables keep the order (X ≤st X̂, Y ≤st Ŷ
 * independent ⇒ X + Y ≤st X̂ + Ŷ), so convolutions of grid laws bound sums.
 *
 * A law stores its masses P(X̂ = kh) and its tail P(X̂ > kh) for k < n, each computed as a
 * sum of non-negative terms (relative accuracy in the far tail, no 1 − (…) cancellation).
 * Whatever lies beyond (n − 1)h is an atom at +∞: its mass is the last tail value, and it
 * counts in every tail — conservative. Internal to the request-level analysis.
 *
 * @module
 */

/** A stochastically-larger law on the grid kh, k < n, plus an atom at +∞ of mass `tail[n−1]`. */
export interface GridLaw {
  /** Grid step h in seconds. */
  readonly h: number;
  /** P(X̂ = kh). */
  readonly mass: Float64Array;
  /** P(X̂ > kh), non-increasing; beyond the array it stays at its last value (the atom at ∞). */
  readonly tail: Float64Array;
}

/** Tails below this are the end of a grid: the atom at ∞ holds at most this much. */
export const GRID_FLOOR = 1e-30;

/** P(X̂ > x) for any real x (1 below 0; the last value beyond the grid). */
export function gridTail(law: GridLaw, x: number): number {
  if (!(x >= 0)) return Number.isNaN(x) ? NaN : 1;
  const k = Math.floor(x / law.h);
  const n = law.tail.length;
  return k >= n ? law.tail[n - 1] : law.tail[k];
}

/** The smallest grid point t with P(X̂ > t) ≤ ε, or Infinity when the atom at ∞ exceeds ε. */
export function gridQuantile(law: GridLaw, epsilon: number): number {
  const { tail, h } = law;
  if (tail[tail.length - 1] > epsilon) return Infinity;
  let lo = 0;
  let hi = tail.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tail[mid] <= epsilon) hi = mid;
    else lo = mid + 1;
  }
  return lo * h;
}

/** E[X̂] (Infinity with an atom at ∞). */
export function gridMean(law: GridLaw): number {
  const { tail, h } = law;
  if (tail[tail.length - 1] > 0) return Infinity;
  let s = 0;
  for (let k = 0; k < tail.length; k++) s += tail[k];
  return s * h;
}

/** The constant `value` rounded up to the grid (the next point ≥ value). */
export function gridPoint(h: number, value: number): GridLaw {
  let k = Math.ceil(value / h);
  if (k * h < value) k++;
  const mass = new Float64Array(k + 1);
  mass[k] = 1;
  const tail = new Float64Array(k + 1);
  for (let j = 0; j < k; j++) tail[j] = 1;
  return { h, mass, tail };
}

/**
 * The grid law with P(X̂ > kh) = min(1, bound(kh)) made non-increasing (a running maximum
 * from the end, which only raises values): X̂ is X rounded up when `bound` is X's exact
 * tail, and stochastically larger than X whenever `bound` bounds it. The grid runs until the
 * tail is below {@link GRID_FLOOR} or `maxPoints` (the rest is the atom at ∞).
 */
export function gridFromTail(h: number, bound: (x: number) => number, maxPoints: number): GridLaw {
  const vals: number[] = [];
  for (let k = 0; k < maxPoints; k++) {
    let v = bound(k * h);
    if (!(v <= 1)) v = 1; // NaN or > 1: nothing known beyond the trivial bound
    if (!(v >= 0)) v = 0;
    vals.push(v);
    if (v <= GRID_FLOOR) break;
  }
  const n = vals.length;
  const tail = Float64Array.from(vals);
  monotone(tail);
  // A tail below the floor at the end is dropped to 0 (the law ends there) only if the
  // bound itself is 0; otherwise it stays as the atom at ∞.
  const mass = new Float64Array(n);
  mass[0] = 1 - tail[0];
  for (let k = 1; k < n; k++) mass[k] = tail[k - 1] - tail[k];
  return { h, mass, tail };
}

/**
 * The law of X̂ + Ŷ for independent X̂, Ŷ, on at most `maxPoints` points (beyond: the atom
 * at ∞). Tail: P(X̂ + Ŷ > kh) = Σ_{j ≤ k} P(X̂ = jh)·P(Ŷ > (k − j)h) + P(X̂ > kh), a sum of
 * non-negative terms; the atom of either law at ∞ is carried by its tail.
 */
export function gridConvolve(a: GridLaw, b: GridLaw, maxPoints: number): GridLaw {
  // Iterate over the sparser law's masses.
  const nzA = nonZero(a.mass);
  const nzB = nonZero(b.mass);
  const [x, y, nz] = nzA.length <= nzB.length ? [a, b, nzA] : [b, a, nzB];
  const h = a.h;
  const nx = x.tail.length;
  const ny = y.tail.length;
  const atomX = x.tail[nx - 1];
  const atomY = y.tail[ny - 1];
  let n = Math.min(maxPoints, nx + ny - 1);
  const mass = new Float64Array(n);
  const tail = new Float64Array(n);
  for (const j of nz) {
    const w = x.mass[j];
    if (j >= n) break;
    const kmax = Math.min(n - 1, j + ny - 1);
    for (let k = j; k <= kmax; k++) {
      mass[k] += w * y.mass[k - j];
      tail[k] += w * y.tail[k - j];
    }
  }
  if (atomY > 0) {
    // For k ≥ j + ny, P(Ŷ > (k − j)h) is Ŷ's atom: add atomY·P(X̂ ≤ (k − ny)h).
    let cum = 0;
    let p = 0;
    for (let k = ny; k < n; k++) {
      while (p < nz.length && nz[p] <= k - ny) cum += x.mass[nz[p++]];
      tail[k] += atomY * cum;
    }
  }
  for (let k = 0; k < n; k++) tail[k] += k < nx ? x.tail[k] : atomX;
  monotone(tail);
  // Trim a tail that has fallen to exactly 0 (finite supports).
  while (n > 1 && tail[n - 2] === 0) n--;
  if (n < mass.length) return { h, mass: mass.slice(0, n), tail: tail.slice(0, n) };
  return { h, mass, tail };
}

/**
 * Makes a computed tail a tail: at most 1, non-increasing (a running maximum from the end).
 * Both steps only raise values (rounding in sums of many terms can leave a later value a
 * few ulps above an earlier one), so the result still bounds the true tail.
 */
export function monotone(tail: Float64Array): void {
  for (let k = tail.length - 1; k >= 0; k--) {
    if (tail[k] > 1) tail[k] = 1;
    if (k + 1 < tail.length && tail[k] < tail[k + 1]) tail[k] = tail[k + 1];
  }
}

/** Indices of the non-zero entries. */
function nonZero(m: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < m.length; k++) if (m[k] > 0) out.push(k);
  return out;
}

/** The law of X̂ + c for a constant c ≥ 0 (c rounded up to the grid). */
export function gridShift(law: GridLaw, c: number): GridLaw {
  if (c === 0) return law;
  return gridConvolve(gridPoint(law.h, c), law, Number.MAX_SAFE_INTEGER);
}
