/**
 * The result shape shared by {@link mg1} and {@link mm1}.
 *
 * @module
 */

/**
 * Steady-state metrics of a single-server FIFO queue with Poisson arrivals.
 *
 * All times are in the service distribution's unit (seconds in edgecalc). An unstable
 * queue (ρ ≥ 1) is a legitimate answer, not an error: `stable` is false, every mean is
 * `Infinity`, every tail is 1 and every quantile of order p > 0 is `Infinity`.
 */
export interface QueueMetrics {
  /** Arrival rate λ (requests per unit time). */
  readonly lambda: number;
  /** Utilisation ρ = λE[S]. */
  readonly rho: number;
  /** ρ < 1. */
  readonly stable: boolean;
  /** E[W], waiting time in queue (Pollaczek–Khintchine). */
  readonly meanWait: number;
  /** E[T] = E[W] + E[S], sojourn (response) time. */
  readonly meanSojourn: number;
  /** E[W²] (Takács). */
  readonly waitSecondMoment: number;
  /** Var[W] = E[W²] − E[W]². */
  readonly waitVariance: number;
  /** E[Lq] = λE[W] (Little). */
  readonly meanQueueLength: number;
  /** E[L] = λE[T] (Little). */
  readonly meanInSystem: number;
  /** P(W > t) for t ≥ 0, in [0, 1], non-increasing; P(W > 0) = ρ. */
  waitTail(t: number): number;
  /** P(T > t) for t ≥ 0, in [0, 1], non-increasing. */
  sojournTail(t: number): number;
  /** Smallest t with P(W ≤ t) ≥ p, p in [0, 1); 0 for p ≤ 1 − ρ. */
  waitQuantile(p: number): number;
  /** Smallest t with P(T ≤ t) ≥ p, p in [0, 1). */
  sojournQuantile(p: number): number;
}
