import type { LinkLike } from "../channel/types.js";
import type { Distribution } from "../distributions/types.js";

// The link type belongs to the channel module (links are laws, below pipelines); re-exported
// here, where it was first published.
export type { LinkLike };

/**
 * What a stage runs on, for request-level response times (docs/model.md §9.1):
 * - `{ kind: "shared", servers: c }` — c identical servers fed by one FIFO queue shared by
 *   every request (c = 1: the edge GPU, the downlink; the default);
 * - `{ kind: "dedicated" }` — each request has its own server (each user's own device):
 *   no queue, the stage takes exactly its service time.
 *
 * The paper's fluid and whole-pipeline models ignore it; `stageResource` gives a stage's
 * resource with the default filled in.
 */
export type Resource =
  | {
      /** One FIFO queue in front of `servers` identical servers. */
      readonly kind: "shared";
      /** The number of servers c, a positive integer (1 by default). */
      readonly servers: number;
    }
  | {
      /** Every request has its own server: no queue. */
      readonly kind: "dedicated";
    };

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
  /** What the stage runs on; absent means one shared FIFO server (see `stageResource`). */
  readonly resource?: Resource;
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
  /** What the transfer runs on; absent means one shared FIFO link (see `stageResource`). */
  readonly resource?: Resource;
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
