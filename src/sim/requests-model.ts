/**
 * The request simulator's model: a pipeline and an arrival process turned into what the
 * kernel runs (each stage's service law from the one `requestServiceLaw`, its resource,
 * the draw it specialises), and the same as plain data, so that a worker thread rebuilds
 * the laws itself (closures do not cross a `postMessage`).
 *
 * @module
 */

import { rayleighLink } from "../channel/rayleigh.js";
import type { Distribution } from "../distributions/types.js";
import { mmppRequests, poissonRequests, renewalRequests, type RequestArrivals } from "../pipeline/arrivals.js";
import { requestServiceLaws } from "../pipeline/service-law.js";
import { computeStage, constantRateLink, stageResource, transferStage } from "../pipeline/stages.js";
import type { LinkLike, Pipeline, Resource, Stage } from "../pipeline/types.js";
import { buildDistribution, describeDistribution, type DistributionSpec } from "./describe.js";
import { BLOCK, type DrawCode, type KernelArrivals, type KernelModel, type KernelStage } from "./requests-kernel.js";

/** A link as plain data. */
type LinkSpec =
  | {
      readonly kind: "rayleigh";
      readonly bandwidthHz: number;
      readonly txPowerDbm: number;
      readonly noiseDbm: number;
      readonly pathLossDb: number;
      readonly controlOverhead: number;
      readonly coherenceSeconds: number;
    }
  | { readonly kind: "constant"; readonly rate: number };

/** A stage as plain data (only what the service law and the resource read). */
type StageSpec =
  | {
      readonly kind: "compute";
      readonly name: string;
      readonly node: string;
      readonly flops: number;
      readonly flopsPerSecond: number;
      readonly distribution: DistributionSpec | null;
      readonly resource: Resource;
    }
  | {
      readonly kind: "transfer";
      readonly name: string;
      readonly linkName: string;
      readonly bits: number;
      readonly link: LinkSpec;
      readonly distribution: DistributionSpec | null;
      readonly resource: Resource;
    };

/** An arrival process as plain data. */
type ArrivalsSpec =
  | { readonly kind: "poisson"; readonly rate: number }
  | { readonly kind: "renewal"; readonly interarrival: DistributionSpec }
  | { readonly kind: "mmpp"; readonly rates: readonly number[]; readonly switching: readonly (readonly number[])[] };

/** What a worker needs to rebuild the model (plain data). */
export interface RequestsModelSpec {
  readonly stages: readonly StageSpec[];
  readonly arrivals: ArrivalsSpec;
  /** τ_c passed to `requestServiceLaw`, or undefined for the links' own. */
  readonly coherenceSeconds: number | undefined;
  /** Requests per block (see `blockSize`). */
  readonly block: number;
}

interface RayleighFields {
  bandwidthHz?: unknown;
  txPowerDbm?: unknown;
  noiseDbm?: unknown;
  pathLossDb?: unknown;
  controlOverhead?: unknown;
  coherenceSeconds?: unknown;
  meanSnr?: unknown;
}

/** A link as plain data, or null when it cannot be rebuilt to an identical link. */
function describeLink(link: LinkLike): LinkSpec | null {
  if (link.kind === "constant") return { kind: "constant", rate: link.effectiveRate };
  if (link.kind !== "rayleigh") return null;
  const f = link as unknown as RayleighFields;
  const nums = [f.bandwidthHz, f.txPowerDbm, f.noiseDbm, f.pathLossDb, f.controlOverhead ?? 0, f.coherenceSeconds];
  if (!nums.every((x) => typeof x === "number" && Number.isFinite(x))) return null;
  const spec = {
    kind: "rayleigh" as const,
    bandwidthHz: f.bandwidthHz as number,
    txPowerDbm: f.txPowerDbm as number,
    noiseDbm: f.noiseDbm as number,
    pathLossDb: f.pathLossDb as number,
    controlOverhead: (f.controlOverhead ?? 0) as number,
    coherenceSeconds: f.coherenceSeconds as number,
  };
  // A hand-made "rayleigh" object whose numbers disagree with its fields stays in this thread.
  let rebuilt;
  try {
    rebuilt = rayleighLink(spec);
  } catch {
    return null;
  }
  return rebuilt.meanSnr === f.meanSnr && rebuilt.effectiveRate === link.effectiveRate && rebuilt.coherenceSeconds === f.coherenceSeconds ? spec : null;
}

function buildLink(s: LinkSpec): LinkLike {
  return s.kind === "constant" ? constantRateLink(s.rate) : rayleighLink(s);
}

function describeStage(s: Stage): StageSpec | null {
  const distribution = s.distribution === undefined ? null : describeDistribution(s.distribution);
  if (s.distribution !== undefined && distribution === null) return null;
  const resource = stageResource(s);
  if (s.kind === "compute") {
    return { kind: "compute", name: s.name, node: s.node, flops: s.flops, flopsPerSecond: s.flopsPerSecond, distribution, resource };
  }
  const link = describeLink(s.link);
  if (link === null) return null;
  return { kind: "transfer", name: s.name, linkName: s.linkName, bits: s.bits, link, distribution, resource };
}

function buildStage(s: StageSpec): Stage {
  const distribution = s.distribution === null ? undefined : buildDistribution(s.distribution);
  if (s.kind === "compute") {
    return computeStage({ name: s.name, node: s.node, flops: s.flops, flopsPerSecond: s.flopsPerSecond, distribution, resource: s.resource });
  }
  return transferStage({ name: s.name, linkName: s.linkName, bits: s.bits, link: buildLink(s.link), distribution, resource: s.resource });
}

function describeArrivals(a: RequestArrivals): ArrivalsSpec | null {
  if (a.kind === "poisson") return { kind: "poisson", rate: a.rate };
  if (a.kind === "mmpp") return { kind: "mmpp", rates: a.rates.slice(), switching: a.switching.map((r) => r.slice()) };
  const d = describeDistribution(a.interarrival);
  return d === null ? null : { kind: "renewal", interarrival: d };
}

function buildArrivals(s: ArrivalsSpec): RequestArrivals {
  if (s.kind === "poisson") return poissonRequests(s.rate);
  if (s.kind === "mmpp") return mmppRequests({ rates: s.rates, switching: s.switching });
  return renewalRequests(buildDistribution(s.interarrival));
}

/**
 * The plain-data description of a run's model, or null when some part (a user-made
 * distribution, a link the simulator cannot rebuild) must stay in the calling thread.
 */
export function describeRequestsModel(
  p: Pipeline,
  arrivals: RequestArrivals,
  coherenceSeconds: number | undefined,
  block: number,
): RequestsModelSpec | null {
  const stages = p.stages.map(describeStage);
  const a = describeArrivals(arrivals);
  if (a === null || stages.some((s) => s === null)) return null;
  return { stages: stages as StageSpec[], arrivals: a, coherenceSeconds, block };
}

/** Rebuilds the kernel's model from plain data (in a worker), with the same laws and draws. */
export function buildRequestsModel(spec: RequestsModelSpec): KernelModel {
  const stages = spec.stages.map(buildStage);
  const pipeline: Pipeline = { name: "", stages };
  return kernelModel(pipeline, requestServiceLaws("simulateRequests", pipeline, spec.coherenceSeconds), buildArrivals(spec.arrivals), spec.block);
}

/** The draw a law specialises to; reads `mean` only for the two specialised families. */
function drawOf(law: Distribution): { code: DrawCode; a: number } {
  if (law.kind === "deterministic") return { code: 1, a: law.mean };
  if (law.kind === "exponential") return { code: 2, a: law.mean };
  return { code: 0, a: 0 };
}

/**
 * The kernel's model: per stage its resource, the draw it specialises (deterministic,
 * exponential, or the law's own `sample`), and whether it needs a reorder heap in front:
 * a queueing stage whose arrivals can be out of time order because some earlier stage
 * (c servers or dedicated, with a random service) lets requests overtake.
 */
export function kernelModel(p: Pipeline, laws: readonly Distribution[], arrivals: RequestArrivals, block: number): KernelModel {
  let ordered = true;
  const stages: KernelStage[] = p.stages.map((s, i) => {
    const r = stageResource(s);
    const resource: 0 | 1 | 2 = r.kind === "dedicated" ? 2 : r.servers === 1 ? 0 : 1;
    const { code, a } = drawOf(laws[i]);
    const sortInput = resource !== 2 && !ordered;
    if (sortInput) ordered = true;
    if (resource !== 0 && code !== 1) ordered = false;
    return {
      resource,
      servers: r.kind === "shared" ? r.servers : 0,
      code,
      a,
      law: laws[i],
      minService: code === 1 ? a : 0,
      sortInput,
    };
  });
  return { stages, arrivals: kernelArrivals(arrivals), block };
}

/**
 * Requests per block: a block spans about `block` mean gaps, kept within 2^20 of the
 * shortest mean service time (times are re-based per block). Computed once by the entry
 * point from the laws' means and shipped to the workers (a Rayleigh transfer's mean costs
 * a lattice computation, which the workers need not repeat).
 */
export function blockSize(means: readonly number[], rate: number): number {
  const positive = means.filter((m) => m > 0);
  const shortest = positive.length > 0 ? Math.min(...positive) : Infinity;
  const span = Math.floor(2 ** 20 * shortest * rate);
  return Number.isNaN(span) ? BLOCK : Math.max(1, Math.min(BLOCK, span));
}

function cumulative(xs: readonly number[]): number[] {
  let acc = 0;
  return xs.map((x) => (acc += x));
}

/** The arrival process as the kernels run it. */
export function kernelArrivals(a: RequestArrivals): KernelArrivals {
  const none = { law: null, rates: [], totals: [], cumSwitch: [], cumStationary: [] };
  if (a.kind === "poisson") return { ...none, code: 2, a: 1 / a.rate };
  if (a.kind === "renewal") {
    const { code, a: v } = drawOf(a.interarrival);
    return { ...none, code, a: v, law: a.interarrival };
  }
  return {
    code: 3,
    a: 0,
    law: null,
    rates: a.rates.slice(),
    totals: a.rates.map((r, i) => r + a.switching[i].reduce((s, x) => s + x, 0)),
    cumSwitch: a.switching.map(cumulative),
    cumStationary: cumulative(a.stationary),
  };
}
