/**
 * Stages and pipelines as validated, frozen data (docs/model.md §1), and the one latency
 * function everything else — Table 2, (13), (14), scores, figures — is built on.
 *
 * @module
 */

import { deterministic, isDistribution, sumOf } from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { invalid, nonNegative, options, positive, show } from "../util/validate.js";
import { checkLink, checkPipeline, checkStage, parseResource } from "./check.js";
import { computeTime, stageSeconds, transferTime } from "./stage-time.js";
import { checkGraphPipeline, type GraphPipeline, type GraphStage } from "./graph.js";
import type { ComputeStage, LinkLike, Pipeline, Resource, Stage, TransferStage } from "./types.js";

/** What a stage's `resource` option accepts (see {@link Resource}). */
export type ResourceSpec =
  | "shared"
  | "dedicated"
  | {
      /** c parallel servers behind one FIFO queue, a positive integer. */
      readonly servers: number;
    }
  | Resource;

/**
 * Seconds to run `flops` operations at `flopsPerSecond` — the compute half of the single
 * latency function (Table 2: `O / f`).
 */
export function computeSeconds(flops: number, flopsPerSecond: number): number {
  return computeTime(nonNegative("computeSeconds", "flops", flops), positive("computeSeconds", "flopsPerSecond", flopsPerSecond));
}

/**
 * Seconds to move `bits` at `bitsPerSecond` — the transfer half of the single latency
 * function (Table 2: `J / E[R]`; the ergodic approximation, docs/model.md §2).
 */
export function transferSeconds(bits: number, bitsPerSecond: number): number {
  return transferTime(nonNegative("transferSeconds", "bits", bits), positive("transferSeconds", "bitsPerSecond", bitsPerSecond));
}

/**
 * A link with a constant rate (a wired backhaul, or the paper's `E[R]` given as a number).
 *
 * @param bitsPerSecond - effective rate in bit/s, > 0
 * @throws RangeError for a non-positive or non-finite rate
 * @example
 * ```ts
 * constantRateLink(1e9).effectiveRate; // 1000000000
 * ```
 */
export function constantRateLink(bitsPerSecond: number): LinkLike {
  const r = positive("constantRateLink", "bitsPerSecond", bitsPerSecond);
  return Object.freeze({ kind: "constant", effectiveRate: r });
}

function checkOptionalDistribution(fn: string, d: unknown): Distribution | undefined {
  if (d === undefined) return undefined;
  if (!isDistribution(d)) throw new TypeError(`${fn}: distribution must be an edgecalc distribution, got ${show(d)}`);
  return d;
}

/**
 * A compute stage: `flops` operations on node `node` running at `flopsPerSecond`.
 *
 * @param spec.name - stage name (default `"<node> compute"`)
 * @param spec.node - node name, e.g. "edge", "terminal", "cloud"
 * @param spec.flops - operations per request (FLOPs), ≥ 0
 * @param spec.flopsPerSecond - node speed (FLOP/s), > 0
 * @param spec.joulesPerFlop - optional energy per operation (J/FLOP), ≥ 0
 * @param spec.distribution - optional service-time law replacing the constant `flops/flopsPerSecond`
 * @param spec.resource - what the stage runs on (request-level models, docs/model.md §9.1):
 *   `"shared"` (default: one FIFO server shared by all requests), `{ servers: c }` (c parallel
 *   servers, one FIFO queue) or `"dedicated"` (each request its own server, no queue). The
 *   frozen stage carries `resource` only when it is not the default.
 * @throws RangeError naming the field for a negative/NaN/infinite value, or `resource` for
 *   an unknown resource kind or a server count that is not a positive integer
 * @example
 * ```ts
 * computeStage({ node: "edge", flops: 3e12, flopsPerSecond: 150e12 }).flops; // 3000000000000
 * computeStage({ node: "terminal", flops: 1e12, flopsPerSecond: 6e13, resource: "dedicated" }).resource; // { kind: "dedicated" }
 * ```
 */
export function computeStage(spec: {
  name?: string;
  node: string;
  flops: number;
  flopsPerSecond: number;
  joulesPerFlop?: number;
  distribution?: Distribution;
  resource?: ResourceSpec;
}): ComputeStage {
  const fn = "computeStage";
  const s = options<typeof spec>(fn, "spec", spec);
  if (typeof s.node !== "string" || s.node === "") invalid(fn, "node", "a non-empty string", s.node);
  const resource = parseResource(fn, "resource", s.resource);
  const stage: ComputeStage = {
    kind: "compute",
    name: typeof s.name === "string" && s.name !== "" ? s.name : `${s.node} compute`,
    node: s.node,
    flops: nonNegative(fn, "flops", s.flops),
    flopsPerSecond: positive(fn, "flopsPerSecond", s.flopsPerSecond),
    ...(s.joulesPerFlop === undefined ? {} : { joulesPerFlop: nonNegative(fn, "joulesPerFlop", s.joulesPerFlop) }),
    ...(s.distribution === undefined ? {} : { distribution: checkOptionalDistribution(fn, s.distribution) }),
    ...(resource === undefined ? {} : { resource }),
  };
  return Object.freeze(stage);
}

/**
 * A transfer stage: `bits` per request over `link`.
 *
 * @param spec.name - stage name (default `"<linkName> transfer"`)
 * @param spec.linkName - link name, e.g. "downlink"
 * @param spec.bits - payload per request (bits), ≥ 0
 * @param spec.link - `rayleighLink(...)` or `constantRateLink(...)`
 * @param spec.txPowerW - optional transmit power (W) for energy scores (a Rayleigh link supplies its own)
 * @param spec.distribution - optional service-time law replacing `bits / effectiveRate`
 * @param spec.resource - what the transfer runs on, as for {@link computeStage}: `"shared"`
 *   (default: one link serving requests FIFO), `{ servers: c }` or `"dedicated"` (each
 *   request its own link, no queue)
 * @throws RangeError / TypeError naming the field (`resource` for an unknown resource kind)
 * @example
 * ```ts
 * transferStage({ linkName: "downlink", bits: 1e6, link: constantRateLink(1e7) }).bits; // 1000000
 * ```
 */
export function transferStage(spec: {
  name?: string;
  linkName: string;
  bits: number;
  link: LinkLike;
  txPowerW?: number;
  distribution?: Distribution;
  resource?: ResourceSpec;
}): TransferStage {
  const fn = "transferStage";
  const s = options<typeof spec>(fn, "spec", spec);
  if (typeof s.linkName !== "string" || s.linkName === "") invalid(fn, "linkName", "a non-empty string", s.linkName);
  const link = checkLink(fn, s.link);
  const resource = parseResource(fn, "resource", s.resource);
  const stage: TransferStage = {
    kind: "transfer",
    name: typeof s.name === "string" && s.name !== "" ? s.name : `${s.linkName} transfer`,
    linkName: s.linkName,
    bits: nonNegative(fn, "bits", s.bits),
    link,
    ...(s.txPowerW === undefined ? {} : { txPowerW: nonNegative(fn, "txPowerW", s.txPowerW) }),
    ...(s.distribution === undefined ? {} : { distribution: checkOptionalDistribution(fn, s.distribution) }),
    ...(resource === undefined ? {} : { resource }),
  };
  return Object.freeze(stage);
}

const SHARED_ONE: Resource = Object.freeze({ kind: "shared" as const, servers: 1 });

/**
 * What a stage runs on, with the default filled in: its `resource`, else one shared FIFO
 * server `{ kind: "shared", servers: 1 }` (the paper's assumption for every stage).
 *
 * @param stage - a compute or transfer stage
 * @returns a frozen {@link Resource}
 * @throws TypeError / RangeError naming `stage` or the offending field for a malformed stage
 * @example
 * ```ts
 * stageResource(computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e14 })); // { kind: "shared", servers: 1 }
 * stageResource(computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e14, resource: { servers: 4 } })); // { kind: "shared", servers: 4 }
 * ```
 */
export function stageResource(stage: Stage): Resource {
  return checkStage("stageResource", "stage", stage).resource ?? SHARED_ONE;
}

/**
 * A pipeline: the steps a request passes through in order (docs/model.md §1). A step may be
 * a fork–join (`parallelStage`) or a batching server (`batchStage`), anywhere: the result
 * is then a {@link GraphPipeline} (docs/model.md §11).
 *
 * @param name - a label
 * @param stages - compute and transfer stages, and graph steps (at least one)
 * @throws RangeError for an empty stage list; TypeError / RangeError naming the path of a
 *   malformed step (`stages[2].branches[1][0].flops`)
 * @example
 * ```ts
 * const p = pipeline("edge-only", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e14 })]);
 * pipelineLatency(p).total; // 0.01
 * ```
 */
export function pipeline(name: string, stages: readonly Stage[]): Pipeline;
export function pipeline(name: string, stages: readonly GraphStage[]): GraphPipeline;
export function pipeline(name: string, stages: readonly GraphStage[]): GraphPipeline {
  if (typeof name !== "string") throw new TypeError(`pipeline: name must be a string, got ${show(name)}`);
  if (!Array.isArray(stages) || stages.length === 0) invalid("pipeline", "stages", "a non-empty array of stages", stages);
  checkGraphPipeline("pipeline", "", { name, stages });
  return Object.freeze({ name, stages: Object.freeze(stages.slice()) });
}

/**
 * Mean latency of one stage in seconds: `O/f` (compute) or `J/R_eff` (transfer), or the
 * mean of the stage's own distribution when one is attached.
 */
export function stageLatency(stage: Stage): number {
  return stageSeconds(checkStage("stageLatency", "stage", stage));
}

/** Per-stage and total mean latency of a pipeline. */
export interface PipelineLatency {
  /** One entry per pipeline step, in pipeline order. */
  readonly stages: readonly {
    /** The step's name. */
    readonly name: string;
    /** Whether the step computes, transfers, forks and joins, or batches. */
    readonly kind: "compute" | "transfer" | "parallel" | "batch";
    /** Mean latency of the step (s): `O/f`, `J/R_eff`, its distribution's mean; a fork–join's largest branch latency; a batching server's batch-of-one time. */
    readonly seconds: number;
  }[];
  /** Sum of compute stages (s), through a fork–join's slowest branch. */
  readonly inference: number;
  /** Sum of transfer stages (s), through a fork–join's slowest branch. */
  readonly transfer: number;
  /** End-to-end mean latency (s). */
  readonly total: number;
  /**
   * True when the pipeline forks: a fork–join counts as the largest of its branches' mean
   * latencies, max E[Bᵢ] ≤ E[max Bᵢ] (Jensen), an approximation from below of the mean
   * time in the step (`simulateRequests` estimates E[max]; docs/model.md §11).
   */
  readonly approximate: boolean;
}

interface StepLatency {
  inference: number;
  transfer: number;
  forks: boolean;
}

function stepLatency(s: GraphStage): StepLatency {
  if (s.kind === "parallel") {
    let best: StepLatency = { inference: 0, transfer: 0, forks: true };
    let top = -Infinity;
    for (const b of s.branches) {
      const l = chainLatency(b);
      if (l.inference + l.transfer > top) {
        top = l.inference + l.transfer;
        best = { inference: l.inference, transfer: l.transfer, forks: true };
      }
    }
    return best;
  }
  if (s.kind === "batch") return { inference: s.batchSeconds[0], transfer: 0, forks: false };
  const t = stageSeconds(s);
  return s.kind === "compute" ? { inference: t, transfer: 0, forks: false } : { inference: 0, transfer: t, forks: false };
}

function chainLatency(steps: readonly GraphStage[]): StepLatency {
  const out = { inference: 0, transfer: 0, forks: false };
  for (const s of steps) {
    const l = stepLatency(s);
    out.inference += l.inference;
    out.transfer += l.transfer;
    out.forks ||= l.forks;
  }
  return out;
}

/**
 * Per-stage and end-to-end mean latency of a pipeline (paper Table 2 for the three
 * paradigms): compute stages `O/f`, transfer stages `J/R_eff`, in seconds. A fork–join
 * counts as its slowest branch (max of the branches' mean latencies — an approximation:
 * the mean of the maximum is larger; `approximate` says so), a batching server as the
 * time of a batch of one (no queueing, as for every stage here).
 *
 * @example
 * ```ts
 * pipelineLatency(paradigms(paperScenario.params).collaborative).total; // ≈ 1.0725
 * ```
 */
export function pipelineLatency(p: Pipeline | GraphPipeline): PipelineLatency {
  const q = checkGraphPipeline("pipelineLatency", "p", p);
  const stages = q.stages.map((s) => {
    const l = stepLatency(s);
    return Object.freeze({ name: s.name, kind: s.kind, seconds: l.inference + l.transfer });
  });
  const l = chainLatency(q.stages);
  return Object.freeze({ stages: Object.freeze(stages), inference: l.inference, transfer: l.transfer, total: l.inference + l.transfer, approximate: l.forks });
}

/**
 * A stage's service-time law: its attached distribution, else the constant `O/f` or
 * `J/R_eff` (the paper serves each request in a deterministic time per stage).
 */
export function stageDistribution(stage: Stage): Distribution {
  return distributionOf("stageDistribution", "stage", checkStage("stageDistribution", "stage", stage));
}

function distributionOf(fn: string, param: string, s: Stage): Distribution {
  if (s.distribution) return s.distribution;
  const t = stageSeconds(s);
  // Finite fields can still overflow here (1e308 FLOPs at 1e-300 FLOP/s); a constant
  // service of ∞ seconds has no law, so say which stage it is rather than fail in deterministic.
  if (t === Infinity) {
    const ratio = s.kind === "compute" ? `${param}.flops/${param}.flopsPerSecond overflows, got ${show(s.flops)}/${show(s.flopsPerSecond)}` : `${param}.bits/${param}.link.effectiveRate overflows, got ${show(s.bits)}/${show(s.link.effectiveRate)}`;
    throw new RangeError(`${fn}: ${ratio}`);
  }
  return deterministic(t);
}

/**
 * The end-to-end service-time law of a pipeline for M/G/1 (the paper serves one request at
 * a time end to end, docs/model.md §3): the independent sum of its stages' laws.
 *
 * @example
 * ```ts
 * serviceDistribution(paradigms(paperScenario.params).terminalOnly).kind; // "sum"
 * ```
 */
export function serviceDistribution(p: Pipeline): Distribution {
  return sumOf(...checkPipeline("serviceDistribution", "p", p).stages.map((s, i) => distributionOf("serviceDistribution", `p.stages[${i}]`, s)));
}
