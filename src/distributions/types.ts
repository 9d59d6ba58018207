import type { Complex } from "../util/complex.js";
import type { Rng } from "../random/rng.js";

/**
 * A non-negative service-time (or any non-negative random) distribution, as a frozen plain
 * object. Times are in seconds unless the caller's model says otherwise.
 *
 * - `logMgf(θ) = ln E[e^{θS}]`, `+Infinity` where the MGF diverges (θ ≥ `thetaSup`);
 * - `lst(s) = E[e^{−sS}]` (Laplace–Stieltjes transform) for real `s ≥ −thetaSup`;
 * - `lstComplex(s)` the same for complex `s` with `Re s ≥ 0` (numerical inversion);
 * - `moment(k) = E[S^k]` for integers 0 ≤ k ≤ 1000 (a RangeError beyond: work limit).
 */
export interface Distribution {
  /** Which family: "deterministic", "exponential", "erlang", "gamma", "hyperexponential", "shifted", "sum", or a user tag. */
  readonly kind: string;
  /** The parameters the factory was called with (frozen). */
  readonly params: Readonly<Record<string, unknown>>;
  /** E[S]. */
  readonly mean: number;
  /** Var[S]. */
  readonly variance: number;
  /** Supremum of the MGF's domain: E[e^{θS}] < ∞ exactly for θ < thetaSup (Infinity for bounded S). */
  readonly thetaSup: number;
  /** Raw moment E[S^k], k an integer in [0, 1000] (memoised; RangeError beyond 1000, the work limit). */
  moment(k: number): number;
  /** E[e^{−sS}] for real s (may be > 1 for negative s; +Infinity outside the domain). */
  lst(s: number): number;
  /** E[e^{−sS}] for complex s, Re s ≥ 0. */
  lstComplex(s: Complex): Complex;
  /** ln E[e^{θS}]; +Infinity for θ ≥ thetaSup. */
  logMgf(theta: number): number;
  /** One draw, using the injected uniform source. */
  sample(rng: Rng): number;
  /**
   * P(S ≤ x) (right-continuous), where the family has a closed form: deterministic,
   * exponential, Erlang, gamma, hyperexponential, a shift of one of them, and a sum in
   * which all parts but at most one are deterministic. Undefined otherwise.
   */
  readonly cdf?: (x: number) => number;
  /** P(S > x), relative-accurate in the far tail (not 1 − cdf); defined exactly when `cdf` is. */
  readonly ccdf?: (x: number) => number;
}
