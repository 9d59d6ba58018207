/**
 * Exact M/D/1 waiting-time tail (Erlang's series) with a rounding-error estimate.
 *
 * Kernel only: never throws.
 *
 * @module
 */

/** Unit roundoff: each correctly rounded operation errs by at most this relative amount. */
const EPS = 2 ** -53;

/** A tail value and an upper estimate of its relative rounding error. */
export interface SeriesValue {
  readonly tail: number;
  readonly relErr: number;
}

/**
 * P(W > t) for M/D/1 from `P(W ≤ t) = (1 − ρ) Σ_{k=0}^{⌊t/d⌋} (λ(kd − t))^k/k! · e^{−λ(kd − t)}`
 * (Erlang 1909; Tijms, *A First Course in Stochastic Models*, 2003, eq. 9.2.36).
 *
 * The terms alternate in sign and grow like e^{λt}, so the sum cancels catastrophically
 * for large t. Each term is formed in log space with its sign; the returned `relErr`
 * bounds the rounding error ε·Σ|term|·(magnitude of its log) relative to the result, so
 * the caller can decide where the series is still trustworthy.
 */
export function md1Series(lambda: number, d: number, t: number): SeriesValue {
  const rho = lambda * d;
  const log1mRho = Math.log1p(-rho);
  const K = Math.floor(t / d);
  if (K === 0) {
    // One term: 1 − (1−ρ)e^{λt}, without the cancellation of forming the product first.
    return { tail: -Math.expm1(log1mRho + lambda * t), relErr: 4 * EPS };
  }
  const logs = new Float64Array(K + 1);
  const mags = new Float64Array(K + 1);
  let logFact = 0;
  let m = -Infinity;
  for (let k = 0; k <= K; k++) {
    if (k > 0) logFact += Math.log(k);
    const x = lambda * (t - k * d);
    let l: number;
    if (k === 0) l = x;
    else if (x <= 0) l = -Infinity; // 0^k with k ≥ 1
    else l = k * Math.log(x) - logFact + x;
    logs[k] = l;
    // Absolute error of l is about ε times the size of its pieces; e^l inherits it.
    mags[k] = (k > 0 && x > 0 ? Math.abs(k * Math.log(x)) + logFact : 0) + x + 1;
    if (l > m) m = l;
  }
  let s = 0;
  let errSum = 0;
  for (let k = 0; k <= K; k++) {
    const e = Math.exp(logs[k] - m);
    s += k % 2 === 0 ? e : -e;
    errSum += e * (mags[k] + K + 1);
  }
  const scale = Math.exp(log1mRho + m);
  if (!Number.isFinite(scale)) return { tail: NaN, relErr: Infinity };
  const tail = 1 - scale * s;
  const absErr = EPS * (scale * errSum + 1);
  // A computed tail outside (0, 1] is cancellation debris whatever the estimate says.
  return { tail, relErr: tail > 0 && tail <= 1 ? absErr / tail : Infinity };
}
