/**
 * The graph kernel's model (docs/model.md §11): a graph pipeline's leaf stages in
 * depth-first order with their service laws (the one `requestServiceLaw`), resources and
 * utilisations, and the compiled steps. Internal.
 *
 * @module
 */

import type { RequestArrivals } from "../pipeline/arrivals.js";
import { type GraphPipeline, graphLeaves } from "../pipeline/graph.js";
import { requestServiceLaw } from "../pipeline/service-law.js";
import { stageResource } from "../pipeline/stages.js";
import type { Resource } from "../pipeline/types.js";
import { compileSteps, type GraphKernelModel, type GraphStation } from "./graph-kernel.js";
import { kernelArrivals } from "./requests-model.js";

/** A leaf stage as the simulator reports it. */
export interface GraphLeaf {
  readonly name: string;
  readonly kind: "compute" | "transfer" | "batch";
  /** Its path in the pipeline, e.g. `stages[2].branches[1][0]`. */
  readonly path: string;
  readonly resource: Resource;
  /** Mean service time of one request served alone (a batch of one). */
  readonly mean: number;
  /**
   * λE[S]/c for a shared stage; a batching server's load at full batches, λτ(b)/(bc) (under
   * heavy load every batch is full, so it is stable iff this is < 1); null when dedicated.
   */
  readonly utilisation: number | null;
}

/** Leaves and kernel model of a checked graph pipeline; errors name the stage's path under `fn`. */
export function graphModel(fn: string, p: GraphPipeline, arrivals: RequestArrivals, coherenceSeconds: number | undefined): { leaves: GraphLeaf[]; model: GraphKernelModel } {
  const lambda = arrivals.rate;
  const leaves: GraphLeaf[] = [];
  const stations: GraphStation[] = [];
  for (const { stage, path } of graphLeaves(p.stages)) {
    if (stage.kind === "batch") {
      const servers = stage.resource?.kind === "shared" ? stage.resource.servers : 1;
      const b = stage.maxBatch;
      leaves.push({
        name: stage.name,
        kind: "batch",
        path,
        resource: stage.resource ?? { kind: "shared", servers: 1 },
        mean: stage.batchSeconds[0],
        utilisation: (lambda * stage.batchSeconds[b - 1]) / (b * servers),
      });
      stations.push({ resource: 0, servers, maxBatch: b, batchSeconds: stage.batchSeconds, code: 1, a: 0, law: null });
      continue;
    }
    let law;
    try {
      law = requestServiceLaw(stage, coherenceSeconds === undefined ? {} : { coherenceSeconds });
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
      const E = e instanceof RangeError ? RangeError : TypeError;
      throw new E(`${fn}: pipeline.${path} must have a request service-time law (${e.message})`, { cause: e });
    }
    const r = stageResource(stage);
    const code = law.kind === "deterministic" ? 1 : law.kind === "exponential" ? 2 : 0;
    leaves.push({ name: stage.name, kind: stage.kind, path, resource: r, mean: law.mean, utilisation: r.kind === "dedicated" ? null : (lambda * law.mean) / r.servers });
    stations.push({ resource: r.kind === "dedicated" ? 2 : 0, servers: r.kind === "shared" ? r.servers : 1, maxBatch: 1, batchSeconds: null, code, a: law.mean, law });
  }
  const counter = { leaf: 0, join: 0 };
  const steps = compileSteps(p.stages, counter);
  return { leaves, model: { stations, steps, joins: counter.join, arrivals: kernelArrivals(arrivals) } };
}
