/**
 * Pipelines as graphs (docs/model.md §11): a fork–join step (`parallelStage`: branches of
 * stages, the request continues when every branch has finished) and a batching step
 * (`batchStage`: a server that takes up to b waiting requests together), usable anywhere
 * in a pipeline, nested in branches too. A pipeline holding either is a
 * {@link GraphPipeline}; the chain analyses that cannot take one (the paper's whole-pipeline
 * M/G/1, the slotted fluid model, the scores) name the offending step and say so.
 *
 * @module
 */

import { invalid, nonNegative, options, positiveInteger, show } from "../util/validate.js";
import { checkStage, parseResource } from "./check.js";
import type { Resource, Stage } from "./types.js";

/** A fork–join step: every branch (a chain of steps) runs; the request continues when all have finished. */
export interface ParallelStage {
  /** Discriminant: always `"parallel"`. */
  readonly kind: "parallel";
  /** Human-readable name, e.g. "KV transfer ∥ edge decode". */
  readonly name: string;
  /** At least two branches, each a non-empty chain of steps. */
  readonly branches: readonly (readonly GraphStage[])[];
}

/** A batching server: when a server falls free it takes min(b, queue) waiting requests and serves them together. */
export interface BatchStage {
  /** Discriminant: always `"batch"`. */
  readonly kind: "batch";
  /** Human-readable name, e.g. "cloud LLM decode". */
  readonly name: string;
  /** Node name, e.g. "cloud". */
  readonly node: string;
  /** Largest batch b, a positive integer. */
  readonly maxBatch: number;
  /** `batchSeconds[n − 1]`: seconds to serve a batch of n requests, n = 1 … b (finite, ≥ 0). */
  readonly batchSeconds: readonly number[];
  /** c shared servers (absent: one). A batching server is never dedicated. */
  readonly resource?: Resource;
}

/** One step of a graph pipeline: a compute or transfer stage, a fork–join, or a batching server. */
export type GraphStage = Stage | ParallelStage | BatchStage;

/** A pipeline whose steps may fork and join or batch (docs/model.md §11). */
export interface GraphPipeline {
  /** A label. */
  readonly name: string;
  /** Steps in the order a request visits them (at least one). */
  readonly stages: readonly GraphStage[];
}

/** Stages (compute, transfer, batch) in a graph pipeline at most, counted through every branch. */
export const MAX_GRAPH_STAGES = 256;
/** Largest batch size b of a batching stage (the time table has b entries). */
export const MAX_BATCH = 4096;

/**
 * A fork–join step: the request enters every branch at once and continues when the last
 * branch finishes (its time in the step is the maximum of the branches' times).
 *
 * @param spec.name - step name (default `"parallel"`)
 * @param spec.branches - at least two branches, each a non-empty array of stages (compute,
 *   transfer, batch or parallel)
 * @throws TypeError / RangeError naming the path of the offending field, e.g.
 *   `parallelStage: branches[1][0].flops must be ≥ 0, got -1`
 * @example
 * ```ts
 * const kv = transferStage({ linkName: "backhaul", bits: 8e6, link: constantRateLink(1e9) });
 * const slm = computeStage({ node: "edge", flops: 2e12, flopsPerSecond: 1e14 });
 * parallelStage({ branches: [[kv], [slm]] }).branches.length; // 2
 * ```
 */
export function parallelStage(spec: { name?: string; branches: readonly (readonly GraphStage[])[] }): ParallelStage {
  const fn = "parallelStage";
  const s = options<typeof spec>(fn, "spec", spec);
  const step = { kind: "parallel" as const, name: typeof s.name === "string" && s.name !== "" ? s.name : "parallel", branches: s.branches };
  checkParallel(fn, "", step, { count: 0 });
  return Object.freeze({ ...step, branches: Object.freeze(s.branches.map((b) => Object.freeze(b.slice()))) });
}

/**
 * A batching server (dynamic batching, as LLM servers do): when a server falls free and
 * requests wait, it takes the first min(b, queue) of them and serves them together in
 * `time(n)` seconds; a request arriving at an idle server starts alone at once.
 *
 * @param spec.name - stage name (default `"<node> batch"`)
 * @param spec.node - node name
 * @param spec.maxBatch - the largest batch b, an integer in [1, {@link MAX_BATCH}]
 * @param spec.time - seconds for a batch of n: a function of n = 1 … b, or a table of b
 *   values (`time[n − 1]`); each finite and ≥ 0
 * @param spec.resource - `"shared"` (default, one server) or `{ servers: c }`
 * @throws RangeError naming `maxBatch`, `time[n − 1]` (or `time(n)`) or `resource` (a
 *   dedicated batching server is refused: it would never batch)
 * @example
 * ```ts
 * batchStage({ node: "cloud", maxBatch: 4, time: (n) => 0.1 + 0.02 * n }).batchSeconds; // [0.12, 0.14, 0.16, 0.18]
 * ```
 */
export function batchStage(spec: {
  name?: string;
  node: string;
  maxBatch: number;
  time: ((n: number) => number) | readonly number[];
  resource?: "shared" | { servers: number } | Resource;
}): BatchStage {
  const fn = "batchStage";
  const s = options<typeof spec>(fn, "spec", spec);
  if (typeof s.node !== "string" || s.node === "") invalid(fn, "node", "a non-empty string", s.node);
  const b = positiveInteger(fn, "maxBatch", s.maxBatch);
  if (b > MAX_BATCH) invalid(fn, "maxBatch", `≤ ${MAX_BATCH}`, b);
  let table: number[];
  if (typeof s.time === "function") {
    const f = s.time;
    table = Array.from({ length: b }, (_, i) => nonNegative(fn, `time(${i + 1})`, f(i + 1)));
  } else if (Array.isArray(s.time)) {
    if (s.time.length !== b) invalid(fn, "time", `a function of n or an array of maxBatch (${b}) values`, s.time);
    table = s.time.map((x, i) => nonNegative(fn, `time[${i}]`, x));
  } else {
    throw new TypeError(`${fn}: time must be a function of the batch size n or an array of maxBatch seconds, got ${show(s.time)}`);
  }
  const r0 = s.resource as unknown;
  if (r0 === "dedicated" || (typeof r0 === "object" && r0 !== null && (r0 as Resource).kind === "dedicated")) {
    invalid(fn, "resource", `"shared" or { servers: c } (a dedicated server never batches)`, s.resource);
  }
  const resource = parseResource(fn, "resource", s.resource);
  const stage: BatchStage = {
    kind: "batch",
    name: typeof s.name === "string" && s.name !== "" ? s.name : `${s.node} batch`,
    node: s.node,
    maxBatch: b,
    batchSeconds: Object.freeze(table),
    ...(resource === undefined ? {} : { resource }),
  };
  return Object.freeze(stage);
}

/** True when the pipeline (or step list) holds a fork–join or batching step anywhere. @internal */
export function isGraphPipeline(p: { readonly stages: readonly unknown[] }): boolean {
  return p.stages.some((s) => {
    const k = (s as { kind?: unknown } | null)?.kind;
    return k === "parallel" || k === "batch";
  });
}

interface Count {
  count: number;
}

function checkParallel(fn: string, param: string, s: ParallelStage, n: Count): void {
  const at = (suffix: string) => (param === "" ? suffix : `${param}.${suffix}`);
  if (typeof s.name !== "string") throw new TypeError(`${fn}: ${at("name")} must be a string, got ${show(s.name)}`);
  if (!Array.isArray(s.branches) || s.branches.length < 2) invalid(fn, at("branches"), "an array of at least two branches", s.branches);
  s.branches.forEach((branch, b) => {
    if (!Array.isArray(branch) || branch.length === 0) invalid(fn, `${at("branches")}[${b}]`, "a non-empty array of stages", branch);
    branch.forEach((step, i) => checkGraphStage(fn, `${at("branches")}[${b}][${i}]`, step, n));
  });
}

function checkBatch(fn: string, param: string, s: BatchStage): void {
  if (typeof s.name !== "string") throw new TypeError(`${fn}: ${param}.name must be a string, got ${show(s.name)}`);
  if (typeof s.node !== "string" || s.node === "") invalid(fn, `${param}.node`, "a non-empty string", s.node);
  const b = positiveInteger(fn, `${param}.maxBatch`, s.maxBatch);
  if (b > MAX_BATCH) invalid(fn, `${param}.maxBatch`, `≤ ${MAX_BATCH}`, b);
  if (!Array.isArray(s.batchSeconds) || s.batchSeconds.length !== b) invalid(fn, `${param}.batchSeconds`, `an array of maxBatch (${b}) seconds`, s.batchSeconds);
  s.batchSeconds.forEach((x, i) => nonNegative(fn, `${param}.batchSeconds[${i}]`, x));
  if (s.resource !== undefined) {
    const r = s.resource as { kind?: unknown; servers?: unknown };
    if (r === null || typeof r !== "object" || r.kind !== "shared") invalid(fn, `${param}.resource`, `{ kind: "shared", servers: c }`, s.resource);
    if (!(typeof r.servers === "number" && Number.isSafeInteger(r.servers) && r.servers >= 1)) invalid(fn, `${param}.resource.servers`, "a positive integer", r.servers);
  }
}

/** Checks one step of a graph pipeline under the caller's name and the step's path. */
function checkGraphStage(fn: string, param: string, step: unknown, n: Count): GraphStage {
  const s = step as GraphStage;
  if (s !== null && typeof s === "object" && s.kind === "parallel") {
    checkParallel(fn, param, s, n);
    return s;
  }
  if (++n.count > MAX_GRAPH_STAGES) invalid(fn, param, `within ${MAX_GRAPH_STAGES} stages in all (work limit)`, n.count);
  if (s !== null && typeof s === "object" && s.kind === "batch") {
    checkBatch(fn, param, s);
    return s;
  }
  return checkStage(fn, param, step);
}

/**
 * Checks a graph pipeline (or a plain one) under the caller's name: every step, through
 * every branch, named by its path (`pipeline.stages[2].branches[1][0].flops`).
 *
 * @internal
 */
export function checkGraphPipeline(fn: string, param: string, p: unknown): GraphPipeline {
  const q = p as GraphPipeline;
  if (q === null || typeof q !== "object" || !Array.isArray(q.stages) || q.stages.length === 0) {
    throw new TypeError(`${fn}: ${param} must be a pipeline (an object with a non-empty stages array), got ${show(p)}`);
  }
  if (typeof q.name !== "string") throw new TypeError(`${fn}: ${param}.name must be a string, got ${show(q.name)}`);
  const n = { count: 0 };
  const at = param === "" ? "stages" : `${param}.stages`;
  q.stages.forEach((s, i) => checkGraphStage(fn, `${at}[${i}]`, s, n));
  return q;
}

/** The stages (compute, transfer, batch) of a graph pipeline in depth-first order, with their paths. @internal */
export function graphLeaves(steps: readonly GraphStage[], prefix = "stages"): { stage: Stage | BatchStage; path: string }[] {
  const out: { stage: Stage | BatchStage; path: string }[] = [];
  steps.forEach((s, i) => {
    const path = `${prefix}[${i}]`;
    if (s.kind === "parallel") s.branches.forEach((b, j) => out.push(...graphLeaves(b, `${path}.branches[${j}]`)));
    else out.push({ stage: s, path });
  });
  return out;
}
