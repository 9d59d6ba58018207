/**
 * The mean service time of a stage — the one definition every analysis uses: Table 2's
 * latencies, M/G/1's service law, the paper's stability check after (12), and the slotted
 * model's per-slot rate (docs/model.md §1). Kernels: no checks, never throw (a stage's fields are
 * checked by the entry point that received it).
 *
 * @module
 */

import type { Stage } from "./types.js";

/** Seconds to run `flops` operations at `flopsPerSecond`: Table 2's `O/f`. */
export function computeTime(flops: number, flopsPerSecond: number): number {
  return flops / flopsPerSecond;
}

/** Seconds to move `bits` at `bitsPerSecond`: Table 2's `J/E[R]` (the ergodic approximation, docs/model.md §2). */
export function transferTime(bits: number, bitsPerSecond: number): number {
  return bits / bitsPerSecond;
}

/**
 * Mean seconds of a stage: the mean of its attached `distribution` when it has one (the
 * stage's service law overrides its nominal speed everywhere), else `O/f` (compute) or
 * `J/R_eff` (transfer).
 */
export function stageSeconds(stage: Stage): number {
  if (stage.distribution) return stage.distribution.mean;
  return stage.kind === "compute" ? computeTime(stage.flops, stage.flopsPerSecond) : transferTime(stage.bits, stage.link.effectiveRate);
}
