/**
 * Small dense linear algebra for the bound engines' kernels (the chains of the martingale
 * bounds have at most a few hundred states; ml-matrix's general objects cost more than the
 * solve there).
 *
 * @module
 */

/**
 * Solves `M x = r` in place by Gaussian elimination with partial pivoting: M dense, m × m,
 * row-major (overwritten by its factors), r overwritten by x. False when a pivot vanishes
 * (M singular in doubles); nothing is thrown (a kernel of the bound engines).
 *
 * @example
 * ```ts
 * const M = Float64Array.of(2, 1, 1, 3);
 * const r = Float64Array.of(3, 5);
 * solveDense(M, r, 2); // true
 * Array.from(r); // [0.8, 1.4]
 * ```
 */
export function solveDense(M: Float64Array, r: Float64Array, m: number): boolean {
  for (let p = 0; p < m; p++) {
    let best = p;
    let big = Math.abs(M[p * m + p]);
    for (let i = p + 1; i < m; i++) {
      const v = Math.abs(M[i * m + p]);
      if (v > big) {
        big = v;
        best = i;
      }
    }
    if (!(big > 0)) return false;
    if (best !== p) {
      for (let j = p; j < m; j++) {
        const t = M[p * m + j];
        M[p * m + j] = M[best * m + j];
        M[best * m + j] = t;
      }
      const t = r[p];
      r[p] = r[best];
      r[best] = t;
    }
    const piv = M[p * m + p];
    for (let i = p + 1; i < m; i++) {
      const f = M[i * m + p] / piv;
      if (f === 0) continue;
      for (let j = p + 1; j < m; j++) M[i * m + j] -= f * M[p * m + j];
      r[i] -= f * r[p];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let acc = r[i];
    for (let j = i + 1; j < m; j++) acc -= M[i * m + j] * r[j];
    r[i] = acc / M[i * m + i];
  }
  return true;
}

/**
 * Factors a dense M-matrix in place as `M = LU` without pivoting (L unit lower, U upper, both
 * stored in M, row-major m × m), for repeated solves with {@link solveFactored}. False when a
 * pivot is not positive: for `I − A` with A ≥ 0 that says the spectral radius of A is not
 * below 1 (nothing is thrown: a kernel of the bound engines).
 *
 * @example
 * ```ts
 * const M = Float64Array.of(2, -1, -1, 2);
 * factorMMatrix(M, 2); // true
 * const r = Float64Array.of(1, 4);
 * solveFactored(M, r, 2);
 * Array.from(r); // [2, 3]
 * ```
 */
export function factorMMatrix(M: Float64Array, m: number): boolean {
  for (let p = 0; p < m; p++) {
    const piv = M[p * m + p];
    if (!(piv > 0)) return false;
    for (let i = p + 1; i < m; i++) {
      const f = M[i * m + p] / piv;
      M[i * m + p] = f;
      if (f === 0) continue;
      for (let j = p + 1; j < m; j++) M[i * m + j] -= f * M[p * m + j];
    }
  }
  return true;
}

/**
 * Solves `LU x = r` in place of r for factors from {@link factorMMatrix}.
 *
 * @example
 * ```ts
 * const M = Float64Array.of(4, -2, -1, 3);
 * factorMMatrix(M, 2);
 * const r = Float64Array.of(2, 2);
 * solveFactored(M, r, 2);
 * Array.from(r); // [1, 1]
 * ```
 */
export function solveFactored(M: Float64Array, r: Float64Array, m: number): void {
  for (let i = 1; i < m; i++) {
    let acc = r[i];
    for (let j = 0; j < i; j++) acc -= M[i * m + j] * r[j];
    r[i] = acc;
  }
  for (let i = m - 1; i >= 0; i--) {
    let acc = r[i];
    for (let j = i + 1; j < m; j++) acc -= M[i * m + j] * r[j];
    r[i] = acc / M[i * m + i];
  }
}
