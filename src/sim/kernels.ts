/**
 * Rebuilds a chunk runner from plain data, for worker threads.
 *
 * @module
 */

import { buildDistribution, type DistributionSpec, serviceCode } from "./describe.js";
import { type MG1Task, runMG1Chunk } from "./lindley.js";
import { runRequestsChunk, type RequestsTask } from "./requests-kernel.js";
import { buildRequestsModel, type RequestsModelSpec } from "./requests-model.js";
import type { JobShared } from "./run.js";
import { buildSlotted, runSlottedChunk, type SlottedModelSpec, type SlottedTask } from "./slotted-kernel.js";

/** A function running one task of the given job in this thread. */
export function remoteRunner(job: JobShared): (task: unknown, progress: (done: number) => void) => unknown {
  if (job.kind === "mg1") {
    const spec = job.shared as DistributionSpec;
    const dist = buildDistribution(spec);
    const sc = serviceCode(spec);
    return (task, progress) => runMG1Chunk(task as MG1Task, sc, dist, progress);
  }
  if (job.kind === "requests") {
    const model = buildRequestsModel(job.shared as RequestsModelSpec);
    return (task, progress) => runRequestsChunk(task as RequestsTask, model, progress);
  }
  const model = buildSlotted(job.shared as SlottedModelSpec);
  return (task, progress) => runSlottedChunk(task as SlottedTask, model, progress);
}
