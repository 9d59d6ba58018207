import type { Distribution } from "../distributions/types.js";

/**
 * A link a transfer stage runs over. Either a Rayleigh-fading link built by
 * `rayleighLink` (channel module), or any object with an effective mean rate in bit/s.
 * `effectiveRate` is what the paper's formulas divide by: (1 − ξ_ctrl)·E[R].
 */
export interface LinkLike {
  readonly kind: string;
  /** Effective mean rate in bit/s (after control overhead). */
  readonly effectiveRate: number;
}

/** A compute stage: `flops` operations on the node `node` running at `flopsPerSecond`. */
export interface ComputeStage {
  readonly kind: "compute";
  /** Human-readable stage name, e.g. "edge compute". */
  readonly name: string;
  /** Node name, e.g. "edge" or "terminal". */
  readonly node: string;
  /** Work per request in FLOPs (operations). */
  readonly flops: number;
  /** Node speed in FLOP/s. */
  readonly flopsPerSecond: number;
  /** Optional energy per FLOP in joules (for energy scores). */
  readonly joulesPerFlop?: number;
  /** Optional service-time law overriding the deterministic `flops / flopsPerSecond`. */
  readonly distribution?: Distribution;
}

/** A transfer stage: `bits` per request over `link`. */
export interface TransferStage {
  readonly kind: "transfer";
  readonly name: string;
  /** Link name, e.g. "downlink". */
  readonly linkName: string;
  /** Payload per request in bits. */
  readonly bits: number;
  /** The link (a Rayleigh link or any `{ kind, effectiveRate }`). */
  readonly link: LinkLike;
  /** Optional transmit power in watts (for energy scores); a Rayleigh link supplies its own. */
  readonly txPowerW?: number;
  /** Optional service-time law overriding the ergodic `bits / effectiveRate`. */
  readonly distribution?: Distribution;
}

/** One stage of a pipeline. */
export type Stage = ComputeStage | TransferStage;

/** A pipeline: stages a request passes through in order (MODEL.md §1). */
export interface Pipeline {
  readonly name: string;
  readonly stages: readonly Stage[];
}
