/**
 * When does collaboration win? The paper answers with mean latencies, (13) and (14); with
 * queueing (M/G/1 mean sojourn at an arrival rate λ) the answer can change, because the
 * paradigm with the shortest service may still saturate first. This module asks the
 * question all three ways on one scenario (docs/model.md §5).
 *
 * @module
 */

import { mg1 } from "../queueing/index.js";
import { asCaller as relabel, atMost, positiveInteger, nonNegative } from "../util/validate.js";
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
 * Compares the three paradigms by mean latency ((13)/(14)) and by M/G/1 mean sojourn at
 * arrival rate λ, each paradigm being one FIFO server whose service time is its pipeline's
 * end-to-end time (docs/model.md §3).
 *
 * @param params - paradigm parameters (see `paradigms`)
 * @param lambda - arrival rate λ (requests/s), ≥ 0
 * @throws RangeError for a negative or non-finite λ, or invalid paradigm parameters
 * @example
 * ```ts
 * const c = compareParadigms(paperScenario.params, 0.5);
 * c.winnerByLatency; // "collaborative"
 * c.paradigms.edgeOnly.maxStableRate; // ≈ 0.891 requests/s
 * ```
 */
export function compareParadigms(params: ParadigmParams, lambda: number): ParadigmComparison {
  return compareAt("compareParadigms", params, nonNegative("compareParadigms", "lambda", lambda));
}

const PIPELINE_CALLEES = /^(paradigms|collaborativeBeatsEdgeOnly|collaborativeBeatsTerminalOnly|savings): /;

/**
 * Runs pipeline-layer calls on the caller's `params`: their argument errors ("paradigms:
 * params.edgeFlops …") are rethrown under the caller's name with the same type and field,
 * because `params` is the caller's own argument (the pipeline module is a separate layer
 * whose public functions name themselves).
 */
function asCaller<T>(fn: string, f: () => T): T {
  return relabel(fn, f, PIPELINE_CALLEES);
}

function compareAt(fn: string, params: ParadigmParams, lam: number): ParadigmComparison {
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
