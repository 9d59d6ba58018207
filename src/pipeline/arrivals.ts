/**
 * Request arrival processes in continuous time (docs/model.md §9.1): the stream of
 * requests offered to a pipeline, as frozen plain data that the request-level simulator
 * and bounds read. Times in seconds, rates in requests per second.
 *
 * - Poisson: i.i.d. Exp(λ) gaps.
 * - Renewal: i.i.d. gaps with any law (deterministic, Erlang, hyperexponential…).
 * - MMPP (Markov-modulated Poisson process): a continuous-time Markov chain on k states
 *   switches from state i to j at rate `switching[i][j]`; while in state i requests arrive
 *   as a Poisson process of rate `rates[i]`. The Markov on–off source is the two-state
 *   case with rates `[peakRate, 0]`.
 *
 * (The slotted processes of the snc module are a different thing: amounts per slot.)
 *
 * @module
 */

import { LuDecomposition, Matrix } from "ml-matrix";
import { isDistribution } from "../distributions/distributions.js";
import type { Distribution } from "../distributions/types.js";
import { atMost, finiteArray, invalid, nonNegative, options, positive, show } from "../util/validate.js";

/** Poisson arrivals at `rate` requests per second. */
export interface PoissonRequests {
  /** Discriminant. */
  readonly kind: "poisson";
  /** λ, requests per second (> 0). */
  readonly rate: number;
}

/** Renewal arrivals: i.i.d. gaps with law `interarrival` (seconds). */
export interface RenewalRequests {
  /** Discriminant. */
  readonly kind: "renewal";
  /** Long-run rate 1/E[gap], requests per second. */
  readonly rate: number;
  /** The law of the gap between consecutive requests (seconds, mean > 0). */
  readonly interarrival: Distribution;
}

/** Markov-modulated Poisson arrivals. */
export interface MmppRequests {
  /** Discriminant. */
  readonly kind: "mmpp";
  /** Long-run rate Σ π_i·rates[i], requests per second. */
  readonly rate: number;
  /** Poisson rate while in state i (requests per second, ≥ 0). */
  readonly rates: readonly number[];
  /** `switching[i][j]`: rate of the jump i → j (per second, ≥ 0; the diagonal is 0). */
  readonly switching: readonly (readonly number[])[];
  /** The modulating chain's stationary distribution π (πQ = 0, Σπ = 1). */
  readonly stationary: readonly number[];
}

/** A request arrival process: {@link poissonRequests}, {@link renewalRequests}, {@link mmppRequests} or {@link onOffRequests}. */
export type RequestArrivals = PoissonRequests | RenewalRequests | MmppRequests;

/** At most this many modulating states (work limit: each simulated arrival costs O(k), a bound's Perron vector O(k²) per power step). */
export const MAX_MMPP_STATES = 64;

/**
 * Poisson arrivals: exponential gaps with mean 1/rate.
 *
 * @param rate - λ in requests per second, > 0
 * @throws RangeError naming `rate` when it is not a finite number > 0
 * @example
 * ```ts
 * poissonRequests(0.5); // { kind: "poisson", rate: 0.5 }
 * ```
 */
export function poissonRequests(rate: number): PoissonRequests {
  return Object.freeze({ kind: "poisson" as const, rate: positive("poissonRequests", "rate", rate) });
}

/**
 * Renewal arrivals: i.i.d. gaps drawn from `interarrival` (seconds). `deterministic(2)` is
 * one request every 2 s (D/G/·); `erlang(4, 2)` is smoother than Poisson, a
 * hyperexponential burstier.
 *
 * @param interarrival - an edgecalc distribution with a finite mean > 0
 * @throws TypeError when `interarrival` is not a distribution; RangeError naming
 *   `interarrival.mean` when its mean is not a finite number > 0
 * @example
 * ```ts
 * renewalRequests(deterministic(2)).rate; // 0.5
 * ```
 */
export function renewalRequests(interarrival: Distribution): RenewalRequests {
  return renewal("renewalRequests", "interarrival", interarrival);
}

function renewal(fn: string, param: string, d: unknown): RenewalRequests {
  if (!isDistribution(d)) throw new TypeError(`${fn}: ${param} must be an edgecalc distribution, got ${show(d)}`);
  const mean = positive(fn, `${param}.mean`, d.mean);
  return Object.freeze({ kind: "renewal" as const, rate: 1 / mean, interarrival: d });
}

/** Options of {@link mmppRequests}. */
export interface MmppOptions {
  /** Poisson rate in each state (requests per second, ≥ 0, not all 0). */
  readonly rates: readonly number[];
  /** k × k switching rates per second: `switching[i][j]` for i ≠ j (≥ 0), diagonal 0; the chain must be irreducible. */
  readonly switching: readonly (readonly number[])[];
}

/**
 * A Markov-modulated Poisson process: a k-state continuous-time Markov chain with
 * off-diagonal generator entries `switching[i][j]` (per second); in state i requests
 * arrive at rate `rates[i]`. The long-run rate is Σ π_i·rates[i], with π the stationary
 * distribution (πQ = 0, Σπ = 1, by Gaussian elimination; Q_ii = −Σ_j switching[i][j]).
 *
 * @param opts - {@link MmppOptions}; k ≤ {@link MAX_MMPP_STATES}
 * @throws RangeError naming the field for: a rate that is negative or not finite, all rates
 *   0, a matrix that is not k × k, a negative or non-finite switching rate, a non-zero
 *   diagonal, a reducible chain, more than 64 states; TypeError for non-arrays
 * @example
 * ```ts
 * mmppRequests({ rates: [2, 0.2], switching: [[0, 1], [3, 0]] }).rate; // 1.55 = 0.75·2 + 0.25·0.2
 * ```
 */
export function mmppRequests(opts: MmppOptions): MmppRequests {
  return mmpp("mmppRequests", "", opts);
}

function mmpp(fn: string, prefix: string, opts: unknown): MmppRequests {
  const o = options<MmppOptions>(fn, prefix === "" ? "opts" : prefix.replace(/\.$/, ""), opts);
  if (!Array.isArray(o.rates)) throw new TypeError(`${fn}: ${prefix}rates must be an array of numbers, got ${show(o.rates)}`);
  const k = o.rates.length;
  if (k < 1) invalid(fn, `${prefix}rates`, "an array of at least one rate (one per state)", o.rates);
  atMost(fn, `${prefix}rates.length`, k, MAX_MMPP_STATES, "states ≤ 64: each simulated arrival costs O(k), a bound's Perron vector O(k²) per power step");
  const rates = o.rates.map((x, i) => nonNegative(fn, `${prefix}rates[${i}]`, x));
  if (!Array.isArray(o.switching)) throw new TypeError(`${fn}: ${prefix}switching must be a ${k} × ${k} array of rates, got ${show(o.switching)}`);
  if (o.switching.length !== k) invalid(fn, `${prefix}switching`, `${k} rows (one per state)`, o.switching);
  const q = o.switching.map((row, i) => {
    if (!Array.isArray(row) || row.length !== k) invalid(fn, `${prefix}switching[${i}]`, `a row of ${k} rates`, row);
    return row.map((x, j) => {
      const v = nonNegative(fn, `${prefix}switching[${i}][${j}]`, x);
      if (i === j && v !== 0) invalid(fn, `${prefix}switching[${i}][${i}]`, "0 (the rate of leaving a state is its row's sum)", v);
      return v;
    });
  });
  if (!irreducible(q)) invalid(fn, `${prefix}switching`, "an irreducible chain (every state reachable from every other)", o.switching);
  const pi = stationary(q);
  const rate = pi.reduce((s, p, i) => s + p * rates[i], 0);
  if (!(rate > 0 && Number.isFinite(rate))) invalid(fn, `${prefix}rates`, "rates whose long-run mean is a finite number > 0 (not all 0)", o.rates);
  return Object.freeze({
    kind: "mmpp" as const,
    rate,
    rates: Object.freeze(rates),
    switching: Object.freeze(q.map((row) => Object.freeze(row))),
    stationary: Object.freeze(pi),
  });
}

/** Every state reaches every other along positive switching rates (forward and backward search from state 0). */
function irreducible(q: readonly (readonly number[])[]): boolean {
  const k = q.length;
  const reach = (edge: (i: number, j: number) => boolean): boolean => {
    const seen = new Array<boolean>(k).fill(false);
    const stack = [0];
    seen[0] = true;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < k; j++) {
        if (!seen[j] && edge(i, j)) {
          seen[j] = true;
          stack.push(j);
        }
      }
    }
    return seen.every(Boolean);
  };
  return reach((i, j) => q[i][j] > 0) && reach((i, j) => q[j][i] > 0);
}

/**
 * π with πQ = 0, Σπ = 1: the linear system Qᵀπ = 0 with its last equation replaced by the
 * normalisation, solved by ml-matrix's LU decomposition with partial pivoting. (The
 * simulator's worker threads load this file too; both the built `dist/sim/worker.js` and
 * the worker graph transpiled from the sources under `node_modules/.cache` resolve the
 * package like any other module of the project.)
 */
function stationary(q: readonly (readonly number[])[]): number[] {
  const k = q.length;
  if (k === 1) return [1];
  // Two states: π = (q10, q01)/(q01 + q10) in closed form.
  if (k === 2) return [q[1][0] / (q[0][1] + q[1][0]), q[0][1] / (q[0][1] + q[1][0])];
  const out = q.map((row) => row.reduce((s, x) => s + x, 0));
  // Row j is equation j of Qᵀπ = 0 (column j of Q, its diagonal −out_j), the last row Σπ = 1.
  const a = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (__, i) => (j === k - 1 ? 1 : i === j ? -out[i] : q[i][j])));
  const b = Matrix.columnVector(Array.from({ length: k }, (_, j) => (j === k - 1 ? 1 : 0)));
  const x = new LuDecomposition(new Matrix(a)).solve(b).to1DArray();
  // Round-off can leave −1e-17 where π is tiny; π of an irreducible chain is positive.
  const clipped = x.map((v) => Math.max(v, 0));
  const sum = clipped.reduce((acc, v) => acc + v, 0);
  return clipped.map((v) => v / sum);
}

/** Options of {@link onOffRequests}. */
export interface OnOffOptions {
  /** Poisson rate while on (requests per second, > 0). */
  readonly peakRate: number;
  /** Mean length of an on period (seconds, > 0): on periods are Exp(1/meanOn). */
  readonly meanOn: number;
  /** Mean length of an off period (seconds, > 0), during which no request arrives. */
  readonly meanOff: number;
}

/**
 * A Markov on–off source: exponential on periods (mean `meanOn`) with Poisson arrivals at
 * `peakRate`, alternating with silent exponential off periods (mean `meanOff`). It is the
 * two-state {@link mmppRequests} with state 0 on, state 1 off: rates `[peakRate, 0]`,
 * switching `[[0, 1/meanOn], [1/meanOff, 0]]`; long-run rate
 * `peakRate·meanOn/(meanOn + meanOff)`.
 *
 * @param opts - {@link OnOffOptions}
 * @throws RangeError naming `peakRate`, `meanOn` or `meanOff` when it is not a finite number > 0
 * @example
 * ```ts
 * onOffRequests({ peakRate: 2, meanOn: 5, meanOff: 15 }).rate; // 0.5
 * ```
 */
export function onOffRequests(opts: OnOffOptions): MmppRequests {
  const fn = "onOffRequests";
  const o = options<OnOffOptions>(fn, "opts", opts);
  const peak = positive(fn, "peakRate", o.peakRate);
  const on = positive(fn, "meanOn", o.meanOn);
  const off = positive(fn, "meanOff", o.meanOff);
  return mmpp(fn, "", { rates: [peak, 0], switching: [[0, 1 / on], [1 / off, 0]] });
}

/**
 * Re-checks an arrival process given to an analysis (built by the factories, or written
 * by hand as `{ kind: "poisson", rate }`, `{ kind: "renewal", interarrival }` or
 * `{ kind: "mmpp", rates, switching }`) and returns it in the factories' form, with the
 * derived `rate` and `stationary` recomputed. Internal: analyses call it under their name.
 */
export function checkArrivals(fn: string, param: string, value: unknown): RequestArrivals {
  const a = value as { kind?: unknown; rate?: unknown; interarrival?: unknown };
  if (a === null || typeof a !== "object" || Array.isArray(a)) {
    throw new TypeError(`${fn}: ${param} must be an arrival process (poissonRequests, renewalRequests, mmppRequests or onOffRequests), got ${show(value)}`);
  }
  let out: RequestArrivals;
  switch (a.kind) {
    case "poisson":
      return Object.freeze({ kind: "poisson" as const, rate: positive(fn, `${param}.rate`, a.rate) });
    case "renewal":
      out = renewal(fn, `${param}.interarrival`, a.interarrival);
      break;
    case "mmpp":
      out = mmpp(fn, `${param}.`, value);
      break;
    default:
      return invalid(fn, `${param}.kind`, `"poisson", "renewal" or "mmpp"`, a.kind);
  }
  // Derived fields, when given, must be what the factory derives (a stale or corrupted copy is an error).
  if (a.rate !== undefined) {
    const r = positive(fn, `${param}.rate`, a.rate);
    if (!(Math.abs(r - out.rate) <= 1e-9 * out.rate)) invalid(fn, `${param}.rate`, `the process's long-run rate ${out.rate}`, r);
  }
  const pi = (value as { stationary?: unknown }).stationary;
  if (out.kind === "mmpp" && pi !== undefined) {
    const expected = out.stationary;
    const given = finiteArray(fn, `${param}.stationary`, pi);
    if (given.length !== expected.length || given.some((x, i) => !(Math.abs(x - expected[i]) <= 1e-9))) {
      invalid(fn, `${param}.stationary`, `the chain's stationary distribution [${expected.join(", ")}]`, pi);
    }
  }
  return out;
}

/**
 * The arrival process an analysis's options describe, under the analysis's name: `arrivals`
 * when given ({@link checkArrivals}; a `lambda` given beside it must be its long-run rate,
 * to a relative 1e-9), else Poisson at `lambda` (then required). `prefix` is how the options
 * are named (`""` for top-level fields, `"opts."` for an options argument). Internal: the
 * simulator and the bounds resolve their `lambda`/`arrivals` here, with one message each.
 */
export function requestArrivalsOption(fn: string, prefix: string, lambda: unknown, arrivals: unknown): RequestArrivals {
  if (arrivals === undefined) {
    if (lambda === undefined) invalid(fn, `${prefix}lambda`, `a finite number > 0 (or give ${prefix}arrivals)`, lambda);
    return Object.freeze({ kind: "poisson" as const, rate: positive(fn, `${prefix}lambda`, lambda) });
  }
  const a = checkArrivals(fn, `${prefix}arrivals`, arrivals);
  if (lambda !== undefined) {
    const l = positive(fn, `${prefix}lambda`, lambda);
    if (!(Math.abs(l - a.rate) <= 1e-9 * a.rate)) invalid(fn, `${prefix}lambda`, `the arrivals' long-run rate ${a.rate} (or left out)`, l);
  }
  return a;
}
