/**
 * A scenario's arrivals and services, and the delay analyses of a pipeline under a load —
 * the calls every consumer (command line, figures, scores, testing kit, notebooks) makes.
 * Deadlines and quantiles are in seconds here; the delay model converts to its own units
 * (the slotted model through {@link deadlineSlots}).
 *
 * The delay analyses take a `model` option and dispatch on it through one table of
 * analyses per model: `"request"` (the default) — the response time of an atomic request,
 * store-and-forward, FIFO at every resource (docs/model.md §9) — and `"fluid"` — the
 * paper's slotted virtual delay of fluid work (docs/model.md §4). A model is added as one
 * more entry of that table (and of {@link DelayModel}); callers pass `model` and never
 * change otherwise. Every result says which model produced it (`model`).
 *
 * @module
 */

import { pipelineLatency, serviceDistribution } from "../pipeline/stages.js";
import type { Pipeline } from "../pipeline/types.js";
import { mg1 } from "../queueing/mg1.js";
import type { QueueMetrics } from "../queueing/types.js";
import { type ResponseTimeBound, type ResponseTimeMethod, type ResponseTimeQuantile, responseTimeBound, responseTimeQuantile } from "../requests/bound.js";
import { type ProgressOptions } from "../sim/progress.js";
import { type RequestsSimResult, type ResponseQuantile, simulateRequests } from "../sim/requests.js";
import { simulateSlotted, type SlottedSimResult, type ViolationEstimate } from "../sim/slotted.js";
import type { Estimate } from "../sim/stats.js";
import { poissonArrivals } from "../snc/arrivals.js";
import { type BoundOptions, type BoundResult, type DelayQuantileResult, delayBound, delayBoundCurve, delayQuantile } from "../snc/bounds.js";
import { pipelineService, type TandemService } from "../snc/services.js";
import type { ArrivalProcess } from "../snc/types.js";
import { asCaller, asCallerAsync, booleanOption, finiteArray, inOpen, invalid, nonNegative, options, positive, show } from "../util/validate.js";
import { slotsOfDeadline } from "./slots.js";

/** The load a delay analysis needs besides the pipeline. A `ParadigmScenario` qualifies. */
export interface ScenarioLoad {
  /** Poisson arrival rate λ, requests per second (≥ 0; > 0 in the `"request"` model). */
  readonly lambda: number;
  /** Slot length Δ of the slotted model, seconds (> 0); required by the `"fluid"` model only. */
  readonly slotSeconds?: number;
}

/**
 * A delay model:
 * - `"request"`: the response time T of an atomic request — it visits the stages in order,
 *   store-and-forward, FIFO at every resource (docs/model.md §9); seconds, no slots;
 * - `"fluid"`: the paper's virtual delay D of fluid work at slot boundaries, cut-through
 *   stages, whole slots of Δ (docs/model.md §4, paper (6)–(12)).
 */
export type DelayModel = "request" | "fluid";

/** The delay models, in the order option checks list them. */
export const DELAY_MODELS: readonly DelayModel[] = Object.freeze(["request", "fluid"] as const);

/** The model a delay analysis uses when the caller names none: `"request"`. */
export const DEFAULT_DELAY_MODEL: DelayModel = "request";

/** Options of the delay analyses. An option of one model given to the other is refused. */
export interface DelayOptions {
  /** The delay model (default {@link DEFAULT_DELAY_MODEL}). */
  readonly model?: DelayModel;
  /** Fluid model only: the bound's form, as the snc module's `delayBound` takes it (default `"exact"`, the sum (10)). */
  readonly form?: BoundOptions["form"];
  /** Fluid model only: the paper's floored services (7)–(8), whole requests per slot (default false: fluid). */
  readonly floor?: boolean;
}

/** An upper bound on P(delay > deadline) in the fluid model. */
export interface FluidViolation {
  /** Always `"fluid"`. */
  readonly model: "fluid";
  /** The deadline asked for, seconds. */
  readonly deadlineSeconds: number;
  /** The deadline evaluated, seconds: `⌊d/Δ⌋·Δ` (≤ d; the bound holds for d, see {@link deadlineSlots}). */
  readonly evaluatedSeconds: number;
  /** Upper bound on P(D > deadline), in [0, 1] (1 when vacuous or unstable). */
  readonly probability: number;
  /** Mean arrivals per slot below the bottleneck's mean service. */
  readonly stable: boolean;
  /** The deadline in slots, `⌊d/Δ⌋`. */
  readonly slots: number;
  /** The slotted bound at those slots: θ, form, log value, truncation (the snc module's result). */
  readonly bound: BoundResult;
}

/** P(T > deadline) in the request model: exact where the pipeline's shape allows, else a valid upper bound. */
export interface RequestViolation {
  /** Always `"request"`. */
  readonly model: "request";
  /** The deadline asked for, seconds. */
  readonly deadlineSeconds: number;
  /** The deadline evaluated, seconds: the deadline itself (no slots). */
  readonly evaluatedSeconds: number;
  /** P(T > deadline) when `exact`, else an upper bound on it, in [0, 1] (1 when unstable). */
  readonly probability: number;
  /** Every shared stage has utilisation λE[S]/c < 1. */
  readonly stable: boolean;
  /** True when the probability is the response time's exact law, not a bound. */
  readonly exact: boolean;
  /** The route that gave it (`responseTimeAnalysis`'s methods). */
  readonly method: ResponseTimeMethod;
  /** The requests module's result. */
  readonly bound: ResponseTimeBound;
}

/** An upper bound on (or the exact) P(delay > deadline), by model. */
export type DelayViolation = RequestViolation | FluidViolation;

/** A delay quantile in the fluid model. */
export interface FluidQuantile {
  /** Always `"fluid"`. */
  readonly model: "fluid";
  /** The violation probability ε asked for. */
  readonly epsilon: number;
  /** The smallest deadline (seconds) whose bound is ≤ ε: `d(ε)·Δ`; Infinity when unstable or beyond the search. */
  readonly seconds: number;
  /** The bound at that deadline (≤ ε), or 1. */
  readonly probability: number;
  /** Mean arrivals per slot below the bottleneck's mean service. */
  readonly stable: boolean;
  /** The quantile in slots, d(ε). */
  readonly slots: number;
  /** The snc module's result (θ, form). */
  readonly quantile: DelayQuantileResult;
}

/** The response-time ε-quantile in the request model: exact where the shape allows, else an upper bound on it. */
export interface RequestQuantile {
  /** Always `"request"`. */
  readonly model: "request";
  /** The exceedance probability ε asked for. */
  readonly epsilon: number;
  /** The smallest t (seconds) whose P(T > t) (or bound) is ≤ ε; Infinity when unstable or no bound applies. */
  readonly seconds: number;
  /** P(T > seconds) (or its bound), ≤ ε; 1 when `seconds` is Infinity. */
  readonly probability: number;
  /** Every shared stage has utilisation < 1. */
  readonly stable: boolean;
  /** True when `seconds` is the exact ε-quantile, not a bound on it. */
  readonly exact: boolean;
  /** The route that gave it. */
  readonly method: ResponseTimeMethod;
  /** The requests module's result. */
  readonly quantile: ResponseTimeQuantile;
}

/** A delay quantile, by model. */
export type DelayQuantile = RequestQuantile | FluidQuantile;

/** The violation result of model `M` (`undefined`: the default model); a union when `M` is not known statically. */
export type ViolationOf<M extends DelayModel | undefined> = M extends "fluid" ? FluidViolation : RequestViolation;

/** The quantile result of model `M` (`undefined`: the default model). */
export type QuantileOf<M extends DelayModel | undefined> = M extends "fluid" ? FluidQuantile : RequestQuantile;

/** The simulation result of model `M` (`undefined`: the default model). */
export type SimulationOf<M extends DelayModel | undefined> = M extends "fluid" ? FluidSimulation : RequestSimulation;

/** Options of {@link simulateDelays}. */
export interface SimulateDelaysOptions extends ProgressOptions {
  /** Deadlines (seconds, ≥ 0) at which to estimate P(delay > deadline). */
  readonly deadlines: readonly number[];
  /** The delay model (default {@link DEFAULT_DELAY_MODEL}). */
  readonly model?: DelayModel;
  /** Fluid model only: floored services (default false). */
  readonly floor?: boolean;
  /** Fluid model only: observed slots (default 400 000). */
  readonly slots?: number;
  /** Request model only: observed requests (default 200 000; at most the simulator's `MAX_REQUESTS`). */
  readonly requests?: number;
  /** Request model only: exceedance probabilities p in (0, 1) whose delays to estimate (default none). */
  readonly quantiles?: readonly number[];
  /** Seed, any safe integer (default 1). */
  readonly seed?: number;
  /** Units (slots or requests) discarded at the start of each chunk (default: the simulator's). */
  readonly warmup?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly confidence?: number;
  /** Worker threads, Node only (default 1). */
  readonly workers?: number;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** A simulated P(delay > deadline) with its confidence interval. */
export interface DelayEstimate extends Estimate {
  /** The deadline asked for, seconds. */
  readonly deadlineSeconds: number;
  /** The deadline evaluated, seconds (fluid: `⌊d/Δ⌋·Δ`; request: d). */
  readonly evaluatedSeconds: number;
}

/** One stage's simulated P(delay > deadline). */
export interface StageDelayEstimates {
  /** The stage's name. */
  readonly name: string;
  /** One estimate per deadline, in the order given. */
  readonly violations: readonly DelayEstimate[];
}

/** A fluid-model simulation of a pipeline (the slotted tandem, docs/model.md §7). */
export interface FluidSimulation {
  /** Always `"fluid"`. */
  readonly model: "fluid";
  /** End-to-end P(D > deadline), one per deadline in the order given. */
  readonly endToEnd: readonly DelayEstimate[];
  /** The same per stage, in pipeline order (stage i's input is stage i−1's output). */
  readonly stages: readonly StageDelayEstimates[];
  /** The simulator's own result (slots, chunks, workers used, backlog…). */
  readonly run: SlottedSimResult;
}

/** A request-level simulation of a pipeline (`simulateRequests`, docs/model.md §9.2). */
export interface RequestSimulation {
  /** Always `"request"`. */
  readonly model: "request";
  /** End-to-end P(T > deadline), one per deadline in the order given. */
  readonly endToEnd: readonly DelayEstimate[];
  /** The delays exceeded with probability p (seconds, with intervals), one per `quantiles` entry. */
  readonly quantiles: readonly ResponseQuantile[];
  /** The simulator's own result (mean response, per-stage waits and services, requests, workers used…). */
  readonly run: RequestsSimResult;
}

/** A simulation of a pipeline's delays, by model. */
export type DelaySimulation = RequestSimulation | FluidSimulation;

/** One delay model's analyses; the entry points validate their arguments first. */
interface ModelAnalyses {
  /** `param(i)` names deadline i in messages. */
  bound(pipeline: Pipeline, load: ScenarioLoad, deadlines: readonly number[], param: (i: number) => string, o: DelayOptions, curve: boolean): DelayViolation[];
  quantile(pipeline: Pipeline, load: ScenarioLoad, epsilon: number, o: DelayOptions): DelayQuantile;
  simulate(pipeline: Pipeline, load: ScenarioLoad, deadlines: readonly number[], o: SimulateDelaysOptions): Promise<DelaySimulation>;
}

// ---------------------------------------------------------------------------------------
// Arrivals and services of a scenario.
// ---------------------------------------------------------------------------------------

/**
 * A load checked under `fn` for a delay model: λ ≥ 0 (> 0 for `"request"`), and for
 * `"fluid"` Δ > 0 (required) and a finite λΔ; a Δ given to `"request"` is checked too but
 * not used. `prefix` names the fields in messages ("scenario." → `scenario.lambda`; ""
 * when λ and Δ are the caller's own parameters). @internal
 */
export function checkLoad(fn: string, load: unknown, prefix = "scenario.", model: DelayModel = "fluid"): ScenarioLoad {
  if (load === null || typeof load !== "object" || Array.isArray(load)) {
    throw new TypeError(`${fn}: ${prefix.replace(/\.$/, "") || "scenario"} must be { lambda, slotSeconds? } (a scenario qualifies), got ${show(load)}`);
  }
  const l = load as ScenarioLoad;
  const lambda = nonNegative(fn, `${prefix}lambda`, l.lambda);
  if (model === "request") {
    if (lambda === 0) invalid(fn, `${prefix}lambda`, 'a number > 0 in the "request" delay model (a response time needs arrivals; model "fluid" takes λ = 0)', lambda);
    if (l.slotSeconds !== undefined) positive(fn, `${prefix}slotSeconds`, l.slotSeconds);
    return { lambda };
  }
  if (l.slotSeconds === undefined) invalid(fn, `${prefix}slotSeconds`, 'a slot length Δ > 0 in seconds (the "fluid" delay model requires it)', undefined);
  const slotSeconds = positive(fn, `${prefix}slotSeconds`, l.slotSeconds);
  if (!Number.isFinite(lambda * slotSeconds)) invalid(fn, `${prefix}lambda·${prefix}slotSeconds`, "finite (it overflows)", `${lambda}·${slotSeconds}`);
  return { lambda, slotSeconds };
}

/** The slot length of a load checked for `"fluid"` (present by then). */
const slotOf = (load: ScenarioLoad): number => load.slotSeconds as number;

/**
 * The arrivals of a scenario in the slotted model: Poisson, `λΔ` requests per slot on
 * average (paper (6)).
 *
 * @param scenario - `{ lambda, slotSeconds }` (a scenario qualifies)
 * @returns the snc module's arrival process
 * @throws TypeError for a non-object; RangeError for λ < 0, Δ ≤ 0 or an overflowing λΔ
 * @example
 * ```ts
 * scenarioArrivals(paperScenario).meanPerSlot; // 0.05
 * ```
 */
export function scenarioArrivals(scenario: ScenarioLoad): ArrivalProcess {
  const l = checkLoad("scenarioArrivals", scenario);
  return poissonArrivals(l.lambda * slotOf(l));
}

/**
 * A pipeline's service in the slotted model: its stages as a tandem of per-slot services
 * (the snc module's `pipelineService` with the scenario's slot).
 *
 * @param pipeline - the pipeline
 * @param scenario - `{ lambda, slotSeconds }` (a scenario qualifies; λ is not used)
 * @param opts - `{ floor }`: the paper's floored forms (7)–(8) (default false)
 * @returns the tandem service
 * @throws TypeError/RangeError naming the argument for a bad pipeline, slot or option
 * @example
 * ```ts
 * scenarioService(paradigms(paperScenario.params).collaborative, paperScenario).stages.length; // 3
 * ```
 */
export function scenarioService(pipeline: Pipeline, scenario: ScenarioLoad, opts: { readonly floor?: boolean } = {}): TandemService {
  const fn = "scenarioService";
  const slotSeconds = slotOf(checkLoad(fn, scenario));
  const o = options<{ floor?: boolean }>(fn, "opts", opts);
  const floor = booleanOption(fn, "opts.floor", o.floor, false);
  return asCaller(fn, () => pipelineService(pipeline, { slotSeconds, floor }));
}

/**
 * The pipeline as one M/G/1 queue at λ: Poisson arrivals, one request in service end to end,
 * service time the sum of its stages' laws (docs/model.md §3, paper (3)–(5)).
 *
 * @param pipeline - the pipeline
 * @param lambda - arrival rate λ ≥ 0, requests per second
 * @returns the queue's metrics (an unstable queue is `stable: false`)
 * @throws TypeError/RangeError naming the argument
 * @example
 * ```ts
 * pipelineMg1(paradigms(paperScenario.params).collaborative, 0.5).meanSojourn; // ≈ 1.693
 * ```
 */
export function pipelineMg1(pipeline: Pipeline, lambda: number): QueueMetrics {
  const fn = "pipelineMg1";
  const lam = nonNegative(fn, "lambda", lambda);
  return asCaller(fn, () => mg1(lam, serviceDistribution(pipeline)));
}

/**
 * A pipeline's mean latency: the sum of its stages' mean times (Table 2), seconds.
 *
 * @param pipeline - the pipeline
 * @returns seconds
 * @throws TypeError/RangeError naming the argument for a bad pipeline
 * @example
 * ```ts
 * meanLatency(paradigms(paperScenario.params).edgeOnly); // ≈ 1.122
 * ```
 */
export function meanLatency(pipeline: Pipeline): number {
  return asCaller("meanLatency", () => pipelineLatency(pipeline).total);
}

// ---------------------------------------------------------------------------------------
// The fluid model: the paper's slotted SNC bounds and the slotted simulator.
// ---------------------------------------------------------------------------------------



/** The fluid options; `form` is checked by the snc bound it is passed to (the one list of forms). */
function fluidOptions(fn: string, o: DelayOptions): { form: NonNullable<BoundOptions["form"]>; floor: boolean } {
  return { form: o.form === undefined ? "exact" : o.form, floor: booleanOption(fn, "opts.floor", o.floor, false) };
}

function fluidViolation(deadlineSeconds: number, slots: number, slotSeconds: number, bound: BoundResult): FluidViolation {
  return Object.freeze({
    model: "fluid" as const,
    deadlineSeconds,
    evaluatedSeconds: slots * slotSeconds,
    probability: bound.probability,
    stable: bound.stable,
    slots,
    bound,
  });
}

const FLUID: ModelAnalyses = {
  bound(pipeline, load, deadlines, param, o, curve) {
    const fn = curve ? "violationBoundCurve" : "violationBound";
    const { form, floor } = fluidOptions(fn, o);
    const slots = deadlines.map((d, i) => slotsOfDeadline(fn, param(i), d, slotOf(load)));
    const arrivals = poissonArrivals(load.lambda * slotOf(load));
    const service = pipelineService(pipeline, { slotSeconds: slotOf(load), floor });
    const bounds = curve ? delayBoundCurve(arrivals, service, slots, { form }) : [delayBound(arrivals, service, slots[0], { form })];
    return bounds.map((b, i) => fluidViolation(deadlines[i], slots[i], slotOf(load), b));
  },
  quantile(pipeline, load, epsilon, o) {
    const { form, floor } = fluidOptions("violationQuantile", o);
    const arrivals = poissonArrivals(load.lambda * slotOf(load));
    const q = delayQuantile(arrivals, pipelineService(pipeline, { slotSeconds: slotOf(load), floor }), epsilon, { form });
    return Object.freeze({
      model: "fluid" as const,
      epsilon,
      seconds: q.delaySlots * slotOf(load),
      probability: q.probability,
      stable: q.stable,
      slots: q.delaySlots,
      quantile: q,
    });
  },
  async simulate(pipeline, load, deadlines, o) {
    const fn = "simulateDelays";
    refuseOptions(fn, o, ["requests", "quantiles"], "fluid");
    const floor = booleanOption(fn, "opts.floor", o.floor, false);
    const slots = deadlines.map((d, i) => slotsOfDeadline(fn, `opts.deadlines[${i}]`, d, slotOf(load)));
    const passed = { seed: o.seed, warmup: o.warmup, confidence: o.confidence, workers: o.workers, signal: o.signal, onProgress: o.onProgress, progress: o.progress };
    const run = await simulateSlotted({
      // Only the options given: the simulator's own defaults apply to the others.
      ...Object.fromEntries(Object.entries(passed).filter(([, v]) => v !== undefined)),
      arrivals: poissonArrivals(load.lambda * slotOf(load)),
      pipeline,
      slotSeconds: slotOf(load),
      floor,
      slots: o.slots === undefined ? 400_000 : o.slots,
      delays: slots,
    });
    // The simulator reports each distinct slot count once, sorted: map back to the deadlines as given.
    const pick = (est: readonly ViolationEstimate[]): readonly DelayEstimate[] =>
      Object.freeze(
        deadlines.map((d, i) => {
          const { delay, ...e } = est.find((x) => x.delay === slots[i])!;
          return Object.freeze({ ...e, deadlineSeconds: d, evaluatedSeconds: delay * slotOf(load) });
        }),
      );
    return Object.freeze({
      model: "fluid" as const,
      endToEnd: pick(run.endToEnd),
      stages: Object.freeze(run.stages.map((s) => Object.freeze({ name: s.name, violations: pick(s.violations) }))),
      run,
    });
  },
};

// ---------------------------------------------------------------------------------------
// The request model: the requests module's exact law or valid bound, the request simulator.
// ---------------------------------------------------------------------------------------

/** Options that belong to the other model: given to this one they are refused, not ignored. */
function refuseOptions(fn: string, o: object, keys: readonly string[], model: DelayModel): void {
  const other = model === "request" ? "fluid" : "request";
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) invalid(fn, `opts.${k}`, `omitted in the "${model}" delay model (it applies to model "${other}")`, v);
  }
}

const REQUEST: ModelAnalyses = {
  bound(pipeline, load, deadlines, _param, o, curve) {
    refuseOptions(curve ? "violationBoundCurve" : "violationBound", o, ["form", "floor"], "request");
    // responseTimeBound memoises its analysis per pipeline object: every deadline after the first is a lookup.
    return deadlines.map((d) => {
      const b = responseTimeBound(pipeline, { lambda: load.lambda }, d);
      return Object.freeze({
        model: "request" as const,
        deadlineSeconds: d,
        evaluatedSeconds: d,
        probability: b.probability,
        stable: b.stable,
        exact: b.exact,
        method: b.method,
        bound: b,
      });
    });
  },
  quantile(pipeline, load, epsilon, o) {
    refuseOptions("violationQuantile", o, ["form", "floor"], "request");
    const q = responseTimeQuantile(pipeline, { lambda: load.lambda }, epsilon);
    const probability = Number.isFinite(q.seconds) ? responseTimeBound(pipeline, { lambda: load.lambda }, q.seconds).probability : 1;
    return Object.freeze({ model: "request" as const, epsilon, seconds: q.seconds, probability, stable: q.stable, exact: q.exact, method: q.method, quantile: q });
  },
  async simulate(pipeline, load, deadlines, o) {
    refuseOptions("simulateDelays", o, ["floor", "slots"], "request");
    const passed = { seed: o.seed, warmup: o.warmup, confidence: o.confidence, workers: o.workers, signal: o.signal, onProgress: o.onProgress, progress: o.progress };
    const run = await simulateRequests({
      // Only the options given: the simulator's own defaults apply to the others.
      ...Object.fromEntries(Object.entries(passed).filter(([, v]) => v !== undefined)),
      pipeline,
      lambda: load.lambda,
      requests: o.requests === undefined ? 200_000 : o.requests,
      times: deadlines,
      quantiles: o.quantiles === undefined ? [] : o.quantiles,
    });
    return Object.freeze({
      model: "request" as const,
      endToEnd: Object.freeze(
        run.endToEnd.tails.map(({ t, ...e }, i) => Object.freeze({ ...e, deadlineSeconds: deadlines[i], evaluatedSeconds: t })),
      ),
      quantiles: run.endToEnd.quantiles,
      run,
    });
  },
};

/** The analyses of each delay model: one entry per model. */
const MODELS: Readonly<Record<DelayModel, ModelAnalyses>> = Object.freeze({ request: REQUEST, fluid: FLUID });

/** The model named by `opts.model` (default {@link DEFAULT_DELAY_MODEL}), checked under `fn`. @internal */
export function delayModelOption(fn: string, model: unknown, param = "opts.model"): DelayModel {
  const m = model === undefined ? DEFAULT_DELAY_MODEL : model;
  if (typeof m !== "string" || !Object.prototype.hasOwnProperty.call(MODELS, m)) {
    invalid(fn, param, DELAY_MODELS.map((x) => `"${x}"`).join(" or "), m);
  }
  return m as DelayModel;
}

function deadlineArg(fn: string, param: string, value: unknown): number {
  return nonNegative(fn, param, value);
}

// ---------------------------------------------------------------------------------------
// Entry points.
// ---------------------------------------------------------------------------------------

/**
 * An upper bound on the probability that a request's delay through `pipeline` exceeds a
 * deadline of d seconds, under the load's Poisson arrivals, in the chosen delay model.
 *
 * Request model (default): P(T > d) for the response time T of an atomic request,
 * store-and-forward, FIFO (docs/model.md §9.3–9.4) — the requests module's
 * `responseTimeBound`: exact where the pipeline's shape allows (`exact: true`), otherwise
 * a valid upper bound, with the route (`method`) that gave it; needs λ > 0, no slot.
 *
 * Fluid model: the paper's slotted SNC bound `P(D > T0)` (docs/model.md §4,
 * (10)–(12)) at `T0 = ⌊d/Δ⌋` slots ({@link deadlineSlots}), minimised over θ; `form` and
 * `floor` choose the bound's form and the floored services. The slotted bound's work grows
 * with the slots: beyond its work limit (docs/robustness.md) a deadline is refused with a
 * RangeError that says so — a larger `slotSeconds` or a shorter deadline is the way out.
 *
 * @param pipeline - the pipeline (e.g. one of `paradigms(params)`)
 * @param scenario - `{ lambda, slotSeconds? }` (a scenario qualifies; `slotSeconds` is required by `"fluid"` only)
 * @param deadlineSeconds - d ≥ 0, seconds
 * @param opts - {@link DelayOptions}
 * @returns the bound with the deadline evaluated and its `model`; `stable: false` and probability 1 when unstable
 * @throws TypeError/RangeError naming the argument for a bad pipeline, load, deadline or
 *   option: an unknown model, λ = 0 in the request model, a missing slotSeconds in the fluid
 *   model, an option of the other model
 * @example
 * ```ts
 * const p = paradigms(paperScenario.params).collaborative;
 * violationBound(p, paperScenario, 6).probability; // 0.000271… (request model, method "head")
 * violationBound(p, paperScenario, 6, { model: "fluid" }).probability; // 0.0333… (60 slots of 0.1 s)
 * ```
 */
export function violationBound<M extends DelayModel | undefined = undefined>(
  pipeline: Pipeline,
  scenario: ScenarioLoad,
  deadlineSeconds: number,
  opts: DelayOptions & { readonly model?: M } = {},
): ViolationOf<M> {
  const fn = "violationBound";
  const o = options<DelayOptions>(fn, "opts", opts);
  const model = delayModelOption(fn, o.model);
  const l = checkLoad(fn, scenario, "scenario.", model);
  const d = deadlineArg(fn, "deadlineSeconds", deadlineSeconds);
  return asCaller(fn, () => MODELS[model].bound(pipeline, l, [d], () => "deadlineSeconds", o, false)[0] as ViolationOf<M>);
}

/**
 * {@link violationBound} at many deadlines, sharing work between them (one memoised
 * response-time analysis per pipeline in the request model; the snc module's
 * `delayBoundCurve` in the fluid model).
 *
 * @param pipeline - the pipeline
 * @param scenario - `{ lambda, slotSeconds? }` (a scenario qualifies)
 * @param deadlinesSeconds - deadlines ≥ 0, seconds
 * @param opts - {@link DelayOptions}
 * @returns one bound per deadline, in the order given
 * @throws as {@link violationBound}; TypeError if deadlines is not an array
 * @example
 * ```ts
 * const p = paradigms(paperScenario.params).collaborative;
 * violationBoundCurve(p, paperScenario, [4, 6]).map((v) => v.probability); // [0.00635…, 0.000271…]
 * violationBoundCurve(p, paperScenario, [4, 6], { model: "fluid" }).map((v) => v.slots); // [40, 60]
 * ```
 */
export function violationBoundCurve<M extends DelayModel | undefined = undefined>(
  pipeline: Pipeline,
  scenario: ScenarioLoad,
  deadlinesSeconds: readonly number[],
  opts: DelayOptions & { readonly model?: M } = {},
): ViolationOf<M>[] {
  const fn = "violationBoundCurve";
  const o = options<DelayOptions>(fn, "opts", opts);
  const model = delayModelOption(fn, o.model);
  const l = checkLoad(fn, scenario, "scenario.", model);
  if (!Array.isArray(deadlinesSeconds)) throw new TypeError(`${fn}: deadlinesSeconds must be an array of numbers, got ${show(deadlinesSeconds)}`);
  const ds = deadlinesSeconds.map((d, i) => deadlineArg(fn, `deadlinesSeconds[${i}]`, d));
  return asCaller(fn, () => MODELS[model].bound(pipeline, l, ds, (i) => `deadlinesSeconds[${i}]`, o, true) as ViolationOf<M>[]);
}

/**
 * The delay quantile: the smallest deadline (seconds) whose violation bound is at most ε.
 *
 * Request model (default): the requests module's `responseTimeQuantile` — the exact
 * ε-quantile of the response time where its law is exact, otherwise an upper bound on it
 * (a point of the analysis' grid).
 *
 * Fluid model: the snc module's `delayQuantile` in whole slots, times Δ (Infinity
 * beyond the slots it searches).
 *
 * @param pipeline - the pipeline
 * @param scenario - `{ lambda, slotSeconds? }` (a scenario qualifies)
 * @param epsilon - ε in (0, 1)
 * @param opts - {@link DelayOptions}
 * @returns the quantile in seconds (Infinity when unstable)
 * @throws TypeError/RangeError naming the argument
 * @example
 * ```ts
 * const p = paradigms(paperScenario.params).collaborative;
 * violationQuantile(p, paperScenario, 1e-3).seconds; // ≈ 5.1645 (request model, a bound)
 * violationQuantile(p, paperScenario, 1e-3, { model: "fluid" }).seconds; // 8.4 (84 slots)
 * ```
 */
export function violationQuantile<M extends DelayModel | undefined = undefined>(
  pipeline: Pipeline,
  scenario: ScenarioLoad,
  epsilon: number,
  opts: DelayOptions & { readonly model?: M } = {},
): QuantileOf<M> {
  const fn = "violationQuantile";
  const o = options<DelayOptions>(fn, "opts", opts);
  const model = delayModelOption(fn, o.model);
  const l = checkLoad(fn, scenario, "scenario.", model);
  const eps = inOpen(fn, "epsilon", epsilon, 0, 1);
  return asCaller(fn, () => MODELS[model].quantile(pipeline, l, eps, o) as QuantileOf<M>);
}

/**
 * Simulates a pipeline under the load and estimates P(delay > deadline) at each deadline
 * (seconds), end to end and per stage, with confidence intervals — the reference every
 * bound is checked against.
 *
 * Request model (default): the response time of requests, `simulateRequests` (docs/model.md
 * §9.2) with `requests` observed requests (default 200 000) and the deadlines as its
 * `times`; `quantiles` asks for delays exceeded with probability p.
 *
 * Fluid model: the slotted tandem's virtual delay (the simulator `simulateSlotted`,
 * docs/model.md §7), deadlines at `⌊d/Δ⌋` slots (within the simulator's memory and work
 * limits); seeded and identical for any worker count.
 *
 * @param pipeline - the pipeline
 * @param scenario - `{ lambda, slotSeconds? }` (a scenario qualifies)
 * @param opts - {@link SimulateDelaysOptions} (`deadlines` required)
 * @returns a promise of the estimates, in the order of `deadlines`
 * @throws TypeError/RangeError naming the argument (the promise rejects)
 * @example
 * ```ts
 * const p = paradigms(paperScenario.params).collaborative;
 * const req = await simulateDelays(p, paperScenario, { deadlines: [4, 6], requests: 1_000_000, seed: 1 });
 * req.endToEnd.map((e) => e.value); // [0.00615, 0.000267]
 * const fluid = await simulateDelays(p, paperScenario, { model: "fluid", deadlines: [4, 6], slots: 1_000_000, seed: 1 });
 * fluid.endToEnd.map((e) => e.value); // [0.00109, 0.000029]
 * ```
 */
export async function simulateDelays<M extends DelayModel | undefined = undefined>(
  pipeline: Pipeline,
  scenario: ScenarioLoad,
  opts: SimulateDelaysOptions & { readonly model?: M },
): Promise<SimulationOf<M>> {
  const fn = "simulateDelays";
  const o = options<SimulateDelaysOptions>(fn, "opts", opts);
  const model = delayModelOption(fn, o.model);
  const l = checkLoad(fn, scenario, "scenario.", model);
  const deadlines = finiteArray(fn, "opts.deadlines", o.deadlines).map((d, i) => deadlineArg(fn, `opts.deadlines[${i}]`, d));
  return asCallerAsync(fn, async () => (await MODELS[model].simulate(pipeline, l, deadlines, o)) as SimulationOf<M>);
}
