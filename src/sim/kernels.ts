/**
 * Rebuilds a chunk runner from plain data, for worker threads.
 *
 * @module
 */

import { buildDistribution, type DistributionSpec, serviceCode } from "./describe.js";
import type { JobShared } from "./job.js";
import { type MG1Task, mg1ChunkSteps } from "./lindley.js";
import { requestsChunkSteps, type RequestsTask } from "./requests-kernel.js";
import { buildRequestsModel, type RequestsModelSpec } from "./requests-model.js";
import { drainSteps } from "./run.js";
import { buildSlotted, slottedChunkSteps, type SlottedModelSpec, type SlottedTask } from "./slotted-kernel.js";

/** A function running one task of the given job in this thread. */
export function remoteRunner(job: JobShared): (task: unknown, progress: (done: number) => void) => unknown {
  if (job.kind === "mg1") {
    const spec = job.shared as DistributionSpec;
    const dist = buildDistribution(spec);
    const sc = serviceCode(spec);
    return (task, progress) => drainSteps(mg1ChunkSteps(task as MG1Task, sc, dist), progress);
  }
  if (job.kind === "requests") {
    const model = buildRequestsModel(job.shared as RequestsModelSpec);
    return (task, progress) => drainSteps(requestsChunkSteps(task as RequestsTask, model), progress);
  }
  const model = buildSlotted(job.shared as SlottedModelSpec);
  return (task, progress) => drainSteps(slottedChunkSteps(task as SlottedTask, model), progress);
}
