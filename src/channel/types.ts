/**
 * A link a transfer stage runs over. Either a Rayleigh-fading link built by
 * `rayleighLink` (channel module), or any object with an effective mean rate in bit/s.
 * `effectiveRate` is what the paper's formulas divide by: (1 − ξ_ctrl)·E[R].
 */
export interface LinkLike {
  /** Link model tag: `"rayleigh"` (from `rayleighLink`), `"constant"` (from `constantRateLink`), or a caller's own. */
  readonly kind: string;
  /** Effective mean rate in bit/s (after control overhead). */
  readonly effectiveRate: number;
}
