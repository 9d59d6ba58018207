/**
 * The metrics of one design — a pipeline under a workload — that the scores compare
 * (seed 000 §3.2: resource overhead, collaboration efficiency, energy efficiency;
 * docs/model.md §6): latency, bandwidth, compute, storage, energy and quality per request.
 *
 * @module
 */

import { mg1 } from "../queueing/index.js";
import { serviceDistribution, stageLatency } from "../pipeline/index.js";
import type { Pipeline } from "../pipeline/index.js";
import { invalid, nonNegative, options, positive, probability, show } from "../util/validate.js";
import { or } from "./matrix.js";

/**
 * What a delay engine (the SNC bound, or a simulator) says about a pipeline under Poisson
 * load λ: the probability that a request misses `deadline` seconds and/or the delay
 * (seconds) exceeded with probability at most `epsilon`.
 */
export interface DelayAssessment {
  /** The delay model the values are in (the built-in engine: `"request"` or `"fluid"`; a user engine may name its own). */
  readonly model?: string;
  /** Deadline (s) the violation probability refers to. */
  readonly deadline?: number;
  /** P(D > deadline) (a bound or an estimate), in [0, 1]. */
  readonly violationProbability?: number;
  /** ε the quantile refers to. */
  readonly epsilon?: number;
  /** d(ε) in seconds (Infinity when no finite delay meets ε, e.g. an unstable system). */
  readonly delayQuantile?: number;
}

/** A pluggable delay engine: pipeline and arrival rate in, delay assessment out. */
export type DelayEngine = (pipeline: Pipeline, lambda: number) => DelayAssessment;

/** Options of {@link designMetrics}; every field has a documented default. */
export interface MetricsOptions {
  /** Poisson arrival rate λ (requests/s) for M/G/1 (default 0: no queueing, sojourn = service). */
  readonly lambda?: number;
  /** Model bytes stored on each node, e.g. `{ edge: 9.2e9, terminal: 8e9 }` (default `{}`: nothing stored). */
  readonly modelBytes?: Readonly<Record<string, number>>;
  /** Transmit power (W) for transfer stages that carry no `txPowerW` and whose link has none (default: unknown). */
  readonly txPowerW?: number;
  /** Energy per FLOP (J) per node for compute stages that carry no `joulesPerFlop` (default: unknown). */
  readonly joulesPerFlop?: Readonly<Record<string, number>>;
  /** Model-update energy per request (J): e.g. the energy of one update divided by the requests it serves (default 0). */
  readonly modelUpdateJoules?: number;
  /** Quality of the design's output in [0, 1] (default: not assessed). */
  readonly quality?: number;
  /** A delay engine (default none: no violation probability or quantile). */
  readonly delayEngine?: DelayEngine;
}

/** Energy per request, joules. */
export interface EnergyMetrics {
  /** Σ over transfer stages of transmit power × airtime (airtime = J/R_eff, the stage's mean latency). */
  readonly transmit: number;
  /** Σ over compute stages of joules-per-FLOP × FLOPs. */
  readonly compute: number;
  /** The model-update share. */
  readonly update: number;
  /** transmit + compute + update. */
  readonly total: number;
  /** Stages whose power or energy per FLOP was unknown (counted as 0); empty when complete. */
  readonly missing: readonly string[];
}

/** The metrics of one design (all per request; frozen). */
export interface DesignMetrics {
  /** The pipeline's name. */
  readonly name: string;
  /** Mean latency and M/G/1 figures at λ. */
  readonly latency: {
    /** E[S]: the mean end-to-end service time (Table 2's latency), s. */
    readonly meanService: number;
    /** M/G/1 at λ: utilisation ρ = λE[S]. */
    readonly rho: number;
    /** ρ < 1. */
    readonly stable: boolean;
    /** M/G/1 mean sojourn E[T] (Infinity when unstable), s. */
    readonly meanSojourn: number;
    /** The delay engine's answer, when one was given. */
    readonly delay?: DelayAssessment;
  };
  /** Bits per request over all transfer stages. */
  readonly bandwidthBits: number;
  /** FLOPs per request on each node. */
  readonly computeFlops: Readonly<Record<string, number>>;
  /** FLOPs per request, all nodes. */
  readonly totalFlops: number;
  /** Model bytes stored on each node (as given). */
  readonly storageBytes: Readonly<Record<string, number>>;
  /** Energy per request by component (J). */
  readonly energy: EnergyMetrics;
  /** Quality in [0, 1], when assessed. */
  readonly quality?: number;
}

function checkRecord(fn: string, param: string, value: unknown): Readonly<Record<string, number>> {
  const r = options<Record<string, unknown>>(fn, param, value);
  for (const [k, v] of Object.entries(r)) nonNegative(fn, `${param}.${k}`, v);
  return Object.freeze({ ...(r as Record<string, number>) });
}

/** A link may carry its transmit power (a Rayleigh link does); read it without assuming the field exists. */
function linkPower(link: unknown): number | undefined {
  const l = link as { txPowerW?: unknown; powerW?: unknown };
  for (const v of [l?.txPowerW, l?.powerW]) if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  return undefined;
}

/**
 * The metrics of a pipeline under Poisson load λ:
 *
 * - latency: `E[S] = Σ` stage means (Table 2), the M/G/1 mean sojourn `E[T] = E[W] + E[S]`
 *   (paper (3)–(5), via `mg1`), and optionally a delay engine's violation probability at a
 *   deadline or delay quantile at ε (the SNC bound, paper (10)–(12));
 * - bandwidth: bits per request over all transfer stages;
 * - compute: FLOPs per request on each node and in total;
 * - storage: model bytes per node (supplied: a pipeline knows work, not model sizes);
 * - energy per request: `Σ P_tx · J/R_eff + Σ e_FLOP · O + E_update` (seed 000 §3.2: transmission,
 *   computation, model update). A stage's own `txPowerW`/`joulesPerFlop` comes first, then
 *   the link's power, then the options; what stays unknown counts as 0 and is listed in
 *   `energy.missing` so an incomplete energy figure never passes silently;
 * - quality: passed through (see {@link illustrativeQuality} for why there is no default).
 *
 * An unstable queue (ρ ≥ 1) is a result (`stable: false`, `meanSojourn: Infinity`), not an error.
 *
 * @param pipeline - the design
 * @param opts - {@link MetricsOptions}
 * @returns frozen {@link DesignMetrics}
 * @throws RangeError for a negative or non-finite λ, byte count, power, energy, or a quality
 *   outside [0, 1]; TypeError for a non-pipeline; RangeError if the delay engine returns a
 *   probability outside [0, 1]
 * @example
 * ```ts
 * const p = pipeline("split", [
 *   computeStage({ node: "edge", flops: 135.4e12, flopsPerSecond: 150e12, joulesPerFlop: 2.7e-12 }),
 *   transferStage({ linkName: "downlink", bits: 1.0486e6, link: constantRateLink(3.16e7), txPowerW: 1.26 }),
 *   computeStage({ node: "terminal", flops: 8.2154e12, flopsPerSecond: 60e12, joulesPerFlop: 2.5e-13 }),
 * ]);
 * const m = designMetrics(p, { lambda: 0.5 });
 * m.latency.meanService; // 1.0727735443037973
 * m.latency.meanSojourn; // 1.6933571516244208 (ρ = 0.5364)
 * m.energy.total;        // 367.6756612658228
 * ```
 */
export function designMetrics(pipeline: Pipeline, opts: MetricsOptions = {}): DesignMetrics {
  // The layers below (distributions, mg1, a delay engine) name themselves in their messages;
  // prefix ours so every error of this entry point starts with its name.
  try {
    return designMetricsUnchecked(pipeline, opts);
  } catch (e) {
    if ((e instanceof RangeError || e instanceof TypeError) && !e.message.startsWith("designMetrics:")) {
      throw new (e instanceof RangeError ? RangeError : TypeError)(`designMetrics: ${e.message}`);
    }
    throw e;
  }
}

function designMetricsUnchecked(pipeline: Pipeline, opts: MetricsOptions): DesignMetrics {
  const fn = "designMetrics";
  if (pipeline === null || typeof pipeline !== "object" || !Array.isArray(pipeline.stages) || pipeline.stages.length === 0) {
    throw new TypeError(`${fn}: pipeline must be a pipeline with at least one stage, got ${show(pipeline)}`);
  }
  if (typeof pipeline.name !== "string") throw new TypeError(`${fn}: pipeline.name must be a string, got ${show(pipeline.name)}`);
  pipeline.stages.forEach((s, i) => checkStage(fn, `pipeline.stages[${i}]`, s));
  const o = options<MetricsOptions>(fn, "options", opts);
  const lambda = nonNegative(fn, "lambda", or(o.lambda, 0));
  const modelBytes = checkRecord(fn, "modelBytes", o.modelBytes);
  const jpf = checkRecord(fn, "joulesPerFlop", o.joulesPerFlop);
  const txPowerW = o.txPowerW === undefined ? undefined : nonNegative(fn, "txPowerW", o.txPowerW);
  const update = nonNegative(fn, "modelUpdateJoules", or(o.modelUpdateJoules, 0));
  const quality = o.quality === undefined ? undefined : probability(fn, "quality", o.quality);
  if (o.delayEngine !== undefined && typeof o.delayEngine !== "function") {
    throw new TypeError(`${fn}: delayEngine must be a function, got ${show(o.delayEngine)}`);
  }

  let bandwidthBits = 0;
  let transmit = 0;
  let computeJ = 0;
  const missing: string[] = [];
  const computeFlops: Record<string, number> = {};
  let totalFlops = 0;
  for (const s of pipeline.stages) {
    if (s.kind === "transfer") {
      bandwidthBits += s.bits;
      const power = s.txPowerW ?? linkPower(s.link) ?? txPowerW;
      if (power === undefined) missing.push(s.name);
      else transmit += power * stageLatency(s);
    } else {
      computeFlops[s.node] = (computeFlops[s.node] ?? 0) + s.flops;
      totalFlops += s.flops;
      const e = s.joulesPerFlop ?? jpf[s.node];
      if (e === undefined) {
        if (s.flops > 0) missing.push(s.name);
      } else computeJ += e * s.flops;
    }
  }

  const service = serviceDistribution(pipeline);
  const q = mg1(lambda, service);
  let delay: DelayAssessment | undefined;
  if (o.delayEngine !== undefined) delay = checkDelay(fn, o.delayEngine(pipeline, lambda));

  return Object.freeze({
    name: pipeline.name,
    latency: Object.freeze({
      meanService: service.mean,
      rho: q.rho,
      stable: q.stable,
      meanSojourn: q.meanSojourn,
      ...(delay === undefined ? {} : { delay }),
    }),
    bandwidthBits,
    computeFlops: Object.freeze(computeFlops),
    totalFlops,
    storageBytes: modelBytes,
    energy: Object.freeze({ transmit, compute: computeJ, update, total: transmit + computeJ + update, missing: Object.freeze(missing) }),
    ...(quality === undefined ? {} : { quality }),
  });
}

/** A stage as the pipeline module's factories build it; hand-made stages are checked field by field. */
function checkStage(fn: string, param: string, s: unknown): void {
  if (s === null || typeof s !== "object") throw new TypeError(`${fn}: ${param} must be a stage object, got ${show(s)}`);
  const st = s as Record<string, unknown>;
  if (typeof st.name !== "string") throw new TypeError(`${fn}: ${param}.name must be a string, got ${show(st.name)}`);
  if (st.kind === "compute") {
    if (typeof st.node !== "string") throw new TypeError(`${fn}: ${param}.node must be a string, got ${show(st.node)}`);
    nonNegative(fn, `${param}.flops`, st.flops);
    positive(fn, `${param}.flopsPerSecond`, st.flopsPerSecond);
    if (st.joulesPerFlop !== undefined) nonNegative(fn, `${param}.joulesPerFlop`, st.joulesPerFlop);
  } else if (st.kind === "transfer") {
    nonNegative(fn, `${param}.bits`, st.bits);
    const link = st.link as Record<string, unknown> | null | undefined;
    if (link === null || typeof link !== "object") throw new TypeError(`${fn}: ${param}.link must be a link object, got ${show(link)}`);
    positive(fn, `${param}.link.effectiveRate`, link.effectiveRate);
    if (st.txPowerW !== undefined) nonNegative(fn, `${param}.txPowerW`, st.txPowerW);
  } else {
    invalid(fn, `${param}.kind`, '"compute" or "transfer"', st.kind);
  }
}

function checkDelay(fn: string, d: unknown): DelayAssessment {
  const a = options<DelayAssessment>(fn, "delayEngine result", d);
  const out: Record<string, number | string> = {};
  if (a.model !== undefined) {
    if (typeof a.model !== "string") throw new TypeError(`${fn}: delayEngine result.model must be a string naming the delay model, got ${show(a.model)}`);
    out.model = a.model;
  }
  if (a.violationProbability !== undefined) out.violationProbability = probability(fn, "delayEngine result.violationProbability", a.violationProbability);
  if (a.deadline !== undefined) out.deadline = nonNegative(fn, "delayEngine result.deadline", a.deadline);
  if (a.epsilon !== undefined) out.epsilon = probability(fn, "delayEngine result.epsilon", a.epsilon);
  if (a.delayQuantile !== undefined) {
    const v = a.delayQuantile;
    if (!(v >= 0)) invalid(fn, "delayEngine result.delayQuantile", "a number ≥ 0 (Infinity allowed)", v);
    out.delayQuantile = v;
  }
  return Object.freeze(out);
}

