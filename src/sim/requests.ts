/**
 * Monte Carlo request-level response time of a pipeline (docs/model.md §9.2): atomic
 * requests, store-and-forward, FIFO at each resource, by the per-stage departure
 * recursion. Streaming statistics only: memory does not grow with the run length.
 *
 * @module
 */

import { requestArrivalsOption, type RequestArrivals } from "../pipeline/arrivals.js";
import { checkPipeline } from "../pipeline/check.js";
import { checkGraphPipeline, type GraphPipeline, isGraphPipeline } from "../pipeline/graph.js";
import { requestServiceLaws } from "../pipeline/service-law.js";
import { stageResource } from "../pipeline/stages.js";
import type { Pipeline, Resource } from "../pipeline/types.js";
import { abortSignal, atMost, confidenceLevel, finiteArray, invalid, options, positive, positiveInteger, requireNumber, seedValue, show } from "../util/validate.js";
import type { TailEstimate } from "./mg1.js";
import { given } from "./options.js";
import { defaultWarmup, planChunks } from "./plan.js";
import { progressSink, type ReplicationOptions } from "./progress.js";
import { graphChunkSteps } from "./graph-kernel.js";
import { graphModel } from "./graph-model.js";
import { type RequestsChunkResult, type RequestsTask, requestsChunkSteps } from "./requests-kernel.js";
import { blockSize, describeRequestsModel, kernelModel } from "./requests-model.js";
import { runChunks } from "./run.js";
import {
  type Estimate,
  HIST_BUCKETS,
  batchMeansEstimate,
  exceedanceQuantile,
  histogramBase,
  probabilityEstimate,
} from "./stats.js";

/** At most this many observed requests per run (work limit, docs/robustness.md: see {@link simulateRequests}). */
export const MAX_REQUESTS = 1e10;
const REQUESTS_WHY = "requests ≤ 1e10, ≈ 10 min on one core for 3 exponential stages, ≈ 45 min for the paper's pipeline with its Rayleigh transfer";

/** Options of {@link simulateRequests}. Times in seconds. */
export interface SimulateRequestsOptions extends ReplicationOptions {
  /** The pipeline: its stages in order, each with its resource (`stageResource`); fork–join and batching steps allowed (docs/model.md §11). */
  readonly pipeline: Pipeline | GraphPipeline;
  /** Poisson arrival rate λ (requests per second, > 0). Required unless `arrivals` is given; if both are, they must agree. */
  readonly lambda?: number;
  /** The arrival process (`poissonRequests`, `renewalRequests`, `mmppRequests`, `onOffRequests`). Default Poisson at `lambda`. */
  readonly arrivals?: RequestArrivals;
  /** Observed requests in total (warm-up excluded), a positive integer ≤ {@link MAX_REQUESTS}. */
  readonly requests: number;
  /**
   * Requests simulated and discarded at the start of every chunk (each chunk is an
   * independent replication that starts empty). Default: a tenth of a chunk, at most
   * 20 000. Must be smaller than `requests`.
   */
  readonly warmup?: number;
  /** Delays t (seconds, ≥ 0) at which to estimate P(T > t). Default none. */
  readonly times?: readonly number[];
  /**
   * Exceedance probabilities p in (0, 1): the delay exceeded by a fraction p of requests
   * (p = 1e-3: one request in a thousand). Default [0.5, 0.1, 0.01, 0.001]; [] skips the histogram.
   */
  readonly quantiles?: readonly number[];
  /** Coherence interval τ_c of every Rayleigh transfer (seconds, > 0), passed to `requestServiceLaw`. Default: each link's own (0.01 s unless the link sets it). */
  readonly coherenceSeconds?: number;
}

/** A delay exceeded with probability p, with its confidence interval (seconds). */
export interface ResponseQuantile {
  /** Exceedance probability p: P(T > value) ≈ p. */
  readonly p: number;
  /** The estimate (seconds; Infinity for an unstable pipeline). */
  readonly value: number;
  /** Lower confidence limit (seconds). */
  readonly lower: number;
  /** Upper confidence limit (seconds; Infinity when the run is too short to bound it). */
  readonly upper: number;
}

/** End-to-end response time T: from a request's arrival to its departure from the last stage. */
export interface EndToEndResponse {
  /** E[T] (seconds), batch means. */
  readonly mean: Estimate;
  /** P(T > t) for each requested t, in the order given. */
  readonly tails: readonly TailEstimate[];
  /** The delay exceeded with probability p, for each requested p, in the order given. */
  readonly quantiles: readonly ResponseQuantile[];
}

/**
 * One stage's share of the response time. At the stage a request waits W (from its
 * arrival there, i.e. its departure from the previous stage, until a server starts it)
 * and is served S; its response at the stage is W + S. Summed over the stages these give
 * the end-to-end response time exactly. The estimates are null for an unstable pipeline
 * (no run is made).
 */
export interface StageResponse {
  /** The stage's name. */
  readonly name: string;
  /** Whether the stage computes, transfers or batches. */
  readonly kind: "compute" | "transfer" | "batch";
  /** Its path in a graph pipeline (`stages[2].branches[1][0]`); absent for a chain. */
  readonly path?: string;
  /** What it runs on (the default filled in). */
  readonly resource: Resource;
  /** λE[S]/c for a shared stage (from the service law, not estimated); null for a dedicated one. */
  readonly utilisation: number | null;
  /** Mean service time E[S] at the stage (seconds), simulated — a check against the law's mean. */
  readonly service: Estimate | null;
  /** Mean waiting time E[W] in the stage's queue (seconds; 0 for a dedicated stage). */
  readonly wait: Estimate | null;
  /** Mean response time at the stage E[W + S] (seconds). */
  readonly response: Estimate | null;
  /** P(W > 0): the fraction of requests that found every server busy. */
  readonly queued: Estimate | null;
}

/** Result of {@link simulateRequests}; times in seconds, frozen. */
export interface RequestsSimResult {
  /** Long-run arrival rate λ (requests per second). */
  readonly lambda: number;
  /** The arrival process simulated. */
  readonly arrivals: RequestArrivals;
  /** Every shared stage has utilisation < 1. When false no run is made (see {@link simulateRequests}). */
  readonly stable: boolean;
  /** The largest stage utilisation (0 when every stage is dedicated). */
  readonly utilisation: number;
  /** Index of the stage with the largest utilisation (null when every stage is dedicated). */
  readonly bottleneck: number | null;
  /** Observed requests (warm-up excluded); 0 when no run was made. */
  readonly requests: number;
  /** Warm-up requests per chunk. */
  readonly warmup: number;
  /** Independent replications the run was cut into (by its length only). */
  readonly chunks: number;
  /** The seed; chunk k used `rngState(seed, k)`. */
  readonly seed: number;
  /** Two-sided level of every interval. */
  readonly confidence: number;
  /** Threads actually used (1 when `workers` was 1 or a law cannot be rebuilt in a worker; 0 when no run was made). */
  readonly workersUsed: number;
  /** The end-to-end response time. */
  readonly endToEnd: EndToEndResponse;
  /** Per stage, in pipeline order. */
  readonly stages: readonly StageResponse[];
}

const FN = "simulateRequests";

/**
 * Simulates the response time of requests through a pipeline (docs/model.md §9): each
 * request is atomic and visits the stages in order, store-and-forward (a stage starts a
 * request only after the previous stage finished it), FIFO at every resource; a shared
 * stage has c servers fed by one queue (c = 1 by default), a dedicated stage serves every
 * request at once. Per stage, d = max(a, f) + s, with a the departure from the previous
 * stage and f the time the earliest server falls free (Kiefer–Wolfowitz vector for c
 * servers; d = a + s when dedicated). Service times come from `requestServiceLaw(stage,
 * { coherenceSeconds })` — a compute stage's attached law or flops/f, a constant-rate
 * transfer's law or bits/rate, a Rayleigh transfer's fading-by-coherence-interval law.
 * Arrivals are Poisson at `lambda` unless `arrivals` gives a renewal or Markov-modulated
 * process. When c servers or random dedicated stages let requests overtake, a later
 * queueing stage still sees its arrivals in time order (a reorder buffer, no event queue).
 *
 * Reports E[T] with a batch-means interval, P(T > t) for each t with its interval,
 * the delay exceeded with probability p for each p with an interval read off per-batch
 * histograms (≈ 0.8 % buckets; the interval inverts the batch-means interval of P(T ≥ x)),
 * and per stage the mean wait, service and response and the fraction that queued.
 *
 * Unstable pipelines: when a shared stage's utilisation λE[S]/c is ≥ 1, its queue — and
 * every request's response time — grows without bound. No run is made; `stable` is
 * false and the end-to-end estimates are their limits: mean Infinity, every P(T > t) = 1,
 * every quantile Infinity (intervals collapsed on those values, 0 batches); stage
 * estimates are null. (At utilisation exactly 1 with no randomness at all the queue
 * would not grow; it is reported unstable all the same: there is no margin.)
 *
 * Reproducible: the run is cut into chunks by its length alone (up to 64 independent
 * replications, each starting empty and discarding `warmup` requests); chunk k uses
 * `rngState(seed, k)`; statistics are merged in chunk order. Same seed ⇒ same numbers with
 * any number of workers. Exponential services and gaps use the ziggurat sampler of the
 * random module, deterministic ones no draw, every other law its own `sample`.
 *
 * @throws RangeError naming the parameter for: λ ≤ 0 or not finite, `lambda` disagreeing
 * with `arrivals`, requests not a positive integer or above {@link MAX_REQUESTS}, warmup
 * negative, non-integer or ≥ requests, a seed that is not a safe integer, workers < 1, a
 * negative time t, a p outside (0, 1), confidence outside (0, 1), coherenceSeconds ≤ 0, a
 * malformed stage (an unknown resource kind is named at `pipeline.stages[i].resource`) or
 * arrival process. TypeError for a missing pipeline or wrongly typed fields.
 * @example
 * ```ts
 * import { computeStage, pipeline } from "edgecalc";
 * import { simulateRequests } from "edgecalc/sim";
 * // One M/D/1 stage (1 s of work, λ = 0.5). Exact (mg1): E[T] = 1.5 s, P(T > 3) = 0.05304,
 * // the delay exceeded by one request in a thousand 6.168 s.
 * const p = pipeline("one", [computeStage({ node: "edge", flops: 1e12, flopsPerSecond: 1e12 })]);
 * const r = await simulateRequests({ pipeline: p, lambda: 0.5, requests: 1e6, seed: 1, times: [3], quantiles: [1e-3] });
 * r.endToEnd.mean;          // { value: 1.50128, lower: 1.49712, upper: 1.50545, halfWidth: 0.00417, batches: 32 }
 * r.endToEnd.tails[0];      // { t: 3, value: 0.053234, lower: 0.052214, upper: 0.054254, … }
 * r.endToEnd.quantiles[0];  // { p: 0.001, value: 6.110, lower: 5.969, upper: 6.25 }
 * ```
 */
export async function simulateRequests(opts: SimulateRequestsOptions): Promise<RequestsSimResult> {
  const o = options<SimulateRequestsOptions>(FN, "options", opts);
  if (o.pipeline === undefined) throw new TypeError(`${FN}: pipeline must be a pipeline (an object with a non-empty stages array), got undefined`);
  // Fork–join and batching steps run in the event-driven graph kernel (docs/model.md §11).
  const graph = typeof o.pipeline === "object" && o.pipeline !== null && Array.isArray(o.pipeline.stages) && isGraphPipeline(o.pipeline);
  const p = graph ? checkGraphPipeline(FN, "pipeline", o.pipeline) : checkPipeline(FN, "pipeline", o.pipeline);
  const arrivals = resolveArrivals(o.lambda, o.arrivals);
  const lambda = arrivals.rate;
  const requests = positiveInteger(FN, "requests", o.requests);
  atMost(FN, "requests", requests, MAX_REQUESTS, REQUESTS_WHY);
  const seed = seedValue(FN, "seed", given(o.seed, 1));
  const warmup = requireNumber(FN, "warmup", given(o.warmup, defaultWarmup(requests)));
  if (!(Number.isSafeInteger(warmup) && warmup >= 0)) invalid(FN, "warmup", "a non-negative integer", warmup);
  if (warmup >= requests) invalid(FN, "warmup", `smaller than requests (${requests})`, warmup);
  const workers = positiveInteger(FN, "workers", given(o.workers, 1));
  const times = finiteArray(FN, "times", given(o.times, []), { minLength: 0 });
  times.forEach((t, i) => {
    if (t < 0) invalid(FN, `times[${i}]`, "≥ 0", t);
  });
  const quantiles = finiteArray(FN, "quantiles", given(o.quantiles, [0.5, 0.1, 0.01, 0.001]), { minLength: 0 });
  quantiles.forEach((q, i) => {
    if (!(q > 0 && q < 1)) invalid(FN, `quantiles[${i}]`, "in (0, 1)", q);
  });
  const coherenceSeconds = o.coherenceSeconds === undefined ? undefined : positive(FN, "coherenceSeconds", o.coherenceSeconds);
  const confidence = confidenceLevel(FN, "confidence", given(o.confidence, 0.95));
  const signal = abortSignal(FN, "signal", o.signal);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw new TypeError(`${FN}: onProgress must be a function, got ${show(o.onProgress)}`);
  }

  const g = graph ? graphModel(FN, p, arrivals, coherenceSeconds) : null;
  const laws = g === null ? requestServiceLaws(FN, p as Pipeline, coherenceSeconds) : [];
  const chain = p as Pipeline;
  const infos: StageInfo[] =
    g === null ? chain.stages.map((s) => ({ name: s.name, kind: s.kind })) : g.leaves.map((l) => ({ name: l.name, kind: l.kind, path: l.path }));
  const resources = g === null ? chain.stages.map(stageResource) : g.leaves.map((l) => l.resource);
  const utilisations = g === null ? resources.map((r, i) => (r.kind === "dedicated" ? null : (lambda * laws[i].mean) / r.servers)) : g.leaves.map((l) => l.utilisation);
  let utilisation = 0;
  let bottleneck: number | null = null;
  utilisations.forEach((u, i) => {
    if (u !== null && (bottleneck === null || u > utilisation)) {
      utilisation = u;
      bottleneck = i;
    }
  });
  const stable = utilisations.every((u) => u === null || u < 1);
  const context: Context = { lambda, arrivals, infos, resources, utilisations, utilisation, bottleneck, stable, seed, confidence, times, quantiles };
  const sink = progressSink("requests", o);
  if (!stable) {
    sink.finish(true);
    return unstableResult(context, warmup);
  }

  // Thresholds go to the kernel sorted and distinct (it stops at the first T ≤ t).
  const sortedTimes = [...new Set(times)].sort((a, b) => a - b);
  const scale = (g === null ? laws : g.leaves).reduce((s, d) => s + d.mean, 0);
  const histBase = quantiles.length > 0 ? histogramBase(scale) : -1;
  const plans = planChunks(requests);
  const tasks: RequestsTask[] = plans.map((pl) => ({ seed, chunk: pl.chunk, warmup, batchSizes: pl.batchSizes, times: sortedTimes, histBase }));
  const block = blockSize(laws.map((d) => d.mean), lambda);
  // The graph kernel runs in the calling thread (its model is not rebuilt in workers).
  const spec = g === null ? describeRequestsModel(chain, arrivals, coherenceSeconds, block) : null;
  const model = g === null ? kernelModel(chain, laws, arrivals, block) : null;
  let outcome;
  try {
    outcome = await runChunks<RequestsTask, RequestsChunkResult>(
      {
        remote: spec === null ? null : { kind: "requests", shared: spec },
        tasks,
        units: tasks.map((t) => t.warmup + t.batchSizes.reduce((a, b) => a + b, 0)),
        steps: (task) => (g === null ? requestsChunkSteps(task, model!) : graphChunkSteps(task, g.model)),
      },
      workers,
      sink,
      signal,
    );
  } catch (e) {
    sink.finish(false);
    throw e;
  }
  sink.finish(true);
  return merge(outcome.results, context, { requests, warmup, sortedTimes, histBase, workersUsed: outcome.workersUsed });
}

function resolveArrivals(lambdaIn: unknown, arrivalsIn: unknown): RequestArrivals {
  const a = requestArrivalsOption(FN, "", lambdaIn, arrivalsIn);
  // The mean gap 1/λ must be a number: below ~5.6e-309 it overflows to Infinity.
  if (!(1 / a.rate < Infinity)) {
    if (arrivalsIn === undefined) invalid(FN, "lambda", "a number whose reciprocal (the mean gap) is finite", a.rate);
    invalid(FN, "arrivals.rate", "a rate whose reciprocal (the mean gap) is finite", a.rate);
  }
  return a;
}

/** A reported stage: its name, kind, and (graph pipelines) its path. */
interface StageInfo {
  name: string;
  kind: "compute" | "transfer" | "batch";
  path?: string;
}

interface Context {
  lambda: number;
  arrivals: RequestArrivals;
  infos: StageInfo[];
  resources: Resource[];
  utilisations: (number | null)[];
  utilisation: number;
  bottleneck: number | null;
  stable: boolean;
  seed: number;
  confidence: number;
  times: readonly number[];
  quantiles: readonly number[];
}

function unstableResult(c: Context, warmup: number): RequestsSimResult {
  const limit = (value: number): Estimate => Object.freeze({ value, lower: value, upper: value, halfWidth: 0, batches: 0 });
  return Object.freeze({
    lambda: c.lambda,
    arrivals: c.arrivals,
    stable: false,
    utilisation: c.utilisation,
    bottleneck: c.bottleneck,
    requests: 0,
    warmup,
    chunks: 0,
    seed: c.seed,
    confidence: c.confidence,
    workersUsed: 0,
    endToEnd: Object.freeze({
      mean: limit(Infinity),
      tails: Object.freeze(c.times.map((t) => Object.freeze({ t, ...limit(1) }))),
      quantiles: Object.freeze(c.quantiles.map((p) => Object.freeze({ p, value: Infinity, lower: Infinity, upper: Infinity }))),
    }),
    stages: Object.freeze(
      c.infos.map((s, i) =>
        Object.freeze({ ...s, resource: c.resources[i], utilisation: c.utilisations[i], service: null, wait: null, response: null, queued: null }),
      ),
    ),
  });
}

interface RunFacts {
  requests: number;
  warmup: number;
  sortedTimes: readonly number[];
  histBase: number;
  workersUsed: number;
}

/** Merges chunk statistics in chunk order into the frozen result. */
function merge(results: RequestsChunkResult[], c: Context, f: RunFacts): RequestsSimResult {
  const ns = c.infos.length;
  const nt = f.sortedTimes.length;
  const counts: number[] = [];
  const sumT: number[] = [];
  const hits: number[][] = f.sortedTimes.map(() => []);
  const sumS: number[][] = c.infos.map(() => []);
  const sumW: number[][] = c.infos.map(() => []);
  const sumR: number[][] = c.infos.map(() => []);
  const queued: number[][] = c.infos.map(() => []);
  const row = HIST_BUCKETS + 3;
  const nbTotal = results.reduce((a, r) => a + r.counts.length, 0);
  const rows = f.histBase >= 0 ? new Float64Array(nbTotal * row) : new Float64Array(0);
  let b0 = 0;
  for (const r of results) {
    const nb = r.counts.length;
    for (let b = 0; b < nb; b++) {
      counts.push(r.counts[b]);
      sumT.push(r.sumT[b]);
      for (let k = 0; k < nt; k++) hits[k].push(r.hits[b * nt + k]);
      for (let i = 0; i < ns; i++) {
        sumS[i].push(r.sumS[i * nb + b]);
        sumW[i].push(r.sumW[i * nb + b]);
        sumR[i].push(r.sumS[i * nb + b] + r.sumW[i * nb + b]);
        queued[i].push(r.queued[i * nb + b]);
      }
    }
    if (f.histBase >= 0) rows.set(r.hist, b0 * row);
    b0 += nb;
  }
  const tailOf = new Map(f.sortedTimes.map((t, k) => [t, probabilityEstimate(hits[k], counts, c.confidence)]));
  return Object.freeze({
    lambda: c.lambda,
    arrivals: c.arrivals,
    stable: true,
    utilisation: c.utilisation,
    bottleneck: c.bottleneck,
    requests: f.requests,
    warmup: f.warmup,
    chunks: results.length,
    seed: c.seed,
    confidence: c.confidence,
    workersUsed: f.workersUsed,
    endToEnd: Object.freeze({
      mean: batchMeansEstimate(sumT, counts, c.confidence),
      tails: Object.freeze(c.times.map((t) => Object.freeze({ t, ...tailOf.get(t)! }))),
      quantiles: Object.freeze(c.quantiles.map((p) => Object.freeze({ p, ...exceedanceQuantile(p, rows, counts, c.confidence, f.histBase) }))),
    }),
    stages: Object.freeze(
      c.infos.map((s, i) =>
        Object.freeze({
          ...s,
          resource: c.resources[i],
          utilisation: c.utilisations[i],
          service: batchMeansEstimate(sumS[i], counts, c.confidence),
          wait: batchMeansEstimate(sumW[i], counts, c.confidence),
          response: batchMeansEstimate(sumR[i], counts, c.confidence),
          queued: probabilityEstimate(queued[i], counts, c.confidence),
        }),
      ),
    ),
  });
}
