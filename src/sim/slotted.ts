/**
 * Monte Carlo check of the slotted SNC model (docs/model.md §4, §7): virtual-delay violation
 * frequencies per delay threshold T0, end to end and per stage.
 *
 * @module
 */

import { slotScaleKernel } from "../channel/rayleigh.js";
import type { Pipeline } from "../pipeline/types.js";
import type { Rng } from "../random/rng.js";
import { pipelineService } from "../snc/services.js";
import { abortSignal, asCaller, confidenceLevel, finiteArray, invalid, options, positive, positiveInteger, requireNumber, seedValue, show } from "../util/validate.js";
import { given } from "./options.js";
import { defaultWarmup, MAX_ARRIVALS, MAX_PENDING_RECORDS, MAX_PENDING_STEPS, MAX_SLOT_STEPS, planChunks } from "./plan.js";
import { progressSink, type ReplicationOptions } from "./progress.js";
import { runChunks } from "./run.js";
import {
  type SlotProcess,
  type SlotProcessSpec,
  type SlottedChunkResult,
  type SlottedTask,
  buildSlotProcess,
  slottedChunkSteps,
} from "./slotted-kernel.js";
import { type Estimate, batchMeansEstimate, probabilityEstimate } from "./stats.js";

/** Anything with a per-slot generator: an `ArrivalProcess` or `StageService` of the snc module. */
export interface SlotSampler {
  /** Process tag; `"poisson"` arrivals and `"constant"` services are rebuilt by the simulator itself (also in workers). */
  readonly kind?: string;
  /** Stage name used in the per-stage results (default "stage i"). */
  readonly name?: string;
  /** Mean per slot (requests per slot); read for `kind: "poisson"` arrivals. */
  readonly meanPerSlot?: number;
  /** Process parameters; for `kind: "constant"`, `perSlot` (requests per slot, ≥ 0) and `floor` (boolean). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** A per-slot generator drawing from `rng`: each call returns one slot's amount (requests per slot, ≥ 0). */
  sampler(rng: Rng): () => number;
}

/** Options of {@link simulateSlotted}. Give either `stages` or `pipeline` (+ `slotSeconds`). */
export interface SimulateSlottedOptions extends ReplicationOptions {
  /** Per-slot arrivals (requests per slot), e.g. the snc module's `poissonArrivals(λΔ)`. */
  readonly arrivals: SlotSampler;
  /** Stages in order, each with a per-slot service (requests per slot). */
  readonly stages?: readonly SlotSampler[];
  /**
   * A pipeline instead of `stages`: its stages as the snc module's `pipelineService` makes
   * them (the one mapping the bounds use too) — compute stage → constant `c = Δ/(O/f)`
   * requests per slot; transfer stage over a `rayleighLink` → per-slot service
   * `(1−ξ)B·log2(1+γ̄X)·Δ/J`, X ~ Exp(1) i.i.d. per slot; over any other link → constant
   * `Δ/(J/R_eff)`; a stage with an attached `distribution` → constant `Δ/E[S]`.
   */
  readonly pipeline?: Pipeline;
  /** Slot length Δ in seconds (required with `pipeline`). */
  readonly slotSeconds?: number;
  /**
   * Whole requests (the paper's (7)/(8)) for pipeline stages: constant stages serve ⌊cτ⌋
   * over the first τ slots (⌊c(u+1)⌋ − ⌊cu⌋ in slot u), Rayleigh stages ⌊RΔ/J⌋ per slot.
   * Default false (fluid).
   */
  readonly floor?: boolean;
  /** Observed slots (warm-up excluded), a positive integer. */
  readonly slots: number;
  /** Delay thresholds T0 in slots (non-negative integers). Default [0, 1, 2, 5, 10, 20]. */
  readonly delays?: readonly number[];
  /** Slots discarded at the start of every chunk. Default a tenth of a chunk, at most 20 000; must be < slots. */
  readonly warmup?: number;
  /** Worker threads (Node only), a positive integer. Default 1. Used when every process is one the simulator can rebuild (else the run stays in the calling thread). */
  readonly workers?: number;
}

/** Violation frequency P(W > T0) of the virtual delay, with its interval. */
export interface ViolationEstimate extends Estimate {
  /** The threshold T0 in slots. */
  readonly delay: number;
}

/** Per-stage violation frequencies (stage i's input is stage i−1's output, same slot). */
export interface StageViolations {
  /** The stage's name (pipeline stage name, `StageService.name`, or "stage i"). */
  readonly name: string;
  /** P(W_i(t) > T0) per T0 for this stage's own virtual delay. */
  readonly violations: readonly ViolationEstimate[];
}

/** Result of {@link simulateSlotted}; delays in slots, counts in requests. Frozen. */
export interface SlottedSimResult {
  /** Observed slots (warm-up excluded). */
  readonly slots: number;
  /** Warm-up slots per chunk. */
  readonly warmup: number;
  /** Independent replications the run was cut into (by its length only). */
  readonly chunks: number;
  /** The seed; chunk k used `rng(seed, k)`. */
  readonly seed: number;
  /** Two-sided level of every interval. */
  readonly confidence: number;
  /** Threads actually used (1 when a process cannot be rebuilt in a worker). */
  readonly workersUsed: number;
  /** Mean arrivals per slot (requests). */
  readonly arrivalsPerSlot: Estimate;
  /** Mean end-to-end backlog at the start of a slot (requests). */
  readonly backlog: Estimate;
  /** End-to-end P(W(t) > T0) per T0, W the virtual delay in slots. */
  readonly endToEnd: readonly ViolationEstimate[];
  /** The same per stage, in pipeline order. */
  readonly stages: readonly StageViolations[];
}

const FN = "simulateSlotted";

interface Resolved {
  readonly process: SlotProcess;
  readonly spec: SlotProcessSpec | null;
  readonly name: string;
}

function checkSampler(param: string, x: unknown): SlotSampler {
  const o = x as SlotSampler;
  if (o === null || typeof o !== "object" || typeof o.sampler !== "function") {
    throw new TypeError(`${FN}: ${param} must be an object with a sampler(rng) method, got ${show(x)}`);
  }
  return o;
}

/**
 * A recognised process is simulated from its parameters by the simulator's own sampler, in
 * the calling thread and in workers alike (so both give the same numbers): the snc
 * module's `poissonArrivals` (kind "poisson", meanPerSlot), `constantService` (kind
 * "constant", params.perSlot, params.floor) and `rayleighService` on a `rayleighLink` (kind
 * "rayleigh", the link's meanSnr, bandwidthHz and controlOverhead in its params). Anything
 * else runs its own sampler in the calling thread.
 */
function resolveArrivals(a: SlotSampler): Resolved {
  const mean = a.meanPerSlot;
  if (a.kind === "poisson" && typeof mean === "number" && Number.isFinite(mean) && mean >= 0) {
    const spec: SlotProcessSpec = { type: "poisson", mean };
    return { process: buildSlotProcess(spec), spec, name: "arrivals" };
  }
  return { process: a, spec: null, name: "arrivals" };
}

function resolveService(x: SlotSampler, i: number): Resolved {
  const name = typeof x.name === "string" ? x.name : `stage ${i + 1}`;
  const p = x.params ?? {};
  const c = num(p.perSlot);
  if (x.kind === "constant" && c !== undefined && c >= 0 && (p.floor === undefined || typeof p.floor === "boolean")) {
    const spec: SlotProcessSpec = { type: "constant", value: c, floor: p.floor === true };
    return { process: buildSlotProcess(spec), spec, name };
  }
  // A rayleighService on a rayleighLink carries the link's parameters (snc services.ts).
  const [snr, bandwidth, overhead, slot, bits] = [p.meanSnr, p.bandwidthHz, p.controlOverhead, p.slotSeconds, p.bitsPerRequest].map(num);
  if (
    x.kind === "rayleigh" && p.linkKind === "rayleigh" && typeof p.floor === "boolean" &&
    snr !== undefined && snr > 0 && bandwidth !== undefined && bandwidth > 0 && overhead !== undefined && overhead >= 0 && overhead < 1 &&
    slot !== undefined && slot > 0 && bits !== undefined && bits > 0
  ) {
    const spec: SlotProcessSpec = { type: "rayleigh", meanSnr: snr, scale: slotScaleKernel(bandwidth, overhead, slot, bits), floor: p.floor };
    return { process: buildSlotProcess(spec), spec, name };
  }
  return { process: x, spec: null, name };
}

function num(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}

/** A pipeline's stages as the snc module's per-slot services (its one mapping, `pipelineService`), errors under this name. */
function pipelineStages(p: Pipeline, slotSeconds: number, floor: boolean): readonly SlotSampler[] {
  return asCaller(FN, () => pipelineService(p, { slotSeconds, floor }).stages, /^pipelineService: /);
}

/**
 * Simulates the slotted tandem of docs/model.md §4/§7 and estimates, for each delay threshold
 * T0, the frequency of `W(t) > T0` — the virtual delay of slot t, `A(0,t) > D(0,t+T0)` —
 * end to end and for each stage, with batch-means confidence intervals. This is the
 * quantity the SNC bound `P(D > T0) ≤ Σ_τ M_A(θ,τ)·M_net(−θ,τ+T0)` (paper (10)) bounds.
 *
 * Per slot: arrivals enter stage 1; each stage adds its input to its queue and releases
 * `min(queue, service)`; a stage's output is the next stage's input in the same slot
 * (cut-through, what the min-plus convolution assumes). Violations are decided on each
 * slot's backlog against the next T0 slots' departures (a ring buffer of max(T0) slots),
 * never on long cumulative sums, whose rounding drift fakes violations when the system is
 * empty. Chunks are independent replications (`rng(seed, k)` for chunk k), so the result
 * does not depend on the number of workers.
 *
 * @throws RangeError naming the parameter for: slots not a positive integer, warmup ≥ slots
 * or negative, a seed that is not a safe integer, workers < 1, a negative or non-integer
 * delay, non-positive slotSeconds; and for a run beyond the work limits (docs/robustness.md):
 * slots × (stages + 1) > 1e10, slots × (stages + 1) × (1 + max delay) > 1e11 (an
 * overloaded tandem keeps that many pending slots), (stages + 1) × (max delay + 2) > 2^24
 * (ring buffers), or `arrivals.meanPerSlot` × slots > 2^53 (arrival counts exact in
 * doubles). TypeError when arrivals/stages have no `sampler`, when neither `stages` nor
 * `pipeline` (or both) is given. A sampler that returns a non-finite amount makes the
 * backlog non-finite: a RangeError after the run, never a NaN result.
 * @example
 * ```ts
 * import { constantService, poissonArrivals } from "edgecalc";
 * const r = await simulateSlotted({
 *   arrivals: poissonArrivals(1), stages: [constantService(1.5)], slots: 1e5, delays: [2, 5], seed: 3,
 * });
 * r.endToEnd[0]; // { delay: 2, value: 0.04299, lower: 0.0387, upper: 0.0473, halfWidth: 0.0043, batches: 32 }
 * r.endToEnd[1].value; // 0.00124
 * ```
 */
export async function simulateSlotted(opts: SimulateSlottedOptions): Promise<SlottedSimResult> {
  const o = options<SimulateSlottedOptions>(FN, "options", opts);
  const arrivals = resolveArrivals(checkSampler("arrivals", o.arrivals));
  let stages: Resolved[];
  if (o.pipeline !== undefined && o.stages !== undefined) {
    throw new TypeError(`${FN}: give either stages or pipeline, not both`);
  }
  if (o.pipeline !== undefined) {
    const p = o.pipeline;
    if (p === null || typeof p !== "object" || !Array.isArray(p.stages) || p.stages.length === 0) {
      throw new TypeError(`${FN}: pipeline must be a pipeline with at least one stage, got ${show(p)}`);
    }
    const slotSeconds = positive(FN, "slotSeconds", o.slotSeconds);
    const floor = given(o.floor, false);
    if (typeof floor !== "boolean") throw new TypeError(`${FN}: floor must be a boolean, got ${show(floor)}`);
    stages = pipelineStages(p, slotSeconds, floor).map((s, i) => resolveService(s, i));
  } else if (o.stages !== undefined) {
    if (!Array.isArray(o.stages) || o.stages.length === 0) invalid(FN, "stages", "a non-empty array", o.stages);
    stages = o.stages.map((s, i) => resolveService(checkSampler(`stages[${i}]`, s), i));
  } else {
    throw new TypeError(`${FN}: stages or pipeline must be given, got neither`);
  }
  const slots = positiveInteger(FN, "slots", o.slots);
  const seed = seedValue(FN, "seed", given(o.seed, 1));
  const warmup = requireNumber(FN, "warmup", given(o.warmup, defaultWarmup(slots)));
  if (!(Number.isSafeInteger(warmup) && warmup >= 0)) invalid(FN, "warmup", "a non-negative integer", warmup);
  if (warmup >= slots) invalid(FN, "warmup", `smaller than slots (${slots})`, warmup);
  const workers = positiveInteger(FN, "workers", given(o.workers, 1));
  const delaysIn = finiteArray(FN, "delays", given(o.delays, [0, 1, 2, 5, 10, 20]));
  delaysIn.forEach((d, i) => {
    if (!(Number.isSafeInteger(d) && d >= 0)) invalid(FN, `delays[${i}]`, "a non-negative integer", d);
  });
  const delays = [...new Set(delaysIn)].sort((a, b) => a - b);
  const maxDelay = delays.length > 0 ? delays[delays.length - 1] : 0;
  const tracks = stages.length + 1;
  if (tracks * (maxDelay + 2) > MAX_PENDING_RECORDS) {
    invalid(FN, `delays[${delaysIn.indexOf(maxDelay)}]`, `at most ${Math.floor(MAX_PENDING_RECORDS / tracks) - 2} slots with ${stages.length} stage(s) (memory limit: (stages + 1) × (max delay + 2) ≤ 2^24 pending slots)`, maxDelay);
  }
  if (slots * tracks > MAX_SLOT_STEPS) {
    invalid(FN, "slots", `at most ${Math.floor(MAX_SLOT_STEPS / tracks)} with ${stages.length} stage(s) (work limit: slots × (stages + 1) ≤ 1e10, ≈ 20 min on one core)`, slots);
  }
  if (slots * tracks * (1 + maxDelay) > MAX_PENDING_STEPS) {
    invalid(FN, "slots", `at most ${Math.floor(MAX_PENDING_STEPS / (tracks * (1 + maxDelay)))} with ${stages.length} stage(s) and delays up to ${maxDelay} (work limit: slots × (stages + 1) × (1 + max delay) ≤ 1e11, what an overloaded tandem costs)`, slots);
  }
  const meanArrivals = (o.arrivals as SlotSampler).meanPerSlot;
  if (typeof meanArrivals === "number" && !(meanArrivals * slots <= MAX_ARRIVALS)) {
    invalid(FN, "arrivals.meanPerSlot", `at most 2^53/slots = ${show(MAX_ARRIVALS / slots)} requests per slot (the run's arrival count must stay an exact integer in doubles)`, meanArrivals);
  }
  const confidence = confidenceLevel(FN, "confidence", given(o.confidence, 0.95));
  const signal = abortSignal(FN, "signal", o.signal);

  const plans = planChunks(slots);
  const tasks: SlottedTask[] = plans.map((p) => ({ seed, chunk: p.chunk, warmup, batchSizes: p.batchSizes, delays }));
  const specs = [arrivals.spec, ...stages.map((s) => s.spec)];
  const remote = specs.every((s) => s !== null)
    ? { kind: "slotted" as const, shared: { arrivals: arrivals.spec!, stages: stages.map((s) => s.spec!) } }
    : null;
  const model = { arrivals: arrivals.process, stages: stages.map((s) => s.process) };
  const sink = progressSink("slotted", o);
  let outcome;
  try {
    outcome = await runChunks<SlottedTask, SlottedChunkResult>(
      {
        remote,
        tasks,
        units: tasks.map((t) => t.warmup + t.batchSizes.reduce((a, b) => a + b, 0) + (delays[delays.length - 1] ?? 0)),
        steps: (task) => slottedChunkSteps(task, model),
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

  // Merge in chunk order.
  const nd = delays.length;
  const nTrack = stages.length + 1;
  const counts: number[] = [];
  const backlog: number[] = [];
  const arrived: number[] = [];
  const hits: number[][][] = Array.from({ length: nTrack }, () => delays.map(() => [] as number[]));
  for (const r of outcome.results) {
    const nb = r.counts.length;
    for (let b = 0; b < nb; b++) {
      counts.push(r.counts[b]);
      backlog.push(r.backlog[b]);
      arrived.push(r.arrivals[b]);
      for (let j = 0; j < nTrack; j++) for (let k = 0; k < nd; k++) hits[j][k].push(r.hits[(j * nb + b) * nd + k]);
    }
  }
  const violations = (j: number): readonly ViolationEstimate[] =>
    Object.freeze(delays.map((delay, k) => Object.freeze({ delay, ...probabilityEstimate(hits[j][k], counts, confidence) })));
  const arrivalsPerSlot = batchMeansEstimate(arrived, counts, confidence);
  const meanBacklog = batchMeansEstimate(backlog, counts, confidence);
  if (!(Number.isFinite(arrivalsPerSlot.value) && Number.isFinite(meanBacklog.value))) {
    throw new RangeError(`${FN}: the arrivals or service samplers produced a non-finite amount (mean arrivals per slot ${show(arrivalsPerSlot.value)}, mean backlog ${show(meanBacklog.value)}); every sampled amount must be a finite number ≥ 0`);
  }
  return Object.freeze({
    slots,
    warmup,
    chunks: outcome.results.length,
    seed,
    confidence,
    workersUsed: outcome.workersUsed,
    arrivalsPerSlot,
    backlog: meanBacklog,
    endToEnd: violations(0),
    stages: Object.freeze(stages.map((s, i) => Object.freeze({ name: s.name, violations: violations(i + 1) }))),
  });
}
