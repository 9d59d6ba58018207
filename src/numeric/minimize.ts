/**
 * One-dimensional minimisers for the θ searches of the bounds (and any other smooth,
 * unimodal objective). Kernels: they never throw, and +Infinity values of `f` (an
 * infeasible point) are allowed — the search moves away from them.
 *
 * @module
 */

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

/** Options of {@link brentMin}. */
export interface BrentOptions {
  /** Steps after the first point at most (default 200). */
  readonly maxSteps?: number;
  /** A point inside (lo, hi) with its value, already evaluated: the first point. */
  readonly start?: { readonly x: number; readonly fx: number };
}

/**
 * Brent's minimiser (golden section with parabolic steps; Brent 1973, "Algorithms for
 * Minimization without Derivatives", ch. 5 — the `fmin` of Forsythe, Malcolm & Moler) on
 * [lo, hi] for a unimodal f. About 10–15 evaluations on the smooth convex ln-bounds
 * instead of golden section's ~40. Falls back to {@link goldenMin} when the first interior
 * point is infeasible (+∞), where parabolas are meaningless. Options: `maxSteps` caps the
 * steps after the first point (each one evaluation; the best point so far is returned), and
 * `start` is a point inside (lo, hi) already evaluated, used as the first one.
 */
export function brentMin(f: (x: number) => number, lo: number, hi: number, relTol = 1e-10, opts: BrentOptions = {}): { x: number; fx: number } {
  const C = 0.3819660112501051;
  const { maxSteps = 200, start } = opts;
  let a = lo;
  let b = hi;
  const given = start !== undefined && start.x > lo && start.x < hi && Number.isFinite(start.fx);
  let x = given ? start.x : a + C * (b - a);
  let fx = given ? start.fx : f(x);
  if (!Number.isFinite(fx)) return goldenMin(f, lo, hi, relTol);
  let w = x, v = x, fw = fx, fv = fx;
  let d = 0, e = 0;
  const absTol = relTol * (hi - lo);
  for (let iter = 0; iter < maxSteps; iter++) {
    const m = 0.5 * (a + b);
    const tol1 = 1e-15 * Math.abs(x) + absTol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let p = 0, q = 0, r = 0;
    if (Math.abs(e) > tol1 && Number.isFinite(fw) && Number.isFinite(fv)) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
      d = p / q;
      const u = x + d;
      if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
    } else {
      e = (x < m ? b : a) - x;
      d = C * e;
    }
    const u = x + (Math.abs(d) >= tol1 ? d : d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w; fv = fw;
      w = x; fw = fx;
      x = u; fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w; fv = fw;
        w = u; fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u; fv = fu;
      }
    }
  }
  return { x, fx };
}
