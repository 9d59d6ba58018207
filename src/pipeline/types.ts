import type { LinkLike } from "../channel/types.js";
import type { Distribution } from "../distributions/types.js";

// The link type belongs to the channel module (links are laws, below pipelines); re-exported
// here, where it was first published.
export type { LinkLike };

/** A compute stage: `flops` operations on the node `node` running at `flopsPerSecond`. */
export interface ComputeStage {
  /** Discriminant: always `"compute"`. */
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
  /** Discriminant: always `"transfer"`. */
  readonly kind: "transfer";
  /** Human-readable stage name, e.g. "downlink transfer" (default `"<linkName> transfer"`). */
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

/** A pipeline: stages a request passes through in order (docs/model.md §1). */
export interface Pipeline {
  /** A label, e.g. "collaborative" or "edge-only". */
  readonly name: string;
  /** Compute and transfer stages in the order a request visits them (at least one). */
  readonly stages: readonly Stage[];
}
