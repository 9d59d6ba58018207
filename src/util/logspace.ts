/**
 * Log-space helpers: every bound in edgecalc is a sum of products of MGFs, which overflow
 * or underflow in linear space long before the answer does (so log-MGFs come first).
 *
 * These are exported at the package root, so they check their arguments: a NaN, a
 * non-number or an argument outside the domain throws a RangeError/TypeError naming the
 * function instead of returning a silent NaN. The checks are a comparison or two per
 * call, cheap next to the `exp`/`log` they guard, so the internal kernels use them too.
 *
 * @module
 */

import { invalid, requireNumber, show } from "./validate.js";

function notNaN(fn: string, param: string, value: unknown): number {
  const v = requireNumber(fn, param, value);
  if (v !== v) invalid(fn, param, "a number (±Infinity allowed), not NaN", v);
  return v;
}

/**
 * ln(e^a + e^b) without overflow; handles ±Infinity.
 *
 * @throws TypeError if `a` or `b` is not a number; RangeError if either is NaN
 * @example
 * ```ts
 * logAddExp(1000, 1000); // 1000.6931471805599
 * ```
 */
export function logAddExp(a: number, b: number): number {
  notNaN("logAddExp", "a", a);
  notNaN("logAddExp", "b", b);
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  if (a === Infinity || b === Infinity) return Infinity;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln Σ e^{x_i}; −Infinity for an empty list.
 *
 * @throws TypeError if `xs` is not an array-like of numbers; RangeError if an element is NaN
 * @example
 * ```ts
 * logSumExp([0, 0, 0, 0]); // 1.3862943611198906 (= ln 4)
 * ```
 */
export function logSumExp(xs: ArrayLike<number>): number {
  if (xs === null || typeof xs !== "object" || typeof xs.length !== "number") {
    throw new TypeError(`logSumExp: xs must be an array of numbers, got ${show(xs)}`);
  }
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = notNaN("logSumExp", `xs[${i}]`, xs[i]);
    if (x > m) m = x;
  }
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}

/**
 * ln(1 − e^{x}) for x ≤ 0, accurate near 0 and for very negative x (Mächler 2012).
 *
 * @throws TypeError if `x` is not a number; RangeError if `x` is NaN or > 0
 * @example
 * ```ts
 * log1mExp(-1e-20); // -46.051701859880914 (= ln 1e-20)
 * ```
 */
export function log1mExp(x: number): number {
  requireNumber("log1mExp", "x", x);
  if (!(x <= 0)) invalid("log1mExp", "x", "a number ≤ 0", x);
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * ln(e^a − e^b) for a ≥ b.
 *
 * @throws TypeError if `a` or `b` is not a number; RangeError if either is NaN or b > a
 * @example
 * ```ts
 * logSubExp(0, -Infinity); // 0
 * ```
 */
export function logSubExp(a: number, b: number): number {
  notNaN("logSubExp", "a", a);
  notNaN("logSubExp", "b", b);
  if (b > a) invalid("logSubExp", "b", `≤ a = ${show(a)}`, b);
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  return a + log1mExp(b - a);
}
