/**
 * Monte Carlo M/G/1 by the Lindley recursion (docs/model.md §7), streaming statistics only.
 *
 * @module
 */

import { isDistribution } from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { abortSignal, confidenceLevel, finiteArray, invalid, options, positive, positiveInteger, requireNumber, seedValue, show } from "../util/validate.js";
import { given } from "./options.js";
import { describeDistribution, serviceCode } from "./describe.js";
import { type MG1ChunkResult, type MG1Task, mg1ChunkSteps } from "./lindley.js";
import { defaultWarmup, MAX_MG1_STEPS, planChunks } from "./plan.js";
import { progressSink, type ReplicationOptions } from "./progress.js";
import { runChunks } from "./run.js";
import {
  type Estimate,
  HIST_BUCKETS,
  batchMeansEstimate,
  histogramBase,
  histogramQuantile,
  probabilityEstimate,
} from "./stats.js";

/** Options of {@link simulateMG1}. */
export interface SimulateMG1Options extends ReplicationOptions {
  /** Arrival rate λ (customers per second), > 0. */
  readonly lambda: number;
  /** Service-time distribution (seconds), e.g. `exponential(1)` or a pipeline's `sumOf(…)`. */
  readonly service: Distribution;
  /** Observed customers in total (warm-up excluded), a positive integer. */
  readonly customers: number;
  /**
   * Customers simulated and discarded at the start of every chunk (each chunk is an
   * independent replication that starts empty). Default: a tenth of a chunk, at most 20 000.
   * Must be smaller than `customers`.
   */
  readonly warmup?: number;
  /** Thresholds t (seconds) for P(W > t) and P(T > t). Default none. */
  readonly tails?: readonly number[];
  /** Probabilities p in (0, 1) for the quantiles of W and T. Default [0.5, 0.9, 0.99]; [] skips the histogram. */
  readonly quantiles?: readonly number[];
}

/** P(X > t) with its confidence interval. */
export interface TailEstimate extends Estimate {
  /** The threshold t in seconds. */
  readonly t: number;
}

/** A quantile read off the streaming histogram (≈0.8% bucket width, linear inside a bucket). */
export interface QuantileEstimate {
  /** Probability p. */
  readonly p: number;
  /** x with P(X ≤ x) ≈ p, seconds (0 inside the atom at zero; Infinity beyond the histogram range). */
  readonly value: number;
}

/** Result of {@link simulateMG1}. Times in seconds; frozen. */
export interface MG1SimResult {
  /** Arrival rate λ (per second), as given. */
  readonly lambda: number;
  /** ρ = λE[S] (from the distribution, not estimated). */
  readonly rho: number;
  /** ρ < 1. When false the run still happens, but W grows with the run length and the means mean nothing. */
  readonly stable: boolean;
  /** Observed customers (warm-up excluded). */
  readonly customers: number;
  /** Warm-up customers per chunk. */
  readonly warmup: number;
  /** Independent replications the run was cut into (by its length only). */
  readonly chunks: number;
  /** The seed; chunk k used `rngState(seed, k)`. */
  readonly seed: number;
  /** Two-sided level of every interval. */
  readonly confidence: number;
  /** Threads actually used (1 when `workers` was 1 or the service cannot be rebuilt in a worker). */
  readonly workersUsed: number;
  /** Mean waiting time in queue E[W] (batch means). */
  readonly wait: Estimate;
  /** Mean sojourn time E[T] = E[W + S]. */
  readonly sojourn: Estimate;
  /** Mean of the simulated service times (a sanity check against E[S]). */
  readonly service: Estimate;
  /** P(W > t) for each requested t, in order. */
  readonly waitTails: readonly TailEstimate[];
  /** P(T > t) for each requested t, T = W + S. */
  readonly sojournTails: readonly TailEstimate[];
  /** Quantiles of W for each requested p. */
  readonly waitQuantiles: readonly QuantileEstimate[];
  /** Quantiles of T for each requested p. */
  readonly sojournQuantiles: readonly QuantileEstimate[];
}

const FN = "simulateMG1";

/**
 * Simulates a stationary M/G/1 FIFO queue by the Lindley recursion
 * `W_{n+1} = max(0, W_n + S_n − A_{n+1})`, A ~ Exp(λ) (docs/model.md §7; Asmussen, *Applied
 * Probability and Queues*, 2nd ed., §III.6).
 *
 * Reports E[W], E[T] with batch-means confidence intervals, P(W > t) and P(T > t) at the
 * requested t, and quantiles from a streaming log-linear histogram — memory does not grow
 * with the run length. Exponential, deterministic, Erlang and hyperexponential service
 * run in a loop with xoshiro128** inlined; any other distribution (gamma, shifted, a
 * pipeline's `sumOf`) through `service.sample(rng)`, with the same random numbers.
 *
 * Reproducible: the run is cut into chunks by its length alone (up to 64 independent
 * replications, each starting empty and discarding `warmup` customers); chunk k uses
 * `rngState(seed, k)`; statistics are merged in chunk order. Same seed ⇒ same numbers,
 * with any number of workers and on any machine running V8 (Node, Chrome), whose
 * `Math.log` is a portable fdlibm port; other engines' `Math.log` may differ in the last
 * bit, and so may the digits far down a long run.
 *
 * Domain: any λ > 0 and any service law; ρ ≥ 1 is reported as `stable: false`.
 *
 * @throws RangeError naming the parameter for: non-positive λ, customers not a positive
 * integer, warmup not a non-negative integer or ≥ customers, a seed that is not a safe
 * integer, workers < 1 or non-integer, negative tails, quantiles outside (0, 1), confidence
 * outside (0, 1), customers × (1 + tails.length) above 1e10 (the work limit), or running sums
 * of waiting times that overflow (times on a scale near 1e300). TypeError when `service` is
 * not a distribution.
 * @example
 * ```ts
 * const r = await simulateMG1({ lambda: 0.8, service: exponential(1), customers: 1e6, seed: 7 });
 * r.wait;                  // { value: 4.0296, lower: 3.9419, upper: 4.1173, halfWidth: 0.0877, batches: 32 } (exact 4)
 * r.waitQuantiles[1];      // { p: 0.9, value: 10.46 } (exact ln 8 / 0.2 = 10.40)
 * r.rho;                   // 0.8
 * ```
 */
export async function simulateMG1(opts: SimulateMG1Options): Promise<MG1SimResult> {
  const o = options<SimulateMG1Options>(FN, "options", opts);
  const lambda = positive(FN, "lambda", o.lambda);
  if (!isDistribution(o.service)) {
    throw new TypeError(`${FN}: service must be a distribution (from edgecalc's factories), got ${show(o.service)}`);
  }
  const service = o.service;
  const customers = positiveInteger(FN, "customers", o.customers);
  const seed = seedValue(FN, "seed", given(o.seed, 1));
  const warmupIn = given(o.warmup, defaultWarmup(customers));
  const warmup = requireNumber(FN, "warmup", warmupIn);
  if (!(Number.isSafeInteger(warmup) && warmup >= 0)) invalid(FN, "warmup", "a non-negative integer", warmup);
  if (warmup >= customers) invalid(FN, "warmup", `smaller than customers (${customers})`, warmup);
  const workers = positiveInteger(FN, "workers", given(o.workers, 1));
  const tails = finiteArray(FN, "tails", given(o.tails, []), { minLength: 0 });
  tails.forEach((t, i) => {
    if (t < 0) invalid(FN, `tails[${i}]`, "≥ 0", t);
  });
  const quantiles = finiteArray(FN, "quantiles", given(o.quantiles, [0.5, 0.9, 0.99]), { minLength: 0 });
  quantiles.forEach((p, i) => {
    if (!(p > 0 && p < 1)) invalid(FN, `quantiles[${i}]`, "in (0, 1)", p);
  });
  if (customers * (1 + tails.length) > MAX_MG1_STEPS) {
    invalid(FN, "customers", `at most ${Math.floor(MAX_MG1_STEPS / (1 + tails.length))} with ${tails.length} tail(s) (work limit: customers × (1 + tails.length) ≤ 1e10, ≈ 10–50 min on one core)`, customers);
  }
  const confidence = confidenceLevel(FN, "confidence", given(o.confidence, 0.95));
  const signal = abortSignal(FN, "signal", o.signal);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw new TypeError(`${FN}: onProgress must be a function, got ${show(o.onProgress)}`);
  }

  const spec = describeDistribution(service);
  const sc = serviceCode(spec);
  const histBase = quantiles.length > 0 ? histogramBase(service.mean) : -1;
  const plans = planChunks(customers);
  const tasks: MG1Task[] = plans.map((p) => ({
    lambda,
    seed,
    chunk: p.chunk,
    warmup,
    batchSizes: p.batchSizes,
    tails: tails.slice(),
    histBase,
  }));
  const sink = progressSink("M/G/1", o);
  let outcome;
  try {
    outcome = await runChunks<MG1Task, MG1ChunkResult>(
      {
        remote: spec === null ? null : { kind: "mg1", shared: spec },
        tasks,
        units: tasks.map((t) => t.warmup + t.batchSizes.reduce((a, b) => a + b, 0)),
        steps: (task) => mg1ChunkSteps(task, sc, service),
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
  const result = merge(outcome.results, {
    lambda,
    service,
    customers,
    warmup,
    seed,
    confidence,
    tails,
    quantiles,
    histBase,
    workersUsed: outcome.workersUsed,
  });
  // Waiting times on a scale near 1e300 (a huge time unit) overflow their running sums; say
  // so instead of returning an infinite or NaN mean.
  if (!(Number.isFinite(result.wait.value) && Number.isFinite(result.sojourn.value))) {
    throw new RangeError(`${FN}: the sums of simulated waiting times overflow doubles (E[S] = ${show(service.mean)}, lambda = ${show(lambda)}, ${customers} customers); measure time in a larger unit`);
  }
  return result;
}

interface MergeContext {
  lambda: number;
  service: Distribution;
  customers: number;
  warmup: number;
  seed: number;
  confidence: number;
  tails: readonly number[];
  quantiles: readonly number[];
  histBase: number;
  workersUsed: number;
}

/** Merges chunk statistics in chunk order into the frozen result. */
function merge(results: MG1ChunkResult[], c: MergeContext): MG1SimResult {
  const counts: number[] = [];
  const sumW: number[] = [];
  const sumT: number[] = [];
  const sumS: number[] = [];
  const nt = c.tails.length;
  const tailW: number[][] = c.tails.map(() => []);
  const tailT: number[][] = c.tails.map(() => []);
  const histW = new Float64Array(HIST_BUCKETS + 3);
  const histT = new Float64Array(HIST_BUCKETS + 3);
  for (const r of results) {
    for (let b = 0; b < r.counts.length; b++) {
      counts.push(r.counts[b]);
      sumW.push(r.sumW[b]);
      sumT.push(r.sumT[b]);
      sumS.push(r.sumS[b]);
      for (let k = 0; k < nt; k++) {
        tailW[k].push(r.tailW[b * nt + k]);
        tailT[k].push(r.tailT[b * nt + k]);
      }
    }
    for (let i = 0; i < r.histW.length; i++) {
      histW[i] += r.histW[i];
      histT[i] += r.histT[i];
    }
  }
  const quantilesOf = (h: Float64Array): QuantileEstimate[] =>
    c.quantiles.map((p) =>
      Object.freeze({ p, value: histogramQuantile(p, h[0], h[1], h.subarray(3), h[2], c.histBase) }),
    );
  const tailsOf = (hits: number[][]): TailEstimate[] =>
    c.tails.map((t, k) => Object.freeze({ t, ...probabilityEstimate(hits[k], counts, c.confidence) }));
  const rho = c.lambda * c.service.mean;
  return Object.freeze({
    lambda: c.lambda,
    rho,
    stable: rho < 1,
    customers: c.customers,
    warmup: c.warmup,
    chunks: results.length,
    seed: c.seed,
    confidence: c.confidence,
    workersUsed: c.workersUsed,
    wait: batchMeansEstimate(sumW, counts, c.confidence),
    sojourn: batchMeansEstimate(sumT, counts, c.confidence),
    service: batchMeansEstimate(sumS, counts, c.confidence),
    waitTails: Object.freeze(tailsOf(tailW)),
    sojournTails: Object.freeze(tailsOf(tailT)),
    waitQuantiles: Object.freeze(quantilesOf(histW)),
    sojournQuantiles: Object.freeze(quantilesOf(histT)),
  });
}
