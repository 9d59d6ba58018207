/**
 * Numerical Laplace inversion by the Abate–Whitt EULER algorithm (Abate & Whitt,
 * "Numerical inversion of Laplace transforms of probability distributions", ORSA J.
 * Computing 7(1), 1995, pp. 36–43): the trapezoidal rule on the Bromwich line
 * Re s = A/(2t), whose discretisation error is Σ_j e^{−jA} f((2j+1)t), with Euler
 * (binomial) averaging of the alternating partial sums.
 *
 * Kernel only: never throws; returns NaN when the transform does.
 *
 * @module
 */

/** Number of plain terms and of binomially averaged partial sums (Abate–Whitt's n, m). */
const N_TERMS = 38;
const M_EULER = 12;
const EULER_WEIGHTS: readonly number[] = (() => {
  const w = [1];
  for (let k = 1; k <= M_EULER; k++) w.push((w[k - 1] * (M_EULER - k + 1)) / k);
  return w.map((x) => x / 2 ** M_EULER);
})();

/** Real part of a transform evaluated at s = re + i·im. */
export type RealPartOfTransform = (re: number, im: number) => number;

/**
 * f(t) from F(s) = ∫ e^{−st} f(t) dt, for t > 0, with damping parameter A: the
 * discretisation error is about e^{−A}·sup|f| and the roundoff about e^{A/2}·ε·Σ|terms|,
 * so A ≈ 20–28 balances them in doubles (≈1e-10 for a bounded f).
 */
export function eulerInvert(reF: RealPartOfTransform, t: number, A: number): number {
  const re = A / (2 * t);
  const step = Math.PI / t;
  let partial = 0.5 * reF(re, 0);
  let sign = 1;
  for (let k = 1; k <= N_TERMS; k++) {
    sign = -sign;
    partial += sign * reF(re, k * step);
  }
  let acc = EULER_WEIGHTS[0] * partial;
  for (let k = 1; k <= M_EULER; k++) {
    sign = -sign;
    partial += sign * reF(re, (N_TERMS + k) * step);
    acc += EULER_WEIGHTS[k] * partial;
  }
  return (Math.exp(A / 2) / t) * acc;
}
