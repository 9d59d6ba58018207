/**
 * Capacity at a delay target (docs/model.md §11.5): the largest Poisson rate λ at which a
 * pipeline still meets P(T > deadline) ≤ ε — guaranteed from the request-level bound,
 * and estimated, with an interval, by simulation.
 *
 * @module
 */

import { checkGraphPipeline, type GraphPipeline, graphLeaves } from "../pipeline/graph.js";
import { requestServiceLaw } from "../pipeline/service-law.js";
import { stageResource } from "../pipeline/stages.js";
import type { Pipeline } from "../pipeline/types.js";
import { responseTimeBound } from "../requests/bound.js";
import type { ResponseTimeMethod } from "../requests/bound.js";
import { abortSignal, atMost, confidenceLevel, inOpen, options, positive, positiveInteger, seedValue } from "../util/validate.js";
import { given } from "./options.js";
import { simulateRequests } from "./requests.js";

/** Options of {@link maxThroughput}. Times in seconds. */
export interface MaxThroughputOptions {
  /** The delay target d (seconds, > 0). */
  readonly deadline: number;
  /** The largest tolerated P(T > d), in (0, 1), e.g. 1e-4. */
  readonly epsilon: number;
  /** Coherence interval τ_c of Rayleigh transfers (seconds, > 0). */
  readonly coherenceSeconds?: number;
  /** Relative width at which the bisections on λ stop, in (0, 0.5). Default 1e-3 (bound), the simulation's own 1e-2. */
  readonly tolerance?: number;
  /**
   * Confirm by simulation: requests per simulated λ (a positive integer ≤ 1e8; about 100/ε
   * resolves the level), or false for the bound alone. Default false.
   */
  readonly simulate?:
    | false
    | {
        /** Requests per simulated rate (warm-up excluded), a positive integer ≤ 1e8. */
        readonly requests: number;
        /** Seed, the same at every rate (common random numbers). Default 1. */
        readonly seed?: number;
        /** Two-sided confidence level of the intervals, in (0, 1). Default 0.95. */
        readonly confidence?: number;
        /** Worker threads per simulation (chains only; graph pipelines run in the calling thread). Default 1. */
        readonly workers?: number;
      };
  /** Aborts the simulations. */
  readonly signal?: AbortSignal;
}

/** The simulated capacity: the rate at which the simulated P(T > d) crosses ε, with an interval. */
export interface SimulatedCapacity {
  /** Where the estimate of P(T > d) crosses ε (requests per second). */
  readonly lambda: number;
  /** Where the upper confidence limit of P(T > d) crosses ε: below it the target is met with confidence. */
  readonly lower: number;
  /** Where the lower confidence limit crosses ε: above it the target is missed with confidence. */
  readonly upper: number;
  /** Requests per simulated rate. */
  readonly requests: number;
  /** The seed, the same at every rate (common random numbers). */
  readonly seed: number;
  /** Two-sided level of the intervals. */
  readonly confidence: number;
  /** Simulations run. */
  readonly runs: number;
}

/** Result of {@link maxThroughput}, frozen. */
export interface MaxThroughput {
  /** The delay target d (seconds). */
  readonly deadline: number;
  /** The tolerated P(T > d). */
  readonly epsilon: number;
  /** The stability limit: the largest rate at which every shared stage has utilisation < 1 (requests per second). */
  readonly stabilityLimit: number;
  /** The guaranteed capacity: the bound gives P(T > d) ≤ ε at this rate (0 when it does at no rate; Infinity when every stage is dedicated and the target is met: nothing queues). */
  readonly lambda: number;
  /** The bound's value of P(T > d) at `lambda`, ≤ ε. */
  readonly probability: number;
  /** The bound's route at `lambda` (`none` when no bound applies to the pipeline's shape). */
  readonly method: ResponseTimeMethod;
  /** The simulated capacity, or null when not asked. */
  readonly simulated: SimulatedCapacity | null;
}

const FN = "maxThroughput";
/** Bisection steps at most (each halves the bracket). */
const MAX_STEPS = 60;

/** The largest λ keeping every shared stage (and batching server at full batches) below utilisation 1. */
function stabilityLimit(p: GraphPipeline, coherenceSeconds: number | undefined): number {
  let limit = Infinity;
  for (const { stage } of graphLeaves(p.stages)) {
    if (stage.kind === "batch") {
      const c = stage.resource?.kind === "shared" ? stage.resource.servers : 1;
      limit = Math.min(limit, (c * stage.maxBatch) / stage.batchSeconds[stage.maxBatch - 1]);
      continue;
    }
    const r = stageResource(stage);
    if (r.kind === "dedicated") continue;
    const mean = requestServiceLaw(stage, coherenceSeconds === undefined ? {} : { coherenceSeconds }).mean;
    limit = Math.min(limit, r.servers / mean);
  }
  return limit;
}

/** Largest x in (0, hi) with ok(x), by bisection on a predicate true at small x (assumed monotone). */
async function bisect(hi: number, tol: number, ok: (x: number) => Promise<boolean> | boolean): Promise<number> {
  let lo = 0;
  let top = hi;
  for (let i = 0; i < MAX_STEPS && top - lo > tol * top; i++) {
    const mid = 0.5 * (lo + top);
    if (await ok(mid)) lo = mid;
    else top = mid;
  }
  return lo;
}

/**
 * The largest Poisson arrival rate λ at which a pipeline (chains and graph pipelines alike)
 * meets P(T > deadline) ≤ ε (docs/model.md §11.5):
 * - **guaranteed**: bisection on λ in (0, stability limit) of `responseTimeBound(p, { lambda },
 *   deadline).probability ≤ ε`. The true P(T > d) is nondecreasing in λ (Poisson arrivals at
 *   a higher rate are the same points closer together, and every FIFO recursion and join is
 *   monotone in arrival times), and so are the bounds; the returned λ satisfies the bound
 *   at the target, so P(T > d) ≤ ε there whatever the bisection's path.
 * - **simulated** (when `simulate` is given): bisections on λ of the simulated estimate of
 *   P(T > d) and of its two confidence limits (`simulateRequests`, the same seed at every
 *   rate): where each crosses ε. The guaranteed λ should lie at or below `simulated.upper`.
 *
 * Cost: about 12 bound evaluations (each memoised per pipeline and rate; a graph pipeline
 * costs one chain analysis per branch selection), and with `simulate` about 3 × 7
 * simulations of `requests` requests.
 *
 * @param pipeline - a pipeline (fork–join and batching steps allowed)
 * @param opts - deadline (> 0), epsilon ∈ (0, 1), coherenceSeconds, tolerance, simulate, signal
 * @returns a frozen {@link MaxThroughput}
 * @throws RangeError / TypeError naming the parameter: a malformed pipeline (by path), a
 *   deadline ≤ 0, ε outside (0, 1), a tolerance outside (0, 0.5), simulate.requests not a
 *   positive integer or above 1e8
 * @example
 * ```ts
 * import { computeStage, pipeline } from "edgecalc";
 * import { maxThroughput } from "edgecalc/sim";
 * // One M/D/1 stage of 1 s: P(T > 5) ≤ 1e-3 up to λ ≈ 0.41 (exact M/D/1 tail, bisection).
 * const p = pipeline("one", [computeStage({ node: "edge", flops: 1, flopsPerSecond: 1 })]);
 * (await maxThroughput(p, { deadline: 5, epsilon: 1e-3 })).lambda.toFixed(3); // "0.406"
 * ```
 */
export async function maxThroughput(pipeline: Pipeline | GraphPipeline, opts: MaxThroughputOptions): Promise<MaxThroughput> {
  const p = checkGraphPipeline(FN, "pipeline", pipeline);
  const o = options<MaxThroughputOptions>(FN, "opts", opts);
  const deadline = positive(FN, "opts.deadline", o.deadline);
  const epsilon = inOpen(FN, "opts.epsilon", o.epsilon, 0, 1);
  const coherenceSeconds = o.coherenceSeconds === undefined ? undefined : positive(FN, "opts.coherenceSeconds", o.coherenceSeconds);
  const tol = o.tolerance === undefined ? 1e-3 : inOpen(FN, "opts.tolerance", o.tolerance, 0, 0.5);
  const signal = abortSignal(FN, "opts.signal", o.signal);
  let sim: { requests: number; seed: number; confidence: number; workers: number } | null = null;
  if (o.simulate !== undefined && o.simulate !== false) {
    const s = options<{ requests: number; seed?: number; confidence?: number; workers?: number }>(FN, "opts.simulate", o.simulate);
    const requests = atMost(FN, "opts.simulate.requests", positiveInteger(FN, "opts.simulate.requests", s.requests), 1e8, "≤ 1e8 requests per simulated rate (about 3 × 7 rates are simulated)");
    sim = {
      requests,
      seed: seedValue(FN, "opts.simulate.seed", given(s.seed, 1)),
      confidence: confidenceLevel(FN, "opts.simulate.confidence", given(s.confidence, 0.95)),
      workers: positiveInteger(FN, "opts.simulate.workers", given(s.workers, 1)),
    };
  }
  const limit = stabilityLimit(p, coherenceSeconds);
  const base = coherenceSeconds === undefined ? {} : { coherenceSeconds };
  const bound = (lambda: number) => responseTimeBound(p, { ...base, lambda }, deadline);
  if (limit === Infinity) {
    // Every stage dedicated: nothing queues, P(T > d) does not depend on λ — any rate or none.
    const b = bound(1);
    const ok = b.probability <= epsilon;
    return Object.freeze({ deadline, epsilon, stabilityLimit: Infinity, lambda: ok ? Infinity : 0, probability: ok ? b.probability : 1, method: ok ? b.method : "none", simulated: null });
  }
  const lambda = await bisect(limit, tol, (l) => bound(l).probability <= epsilon);
  const at = lambda > 0 ? bound(lambda) : null;
  let simulated: SimulatedCapacity | null = null;
  if (sim !== null) {
    const s = sim;
    const cache = new Map<number, { value: number; lower: number; upper: number }>();
    const tail = async (l: number) => {
      const hit = cache.get(l);
      if (hit) return hit;
      const r = await simulateRequests({ pipeline: p, lambda: l, ...base, requests: s.requests, seed: s.seed, confidence: s.confidence, workers: s.workers, times: [deadline], quantiles: [], signal });
      const t = r.endToEnd.tails[0];
      const out = { value: t.value, lower: t.lower, upper: t.upper };
      cache.set(l, out);
      return out;
    };
    const simTol = Math.max(tol, 1e-2);
    const est = await bisect(limit, simTol, async (l) => (await tail(l)).value <= epsilon);
    const lower = await bisect(limit, simTol, async (l) => (await tail(l)).upper <= epsilon);
    const upper = await bisect(limit, simTol, async (l) => (await tail(l)).lower <= epsilon);
    simulated = Object.freeze({ lambda: est, lower, upper, requests: s.requests, seed: s.seed, confidence: s.confidence, runs: cache.size });
  }
  return Object.freeze({
    deadline,
    epsilon,
    stabilityLimit: limit,
    lambda,
    probability: at === null ? 1 : at.probability,
    method: at === null ? "none" : at.method,
    simulated,
  });
}
