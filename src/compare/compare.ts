/**
 * When does collaboration win? The paper answers with mean latencies, (13) and (14); with
 * queueing (M/G/1 mean sojourn at an arrival rate λ) the answer can change, because the
 * paradigm with the shortest service may still saturate first; and the delay a user
 * decides on — the one most requests meet — can rank them differently again. This module
 * asks the question every way on one scenario (docs/model.md §5): by mean latency, by M/G/1
 * mean sojourn, and by the delay tail in a delay model (the request-level response time by
 * default, docs/model.md §9; the paper's fluid virtual delay on request, docs/model.md §4):
 * the delay quantile at ε and, given a deadline, who misses it least.
 *
 * @module
 */

import { mg1 } from "../queueing/index.js";
import { asCaller as relabel, atMost, inOpen, invalid, positiveInteger, nonNegative, options, positive, show } from "../util/validate.js";
import {
  DEFAULT_DELAY_MODEL,
  DELAY_MODELS,
  type DelayModel,
  type DelayQuantile,
  type DelayViolation,
  violationBound,
  violationQuantile,
} from "../scenario/index.js";
import {
  PARADIGM_KEYS,
  PARADIGM_LABELS,
  type ParadigmKey,
  type ParadigmParams,
  collaborativeBeatsEdgeOnly,
  collaborativeBeatsTerminalOnly,
  paradigms,
  pipelineLatency,
  savings,
  serviceDistribution,
  type Condition,
  type Pipeline,
} from "../pipeline/index.js";

// The paradigm keys and labels belong to the pipeline module (Table 2's paradigms);
// re-exported here, where they were first published.
export { PARADIGM_KEYS, PARADIGM_LABELS, type ParadigmKey };

/** One paradigm under M/G/1 at arrival rate λ. */
export interface ParadigmQueueing {
  /** Mean end-to-end service time E[S] = Table 2 latency (s). */
  readonly latency: number;
  /** Utilisation ρ = λE[S]. */
  readonly rho: number;
  /** Whether the queue is stable, ρ < 1; when false the wait and sojourn are Infinity. */
  readonly stable: boolean;
  /** Largest stable arrival rate 1/E[S] (requests/s). */
  readonly maxStableRate: number;
  /** E[W] (s), Infinity when unstable. */
  readonly meanWait: number;
  /** E[T] = E[W] + E[S] (s), Infinity when unstable. */
  readonly meanSojourn: number;
}

/** Options of {@link compareParadigms}: the delay-tail criterion. */
export interface CompareOptions {
  /** The delay model of the tail criterion (default the scenario layer's `DEFAULT_DELAY_MODEL`, `"request"`). */
  readonly model?: DelayModel;
  /** ε of the delay quantile: the delay exceeded by a fraction ε of requests (default 1e-3). */
  readonly epsilon?: number;
  /** A deadline in seconds: also rank by P(delay > deadline) (default none). */
  readonly deadlineSeconds?: number;
  /** Slot length Δ in seconds, required by the `"fluid"` model (not used by `"request"`). */
  readonly slotSeconds?: number;
  /** `false` skips the delay-tail criterion (means only: `delay` is null). Default true. */
  readonly tail?: boolean;
}

/**
 * The paradigms ranked by their delay tail in one delay model. In the request model a value
 * is exact where the pipeline's shape allows (`exact: true` on it) and otherwise a valid
 * upper bound; in the fluid model it is the paper's slotted SNC bound.
 */
export interface DelayTailComparison {
  /** The delay model the values are in. */
  readonly model: DelayModel;
  /** ε of the quantiles. */
  readonly epsilon: number;
  /** Each paradigm's delay quantile at ε (seconds; Infinity when unstable), with model, exactness and route. */
  readonly quantiles: Readonly<Record<ParadigmKey, DelayQuantile>>;
  /** The paradigm with the smallest quantile at ε; `null` when none is finite. */
  readonly winnerByQuantile: ParadigmKey | null;
  /** The deadline asked for (seconds), or null. */
  readonly deadlineSeconds: number | null;
  /** Each paradigm's P(delay > deadline) (exact or an upper bound), or null without a deadline. */
  readonly violations: Readonly<Record<ParadigmKey, DelayViolation>> | null;
  /** Who wins at the deadline: the smallest probability below 1; null without a deadline or when every value is 1. */
  readonly winnerAtDeadline: ParadigmKey | null;
}

/** Result of {@link compareParadigms}. */
export interface ParadigmComparison {
  /** The arrival rate λ compared at (requests/s). */
  readonly lambda: number;
  /** Latency and M/G/1 figures of each paradigm at λ. */
  readonly paradigms: Readonly<Record<ParadigmKey, ParadigmQueueing>>;
  /** Fastest by mean latency (Table 2, (13)/(14)). */
  readonly winnerByLatency: ParadigmKey;
  /** Smallest M/G/1 mean sojourn at λ; `null` when no paradigm is stable. */
  readonly winnerBySojourn: ParadigmKey | null;
  /** The delay-tail criterion in its model (null with `tail: false`, or at λ = 0 in the request model: no arrivals, no response time). */
  readonly delay: DelayTailComparison | null;
  /** Paper (13): collaborative beats edge-only. */
  readonly beatsEdgeOnly: Condition;
  /** Paper (14): collaborative beats terminal-only. */
  readonly beatsTerminalOnly: Condition;
  /** η_T and η_J. */
  readonly savings: {
    /** Latency saving against edge-only, η_T = (T_edge − T_split)/T_edge (dimensionless, < 1; negative when the split is slower). */
    readonly etaT: number;
    /** Downlink bits saved, η_J = (J_img − J_dl)/J_img (dimensionless). */
    readonly etaJ: number;
  };
}

function argmin(values: Record<ParadigmKey, number>): ParadigmKey | null {
  let best: ParadigmKey | null = null;
  for (const k of PARADIGM_KEYS) {
    if (!Number.isFinite(values[k])) continue;
    if (best === null || values[k] < values[best]) best = k;
  }
  return best;
}

/**
 * Compares the three paradigms by mean latency ((13)/(14)), by M/G/1 mean sojourn at
 * arrival rate λ (each paradigm one FIFO server whose service time is its pipeline's
 * end-to-end time, docs/model.md §3), and by their delay tail in a delay model: the
 * quantile at ε and, given `deadlineSeconds`, who wins at that deadline. The default model
 * is the response time of an atomic request, store-and-forward, FIFO (docs/model.md §9);
 * `model: "fluid"` (with `slotSeconds`) gives the paper's slotted virtual delay.
 *
 * Cost: the request model analyses each stable paradigm once (typically 0.05–1 s each).
 *
 * @param params - paradigm parameters (see `paradigms`)
 * @param lambda - arrival rate λ (requests/s), ≥ 0
 * @param opts - {@link CompareOptions}
 * @throws RangeError for a negative or non-finite λ, invalid paradigm parameters, an unknown
 *   model, ε outside (0, 1), a negative deadline, or a missing slotSeconds in the fluid model
 * @example
 * ```ts
 * const c = compareParadigms(paperScenario.params, 0.5, { deadlineSeconds: 5 });
 * c.winnerByLatency; // "collaborative"
 * c.paradigms.edgeOnly.maxStableRate; // ≈ 0.891 requests/s
 * c.delay?.model; // "request"
 * c.delay?.quantiles.collaborative.seconds; // ≈ 5.1645 (a bound, method "head")
 * c.delay?.winnerAtDeadline; // "collaborative"
 * ```
 */
export function compareParadigms(params: ParadigmParams, lambda: number, opts: CompareOptions = {}): ParadigmComparison {
  const fn = "compareParadigms";
  const lam = nonNegative(fn, "lambda", lambda);
  const o = options<CompareOptions>(fn, "opts", opts);
  const model = o.model === undefined ? DEFAULT_DELAY_MODEL : o.model;
  if (!DELAY_MODELS.includes(model)) invalid(fn, "opts.model", DELAY_MODELS.map((m) => `"${m}"`).join(" or "), model);
  const epsilon = inOpen(fn, "opts.epsilon", o.epsilon === undefined ? 1e-3 : o.epsilon, 0, 1);
  const deadline = o.deadlineSeconds === undefined ? null : nonNegative(fn, "opts.deadlineSeconds", o.deadlineSeconds);
  if (o.tail !== undefined && typeof o.tail !== "boolean") throw new TypeError(`${fn}: opts.tail must be a boolean, got ${show(o.tail)}`);
  if (model === "fluid" && o.slotSeconds === undefined && o.tail !== false) invalid(fn, "opts.slotSeconds", 'a slot length Δ > 0 in seconds (the "fluid" delay model requires it)', undefined);
  const slotSeconds = o.slotSeconds === undefined ? undefined : positive(fn, "opts.slotSeconds", o.slotSeconds);
  const tail = o.tail === false || (model === "request" && lam === 0) ? null : { model, epsilon, deadline, slotSeconds };
  return compareAt(fn, params, lam, tail);
}

interface TailSpec {
  model: DelayModel;
  epsilon: number;
  deadline: number | null;
  slotSeconds: number | undefined;
}

const PIPELINE_CALLEES = /^(paradigms|collaborativeBeatsEdgeOnly|collaborativeBeatsTerminalOnly|savings|violationBound|violationQuantile): /;

/**
 * Runs pipeline-layer calls on the caller's `params`: their argument errors ("paradigms:
 * params.edgeFlops …") are rethrown under the caller's name with the same type and field,
 * because `params` is the caller's own argument (the pipeline module is a separate layer
 * whose public functions name themselves).
 */
function asCaller<T>(fn: string, f: () => T): T {
  return relabel(fn, f, PIPELINE_CALLEES);
}

function delayTail(fn: string, ps: Readonly<Record<ParadigmKey, Pipeline>>, lam: number, t: TailSpec): DelayTailComparison {
  const load = t.slotSeconds === undefined ? { lambda: lam } : { lambda: lam, slotSeconds: t.slotSeconds };
  const opts = { model: t.model };
  const quantiles = {} as Record<ParadigmKey, DelayQuantile>;
  const violations = {} as Record<ParadigmKey, DelayViolation>;
  for (const k of PARADIGM_KEYS) {
    quantiles[k] = asCaller(fn, () => violationQuantile(ps[k], load, t.epsilon, opts));
    if (t.deadline !== null) {
      const d = t.deadline;
      violations[k] = asCaller(fn, () => violationBound(ps[k], load, d, opts));
    }
  }
  const seconds = {} as Record<ParadigmKey, number>;
  const missed = {} as Record<ParadigmKey, number>;
  for (const k of PARADIGM_KEYS) {
    seconds[k] = quantiles[k].seconds;
    // A probability of 1 (unstable, or a vacuous bound) says nothing: it cannot make a paradigm win.
    missed[k] = t.deadline !== null && violations[k].probability < 1 ? violations[k].probability : Infinity;
  }
  return Object.freeze({
    model: t.model,
    epsilon: t.epsilon,
    quantiles: Object.freeze(quantiles),
    winnerByQuantile: argmin(seconds),
    deadlineSeconds: t.deadline,
    violations: t.deadline === null ? null : Object.freeze(violations),
    winnerAtDeadline: t.deadline === null ? null : argmin(missed),
  });
}

function compareAt(fn: string, params: ParadigmParams, lam: number, tail: TailSpec | null = null): ParadigmComparison {
  const ps = asCaller(fn, () => paradigms(params));
  const rows = {} as Record<ParadigmKey, ParadigmQueueing>;
  for (const k of PARADIGM_KEYS) {
    const latency = pipelineLatency(ps[k]).total;
    const q = mg1(lam, serviceDistribution(ps[k]));
    rows[k] = Object.freeze({
      latency,
      rho: q.rho,
      stable: q.stable,
      maxStableRate: 1 / latency,
      meanWait: q.meanWait,
      meanSojourn: q.meanSojourn,
    });
  }
  return Object.freeze({
    lambda: lam,
    paradigms: Object.freeze(rows),
    winnerByLatency: argmin({ collaborative: rows.collaborative.latency, edgeOnly: rows.edgeOnly.latency, terminalOnly: rows.terminalOnly.latency })!,
    winnerBySojourn: argmin({
      collaborative: rows.collaborative.meanSojourn,
      edgeOnly: rows.edgeOnly.meanSojourn,
      terminalOnly: rows.terminalOnly.meanSojourn,
    }),
    delay: tail === null ? null : delayTail(fn, ps, lam, tail),
    beatsEdgeOnly: asCaller(fn, () => collaborativeBeatsEdgeOnly(params)),
    beatsTerminalOnly: asCaller(fn, () => collaborativeBeatsTerminalOnly(params)),
    savings: asCaller(fn, () => savings(params)),
  });
}

/**
 * The arrival rates at which the M/G/1 winner differs from the mean-latency winner, on a
 * grid of `points` rates in (0, max stable rate of the fastest paradigm) — the case the
 * paper's (13)/(14) cannot see. Returns the grid with the winner at each rate.
 *
 * When a paradigm has zero latency (all its work and payload 0) its max stable rate is
 * infinite; the grid then spans the largest finite max stable rate of the others (or
 * 1 request/s if all three have zero latency), where the zero-latency paradigm wins.
 *
 * @param params - paradigm parameters
 * @param points - grid size, a positive integer (default 64)
 * @throws RangeError/TypeError naming `sojournWinnerSweep` for a bad `points` (a positive
 *   integer ≤ 100 000, the work limit) or invalid paradigm parameters
 * @example
 * ```ts
 * sojournWinnerSweep(paperScenario.params).some((r) => r.winner !== "collaborative"); // false
 * ```
 */
export function sojournWinnerSweep(
  params: ParadigmParams,
  points = 64,
): readonly {
  /** Grid arrival rate λ (requests/s), in (0, max stable rate of the fastest paradigm). */
  readonly lambda: number;
  /** Paradigm with the smallest M/G/1 mean sojourn at λ; `null` when none is stable. */
  readonly winner: ParadigmKey | null;
}[] {
  const fn = "sojournWinnerSweep";
  const n = atMost(fn, "points", positiveInteger(fn, "points", points), 100_000, "three M/G/1 queues per point");
  const ps = asCaller(fn, () => paradigms(params));
  // A paradigm with zero latency (no work, no payload) is stable at every rate, so its
  // 1/latency = ∞ cannot bound the grid: the grid spans the largest finite max stable rate
  // (the zero-latency paradigm wins all along it), or 1 request/s when every paradigm has
  // zero latency.
  const finiteRates = PARADIGM_KEYS.map((k) => 1 / pipelineLatency(ps[k]).total).filter((r) => Number.isFinite(r));
  const maxRate = finiteRates.length > 0 ? Math.max(...finiteRates) : 1;
  const out = [];
  for (let i = 1; i <= n; i++) {
    const lambda = maxRate * (i / (n + 1)); // i/(n+1) < 1 first: maxRate·i may overflow
    out.push(Object.freeze({ lambda, winner: compareAt(fn, params, lambda).winnerBySojourn }));
  }
  return Object.freeze(out);
}
