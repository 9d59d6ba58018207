/**
 * Stochastic network calculus bounds (docs/model.md §4; paper (10)–(12)): delay and backlog
 * violation probabilities, their quantiles, and the paper's stability check.
 *
 * @module
 */

import { stageSeconds } from "../pipeline/stage-time.js";
import type { Pipeline } from "../pipeline/types.js";
import { invalid, nonNegative, options, positive, requireNumber, show } from "../util/validate.js";
import { brentMin } from "../numeric/minimize.js";
import { type Eval, type Form, logBound, logBoundAllT, makeModel, maxDelaySlots, type Model, thetaMax } from "./kernel.js";
import { type MartingalePlan, martingaleLog, martingaleRealQuantile, planMartingale } from "./martingale-tandem.js";
import { isNetworkService, type NetworkService, stagesOf } from "./services.js";
import type { ArrivalProcess } from "./types.js";

/** Options of {@link delayBound} and {@link backlogBound}. */
export interface BoundOptions {
  /**
   * "exact" (default): the sum (10) with the exact n-stage convolution; "paper": the
   * relaxations (11)–(12) with a tandem's constant; "martingale": the supermartingale bound
   * of docs/model.md §10 (Kingman's for one stage, a Markov-modulated one for a tandem);
   * "tightest": the smallest of the three (each is a valid upper bound, so is their minimum).
   */
  readonly form?: Form | "tightest";
  /** Evaluate at this θ instead of optimising (the peers' fixed-θ cases). */
  readonly theta?: number;
  /** Relative truncation tolerance of the exact sum (default 1e-13). */
  readonly tolerance?: number;
  /**
   * The martingale form with the costlier envelopes (default false): the overshoot-aware
   * envelope (docs/model.md §10.7; for Poisson or Bernoulli arrivals, 10–40 % tighter on most
   * tandems and single stages — close rates: 1.32e-3 → 9.4e-4 at 9 slots — at 1–17 ms more
   * per bound) and, for constant → random → constant where the drawdown envelope is close to
   * the best, the Snell envelope of the drawdown walk (§10.9; 7× below the drawdown envelope
   * at close rates under heavy load, at 0.1–0.6 s more per bound).
   */
  readonly overshoot?: boolean;
}

/** A violation-probability bound. */
export interface BoundResult {
  /** The bound clamped to [0, 1] (1 when vacuous or unstable). */
  readonly probability: number;
  /** The raw natural log of the bound (may exceed 0; +Infinity when no θ is feasible). */
  readonly logProbability: number;
  /** The θ at which the bound is attained (0 when unstable). */
  readonly theta: number;
  /** Sup of the stability domain {θ : ρ_A(θ) < θ·r_min(θ)} (0 when unstable). */
  readonly thetaMax: number;
  /** Mean arrivals per slot below the bottleneck's mean service. */
  readonly stable: boolean;
  /** The form asked for. */
  readonly form: Form | "tightest";
  /**
   * Upper bound on the truncated tail of the exact sum, in probability units; it is
   * already included in `probability` (0 for closed forms).
   */
  readonly truncationError: number;
  /** The form whose number this is: the asked one, the winner of "tightest", or the fallback. */
  readonly formUsed: Form;
  /** How it was obtained, e.g. the martingale form's chain ("per-slot minimum of the stages"). */
  readonly method: string;
  /** Why `formUsed` differs from the asked form (the method does not apply), else null. */
  readonly reason: string | null;
}

const FORMS: readonly (Form | "tightest")[] = ["exact", "paper", "martingale", "tightest"];

interface Resolved {
  model: Model;
  form: Form | "tightest";
  theta: number | undefined;
  tol: number;
  overshoot: boolean;
}

function resolve(fn: string, arrivals: unknown, service: unknown, opts: unknown, overshootDefault = false): Resolved {
  if (
    typeof arrivals !== "object" ||
    arrivals === null ||
    typeof (arrivals as ArrivalProcess).rho !== "function" ||
    typeof (arrivals as ArrivalProcess).meanPerSlot !== "number"
  ) {
    throw new TypeError(`${fn}: arrivals must be an arrival process (e.g. poissonArrivals), got ${show(arrivals)}`);
  }
  if (!isNetworkService(service)) {
    throw new TypeError(`${fn}: service must be a stage service or a tandem built by tandem(...) (stages with logMgfNeg and a mean ≥ 0), got ${show(service)}`);
  }
  const o = options<BoundOptions>(fn, "options", opts);
  const form = o.form ?? "exact";
  if (!FORMS.includes(form)) invalid(fn, "opts.form", `one of ${FORMS.map((f) => `"${f}"`).join(", ")}`, form);
  const theta = o.theta === undefined ? undefined : positive(fn, "opts.theta", o.theta);
  const tol = o.tolerance === undefined ? 1e-13 : requireNumber(fn, "opts.tolerance", o.tolerance);
  if (!(tol > 0 && tol < 1)) invalid(fn, "opts.tolerance", "in (0, 1)", tol);
  if (o.overshoot !== undefined && typeof o.overshoot !== "boolean") invalid(fn, "opts.overshoot", "a boolean", o.overshoot);
  const overshoot = o.overshoot ?? overshootDefault;
  const model = makeModel(arrivals as ArrivalProcess, stagesOf(service as NetworkService));
  return { model, form, theta, tol, overshoot };
}

function checkDelay(fn: string, param: string, model: Model, form: Form | "tightest", value: unknown): number {
  const T = nonNegative(fn, param, value);
  const realOk = model.realDelay;
  if (!Number.isSafeInteger(T) && !realOk) {
    invalid(fn, param, "a non-negative integer number of slots (real values only for a single fluid constant-rate stage)", T);
  }
  const limit = maxDelaySlots(model, form);
  if (T > limit) invalid(fn, param, `at most ${limit} slots for this ${workLimitWhy(model)}`, T);
  return T;
}

/** Why a tandem's delays are limited, for the messages of the work limit. */
function workLimitWhy(model: Model): string {
  const floored = model.geometric.filter((g) => !g).length;
  return floored >= 2
    ? `tandem with ${floored} floored stages (work limit: (floored − 1)·(T0 + 1)² ≤ 2^22 per θ; docs/robustness.md)`
    : `${model.n}-stage tandem (work limit: stages·(T0 + 1) ≤ 2^22 per θ; docs/robustness.md)`;
}

/** Most delays of one {@link delayBoundCurve} call, and its total work Σ stages·(T0ᵢ + 1). */
const MAX_CURVE_DELAYS = 4096;
const MAX_CURVE_TERMS = 2 ** 28;

const METHOD: Record<Form, string> = {
  exact: "exact sum (10)",
  paper: "paper form (11)–(12) with the tandem constant",
  martingale: "martingale",
};

interface Extra {
  formUsed?: Form;
  method?: string;
  reason?: string | null;
}

function result(logValue: number, logTail: number, theta: number, tMax: number, stable: boolean, form: Form | "tightest", extra: Extra = {}): BoundResult {
  const formUsed = extra.formUsed ?? (form === "tightest" ? "exact" : form);
  return Object.freeze({
    probability: logValue >= 0 ? 1 : Math.exp(logValue),
    logProbability: logValue,
    theta,
    thetaMax: tMax,
    stable,
    form,
    truncationError: Math.exp(logTail),
    formUsed,
    method: extra.method ?? METHOD[formUsed],
    reason: extra.reason ?? null,
  });
}

function unstableResult(form: Form | "tightest"): BoundResult {
  return result(Infinity, -Infinity, 0, 0, false, form, { reason: "unstable: the mean arrivals reach the bottleneck's mean service" });
}

/**
 * Plans by (service, arrivals) object: both are frozen, so a plan (its lattices, tilt
 * tables and chains, built on first use) is reused by later calls with the same objects. It
 * keeps no number of a bound, only each chain's critical θ (the same whenever it is searched):
 * every bound is computed from the inputs alone.
 */
const plans = new WeakMap<object, WeakMap<object, { normal?: MartingalePlan; wide?: MartingalePlan }>>();

/**
 * The martingale plan of a model (cached per frozen service and arrivals objects); `wide`:
 * with the wider close-rate chain of the quantiles' refinement (docs/model.md §10.6).
 */
function planOf(model: Model, tMax: number, service: object, wide: boolean): MartingalePlan {
  let inner = plans.get(service);
  if (!inner) plans.set(service, (inner = new WeakMap()));
  let both = inner.get(model.arrivals);
  if (!both) inner.set(model.arrivals, (both = {}));
  const hit = wide ? both.wide : both.normal;
  if (hit && hit.thetaCap === tMax) return hit;
  const p = planMartingale(model.arrivals, model.stages, tMax, wide);
  if (wide) both.wide = p;
  else both.normal = p;
  return p;
}

/**
 * One bound at delay T (or backlog b with T = 0) in any form: the θ-optimised (or fixed-θ)
 * value, with the martingale form through its plan and "tightest" as the minimum of the
 * three. A martingale plan with a reason falls back to the exact sum, saying so.
 */
function boundAt(model: Model, form: Form | "tightest", tMax: number, T: number, b: number, tol: number, theta: number | undefined, plan: () => MartingalePlan, overshoot = false): BoundResult {
  if (form === "martingale" || form === "tightest") {
    const p = plan();
    let mart: BoundResult | null = null;
    if (p.reason === null) {
      const m = martingaleLog(p, T, b, theta, overshoot);
      mart = result(m.logValue, -Infinity, m.theta, tMax, true, form, { formUsed: "martingale", method: `martingale: ${m.method}` });
    }
    if (form === "martingale") {
      if (mart) return mart;
      const ex = boundAt(model, "exact", tMax, T, b, tol, theta, plan);
      return result(ex.logProbability, Math.log(ex.truncationError), ex.theta, tMax, true, form, { formUsed: "exact", reason: `martingale form not applicable: ${p.reason}` });
    }
    let best = mart;
    for (const f of ["exact", "paper"] as const) {
      const r = boundAt(model, f, tMax, T, b, tol, theta, plan);
      if (best === null || r.logProbability < best.logProbability) best = r;
    }
    const w = best!;
    return result(w.logProbability, Math.log(w.truncationError), w.theta, tMax, true, form, {
      formUsed: w.formUsed,
      method: `tightest of exact, paper${mart ? ", martingale" : ""}: ${w.method}`,
      reason: p.reason === null ? null : `martingale form not applicable: ${p.reason}`,
    });
  }
  const ev: Eval = { logValue: Infinity, logTail: -Infinity };
  if (theta !== undefined) {
    logBound(model, form, theta, T, b, tol, ev);
    return result(ev.logValue, ev.logTail, theta, tMax, true, form);
  }
  const best = optimise(model, form, tMax, T, b, tol);
  return result(best.eval.logValue, best.eval.logTail, best.theta, tMax, true, form);
}

/** A lazily built plan shared by every delay of one call. */
function lazyPlan(model: Model, tMax: number, service: object, wide = false): () => MartingalePlan {
  let p: MartingalePlan | null = null;
  return () => (p ??= planOf(model, tMax, service, wide));
}

/**
 * min over θ ∈ (0, θmax) of the convex ln-bound (exact or paper form) by Brent's method.
 * Returns θ, the log value and log tail.
 */
function optimise(model: Model, form: Form, tMax: number, T: number, b: number, tol: number, lo = 0, hi = tMax, relTol = 1e-10): { theta: number; eval: Eval } {
  const ev: Eval = { logValue: Infinity, logTail: -Infinity };
  const f = (th: number) => logBound(model, form, th, T, b, tol, ev).logValue;
  const g = brentMin(f, lo, hi, relTol);
  const theta = g.x;
  logBound(model, form, theta, T, b, tol, ev);
  return { theta, eval: { logValue: ev.logValue, logTail: ev.logTail } };
}

/**
 * Upper bound on the stationary delay-violation probability `P(D > T0)` of FIFO requests
 * through a single stage or a tandem (delay in slots; docs/model.md §4):
 *
 * - exact (default): `inf_θ Σ_{τ≥0} M_A(θ, τ)·M_net(−θ, τ + T0)` (paper (10) as t → ∞),
 *   `M_net` the exact convolution of the stages; the series is truncated with a stated
 *   error bound that is included in the result. For one i.i.d./fluid stage it is the
 *   geometric closed form `e^{σ+ℓ(θ)T0}/(1 − e^{ρ_A(θ)+ℓ(θ)})` the peers use.
 * - paper: (11)–(12), `M_net(−θ, T0)·K(θ)/(1 − e^{ρ_A(θ) − θ r_eff(θ)})` with the constant
 *   K a tandem needs (erratum: (12) as printed omits it; docs/model.md §4).
 * - martingale: one stage, Kingman's bound `e^{σ_M(θ*)}·M_S(−θ*, T0)` with θ* the root of
 *   `ρ_A(θ) = θ·r(θ)` (always ≤ exact); a Markov source or a tandem, a supermartingale on the
 *   (backward, saturated) chain (docs/model.md §10), and for constant → random → constant
 *   also the drawdown envelope (§10.8; with `overshoot`, also its Snell envelope, §10.9),
 *   whichever is smaller. Not applicable (a random
 *   stage without `slotCdf`): the exact sum, with `formUsed: "exact"` and the `reason`.
 * - tightest: the smallest of the three (each is an upper bound); `formUsed` is the winner.
 *
 * θ: the optimum of the convex `ln B(θ, T0)` over (0, θmax) by Brent's method.
 *
 * @param arrivals - an {@link ArrivalProcess}
 * @param service - a stage or a {@link TandemService}
 * @param delaySlots - T0 ≥ 0 in slots: any real for one fluid constant-rate stage (as the
 *   peers do), otherwise an integer
 * @param opts - {@link BoundOptions}
 * @returns probability clamped to [0, 1] with the raw log; `stable: false` and probability 1
 *   when the mean arrivals reach the bottleneck's mean service
 * @throws TypeError for a non-process argument; RangeError for a negative or (where integers
 *   are required) non-integer delay, a non-positive θ or an unknown form, or a delay beyond
 *   the work limit of a tandem's exact/paper form (also "tightest", which evaluates the exact
 *   sum): stages·(T0 + 1) ≤ 2^22 per θ, and (f − 1)·(T0 + 1)² ≤ 2^22 with f ≥ 2 floored
 *   stages (T0 ≤ 1 398 100 for 3 fluid stages, 2047 for 2 floored ones; one i.i.d. stage's
 *   closed form and the martingale form cost O(1) in T0 and have no limit)
 * @example
 * ```ts
 * delayBound(exponentialArrivals(1.2), constantService(2), 3, { theta: 1 }).probability; // 0.013185672560…
 * ```
 */
export function delayBound(arrivals: ArrivalProcess, service: NetworkService, delaySlots: number, opts: BoundOptions = {}): BoundResult {
  // The martingale form, one stage. For a dynamic server with additive service,
  // D(t) > T0 ⇒ ∃s ≤ t: A(s,t) − S(s,t) > S(t, t+T0); the left side's supremum over s is the
  // maximum Q(t) of a random walk with i.i.d. increments a − s, and E[e^{θ*(a − s)}] = 1 makes
  // e^{θ* Q} a martingale, so Kingman (1964, "A martingale inequality in the theory of queues",
  // Proc. Camb. Phil. Soc. 60) gives P(Q > x) ≤ e^{−θ* x}; Q(t) is independent of the future
  // service S(t, t+T0), hence P(D > T0) ≤ E[e^{−θ* S(t,t+T0)}] = M_S(−θ*, T0), no sum
  // prefactor. When every value is a multiple of a lattice step d the crossing needs d more
  // (e^{−θ*d}), and a floored stage costs one request. A Markov source: the Snell envelope u
  // of the crossing on its reversed chain (docs/model.md §10.2, §10.4), e^{−θcT0}·Σπ_j u_j
  // minimised over θ ≤ θ* — exact up to rounding for a source into one constant stage of
  // integer rates. A tandem (docs/model.md §10): the same argument on the tandem's backward
  // saturated chain, e^{−θd}·Σ_j π_j E_0[u(j, E_T0)e^{−θF(T0)}], u the Snell envelope of the
  // crossing for a finite chain that serves less than the tandem (its states: the arrival
  // state and the rounded, capped queues); `method` names the chain.
  // θ search: θmax by bisection on the convex g(θ) = ρ_A(θ) − θ r_min(θ); the optimum by
  // Brent's method (golden section with parabolic steps) on the convex ln B(θ, T0) over
  // (0, θmax); infeasible θ count as +∞ (the martingale form: docs/model.md §10.5).
  const fn = "delayBound";
  const { model, form, theta, tol, overshoot } = resolve(fn, arrivals, service, opts);
  const T = checkDelay(fn, "delaySlots", model, form, delaySlots);
  if (!model.stable) return unstableResult(form);
  const tMax = thetaMax(model);
  return boundAt(model, form, tMax, T, 0, tol, theta, lazyPlan(model, tMax, service as object), overshoot);
}

/**
 * {@link delayBound} at many delays, reusing work: θmax once, and for the exact form one
 * O(n·Tmax) pass per θ serves every delay (`S_k(T)` for all T at once). A shared grid of
 * 64 θ values locates each delay's optimum within two cells (ln B is convex in θ); delays
 * with the same cell share a 17-point grid there, and a short Brent search inside two fine
 * cells finishes each delay.
 *
 * @param arrivals - an {@link ArrivalProcess}
 * @param service - a stage or a tandem
 * @param delays - delays in slots (same rules as `delaySlots` of {@link delayBound})
 * @param opts - {@link BoundOptions} (`theta` fixes θ for every delay)
 * @returns one {@link BoundResult} per delay, in the given order
 * @throws as {@link delayBound} for each delay; TypeError if delays is not an array;
 *   RangeError for more than 4096 delays or, on a tandem, a total work Σ stages·(T0ᵢ + 1)
 *   above 2^28
 * @example
 * ```ts
 * delayBoundCurve(poissonArrivals(1), constantService(1.5), [5, 10]).map((r) => r.probability); // [0.13186…, 7.7184e-4]
 * ```
 */
export function delayBoundCurve(arrivals: ArrivalProcess, service: NetworkService, delays: readonly number[], opts: BoundOptions = {}): BoundResult[] {
  const fn = "delayBoundCurve";
  const { model, form, theta, tol, overshoot } = resolve(fn, arrivals, service, opts);
  if (!Array.isArray(delays)) throw new TypeError(`${fn}: delays must be an array of numbers, got ${show(delays)}`);
  if (delays.length > MAX_CURVE_DELAYS) invalid(fn, "delays.length", `at most ${MAX_CURVE_DELAYS} (work limit; docs/robustness.md)`, delays.length);
  const Ts = delays.map((d, i) => checkDelay(fn, `delays[${i}]`, model, form, d));
  if (Number.isFinite(maxDelaySlots(model, form))) {
    let terms = 0;
    for (const T of Ts) terms += model.n * (T + 1);
    if (terms > MAX_CURVE_TERMS) {
      throw new RangeError(`${fn}: delays must have a total work Σ stages·(T0ᵢ + 1) of at most 2^28 = ${MAX_CURVE_TERMS} on this ${model.n}-stage tandem (work limit; docs/robustness.md), got ${terms}`);
    }
  }
  if (!model.stable) return Ts.map(() => unstableResult(form));
  const tMax = thetaMax(model);
  const plan = lazyPlan(model, tMax, service as object);
  // A loop, not Math.max(...Ts): a long delay list would overflow the call stack.
  let Tmax = 0;
  for (const T of Ts) if (T > Tmax) Tmax = T;
  // The shared θ grid keeps 64 rows of Tmax + 1 doubles: beyond 2^24 doubles (128 MB), each
  // delay is optimised on its own instead.
  if (theta !== undefined || form !== "exact" || model.closedForm || Ts.length < 8 || 64 * (Tmax + 1) > 2 ** 24) {
    return Ts.map((T) => boundAt(model, form, tMax, T, 0, tol, theta, plan, overshoot));
  }
  // Level 1: a shared grid of 64 θ values, every delay's ln B from one O(n·Tmax) pass each.
  // ln B is convex in θ, so each delay's optimum lies within the two cells around its best
  // grid point.
  const G = 64;
  const grid = new Float64Array(G);
  const table: Float64Array[] = [];
  const row = new Float64Array(Tmax + 1);
  for (let k = 0; k < G; k++) {
    grid[k] = (tMax * (k + 1)) / (G + 1);
    logBoundAllT(model, grid[k], Tmax, tol, row);
    table.push(Float64Array.from(row));
  }
  const groups = new Map<number, number[]>();
  Ts.forEach((T, i) => {
    let kb = 0;
    for (let k = 1; k < G; k++) if (table[k][T] < table[kb][T]) kb = k;
    const g = groups.get(kb);
    if (g) g.push(i);
    else groups.set(kb, [i]);
  });
  // Level 2: the delays sharing a coarse optimum share a 17-point grid on its two cells;
  // each then needs only a short Brent search inside two fine cells (a 1/520 of (0, θmax)).
  const out: BoundResult[] = new Array(Ts.length);
  const F = 16;
  for (const [k, idxs] of groups) {
    const lo = k === 0 ? 0 : grid[k - 1];
    const hi = k === G - 1 ? tMax : grid[k + 1];
    const h = (hi - lo) / F;
    let gmax = 0;
    for (const i of idxs) if (Ts[i] > gmax) gmax = Ts[i];
    const fine: Float64Array[] = [];
    const r2 = new Float64Array(gmax + 1);
    for (let j = 0; j <= F; j++) {
      logBoundAllT(model, lo + j * h, gmax, tol, r2);
      fine.push(Float64Array.from(r2));
    }
    for (const i of idxs) {
      const T = Ts[i];
      let jb = 0;
      for (let j = 1; j <= F; j++) if (fine[j][T] < fine[jb][T]) jb = j;
      const a = lo + Math.max(jb - 1, 0) * h;
      const b = lo + Math.min(jb + 1, F) * h;
      const best = optimise(model, form, tMax, T, 0, tol, a, b, 1e-6);
      out[i] = result(best.eval.logValue, best.eval.logTail, best.theta, tMax, true, form);
    }
  }
  return out;
}

/** Options of {@link delayQuantile} and {@link backlogQuantile}. */
export interface QuantileOptions {
  /** As in {@link BoundOptions} (default "exact"). */
  readonly form?: Form | "tightest";
  /** Relative truncation tolerance of the exact sum (default 1e-13). */
  readonly tolerance?: number;
  /**
   * The martingale form's overshoot-aware envelope, as in {@link BoundOptions}, for the
   * martingale and "tightest" forms. Default true in {@link delayQuantile}: the quantile is
   * first found with the standard envelope, then only the delays below it are tried with the
   * costlier ones, at close rates on a two-queue chain with wider caps, otherwise with a
   * single queue on a finer step (usually one or two bounds more; docs/model.md
   * §10.6–10.7, §10.9); false skips that refinement. Default false
   * in {@link backlogQuantile}, whose real-valued bisection would solve the envelope some
   * thirty times.
   */
  readonly overshoot?: boolean;
  /**
   * Largest delay searched, in slots (default 2^24, or the work limit of {@link delayBound}
   * when that is smaller: 1 398 100 slots for 3 fluid stages); beyond it the quantile is
   * Infinity. A larger value than the work limit is a RangeError.
   */
  readonly maxSlots?: number;
}

/** A delay quantile: the smallest T0 with bound ≤ ε. */
export interface DelayQuantileResult {
  /** T0 in slots (real for one fluid constant-rate stage, else an integer); Infinity if none ≤ maxSlots or unstable. */
  readonly delaySlots: number;
  /** The bound at that delay (≤ ε), or 1. */
  readonly probability: number;
  /** The θ attaining the bound at that delay (0 when none). */
  readonly theta: number;
  /** Mean arrivals below the bottleneck's mean service. */
  readonly stable: boolean;
  /** The form asked for. */
  readonly form: Form | "tightest";
  /** The form whose bound gave the quantile (see {@link BoundResult}). */
  readonly formUsed: Form;
  /**
   * How the bound at that delay was obtained (as {@link BoundResult}'s `method`: e.g. whether
   * the martingale form's overshoot-aware envelope was used); "none" when there is no such delay.
   */
  readonly method: string;
  /** Why `formUsed` differs from the asked form, else null. */
  readonly reason: string | null;
}

function checkEpsilon(fn: string, epsilon: unknown): number {
  const e = requireNumber(fn, "epsilon", epsilon);
  if (!(e > 0 && e < 1)) invalid(fn, "epsilon", "in (0, 1)", e);
  return e;
}

/**
 * The real-valued quantile of one fluid constant-rate stage in one form: for the exact and
 * paper forms `ln B(θ, T) = ln B(θ, 0) − θcT`, minimised here; the martingale form's comes
 * from its own module (the same bound as its delays, one home).
 */
function realQuantile(model: Model, form: Form, tMax: number, lnEps: number, tol: number, plan: () => MartingalePlan): { T: number; theta: number; logP: number } {
  const c = model.stages[0].meanPerSlot;
  if (form === "martingale") {
    const q = martingaleRealQuantile(plan(), c, lnEps);
    return { T: q.delay, theta: q.theta, logP: q.logValue };
  }
  const ev: Eval = { logValue: Infinity, logTail: -Infinity };
  const Tof = (th: number) => {
    const l0 = logBound(model, form, th, 0, 0, tol, ev).logValue;
    return Math.max(0, (l0 - lnEps) / (th * c));
  };
  const g = brentMin(Tof, 0, tMax, 1e-11);
  return { T: g.fx, theta: g.x, logP: logBound(model, form, g.x, g.fx, 0, tol, ev).logValue };
}

/**
 * The delay quantile `d(ε) = min{T0 : P̄(T0) ≤ ε}` (docs/model.md §4). P̄ is non-increasing in
 * T0, so integer delays are found by doubling then bisection on T0; the martingale and
 * "tightest" forms then try the delays below that one with the overshoot-aware envelope and,
 * at close rates, a two-queue chain with wider caps and the drawdown walk's Snell envelope,
 * otherwise a single queue on a finer step (docs/model.md §10.6–10.7, §10.9;
 * `overshoot: false` skips it). For one fluid
 * constant-rate stage the delay is real (as the peers report it) and
 * `d(ε) = inf_θ (σ − ln(1 − e^{z(θ)}) − ln ε)/(θc)` (martingale: `(ln K(θ) − ln ε)/(θc)` with
 * K the bound at delay 0, from the same code as its delays), minimised by Brent's method (the
 * ratio is quasi-convex in θ); "tightest" takes the smallest of the three forms' quantiles.
 *
 * @param arrivals - an {@link ArrivalProcess}
 * @param service - a stage or a tandem
 * @param epsilon - the violation probability, in (0, 1)
 * @param opts - {@link QuantileOptions}
 * @throws RangeError if epsilon is outside (0, 1), maxSlots is not a positive integer or
 *   exceeds the work limit of {@link delayBound}, or as {@link delayBound}
 * @example
 * ```ts
 * delayQuantile(exponentialArrivals(1), constantService(1.6), 1e-6).delaySlots; // 17.6254…
 * ```
 */
export function delayQuantile(arrivals: ArrivalProcess, service: NetworkService, epsilon: number, opts: QuantileOptions = {}): DelayQuantileResult {
  const fn = "delayQuantile";
  const { model, form, tol, overshoot } = resolve(fn, arrivals, service, { form: opts?.form, tolerance: opts?.tolerance, overshoot: opts?.overshoot }, true);
  const eps = checkEpsilon(fn, epsilon);
  const limit = maxDelaySlots(model, form);
  const maxSlots = opts?.maxSlots === undefined ? Math.min(2 ** 24, limit) : requireNumber(fn, "opts.maxSlots", opts.maxSlots);
  if (!(Number.isSafeInteger(maxSlots) && maxSlots >= 1)) invalid(fn, "opts.maxSlots", "a positive integer", maxSlots);
  if (maxSlots > limit) invalid(fn, "opts.maxSlots", `at most ${limit} slots for this ${workLimitWhy(model)}`, maxSlots);
  const none = (stable: boolean, formUsed: Form = form === "tightest" ? "exact" : form, reason: string | null = null) =>
    Object.freeze({ delaySlots: Infinity, probability: 1, theta: 0, stable, form, formUsed, method: "none", reason: stable ? reason : "unstable: the mean arrivals reach the bottleneck's mean service" });
  if (!model.stable) return none(false);
  const tMax = thetaMax(model);
  const lnEps = Math.log(eps);
  const plan = lazyPlan(model, tMax, service as object);
  if (model.realDelay) {
    const forms: Form[] = form === "tightest" ? ["exact", "paper", "martingale"] : [form];
    let best: { T: number; theta: number; logP: number; f: Form } = { T: Infinity, theta: 0, logP: 0, f: forms[0] };
    for (const f of forms) {
      const q = realQuantile(model, f, tMax, lnEps, tol, plan);
      if (q.T < best.T) best = { ...q, f };
    }
    if (!(best.T <= maxSlots)) return none(true, best.f);
    const method = `${best.f}: the real-valued quantile of one fluid constant-rate stage`;
    return Object.freeze({ delaySlots: best.T, probability: Math.min(1, Math.exp(best.logP)), theta: best.theta, stable: true, form, formUsed: best.f, method, reason: null });
  }
  const at = (T: number) => boundAt(model, form, tMax, T, 0, tol, undefined, plan);
  const done = (T: number, r: BoundResult) =>
    Object.freeze({ delaySlots: T, probability: r.probability, theta: r.theta, stable: true, form, formUsed: r.formUsed, method: r.method, reason: r.reason });
  // On the reported probability (e^{ln P}, which may round a hair above e^{ln ε}).
  const ok = (r: BoundResult) => r.probability <= eps;
  // The smallest passing delay in (bad, good] by bisection, good passing with result res.
  const bisect = (bad: number, good: number, res: BoundResult, bound: (T: number) => BoundResult): [number, BoundResult] => {
    while (good - bad > 1) {
      const mid = Math.floor((bad + good) / 2);
      const r = bound(mid);
      if (ok(r)) {
        good = mid;
        res = r;
      } else bad = mid;
    }
    return [good, res];
  };
  // First the standard envelope: doubling, then bisection (hi passes, lo = hi − 1 fails).
  const first = at(0);
  if (ok(first)) return done(0, first);
  let lo = 0;
  let hi = 1;
  let hiRes = at(1);
  while (!ok(hiRes)) {
    if (hi >= maxSlots) return none(true, hiRes.formUsed, hiRes.reason);
    lo = hi;
    hi = Math.min(2 * hi, maxSlots);
    hiRes = at(hi);
  }
  [hi, hiRes] = bisect(lo, hi, hiRes, at);
  if (!overshoot || form === "exact" || form === "paper") return done(hi, hiRes);
  // Then the refinement, only below the standard quantile (usually one or two bounds): the
  // overshoot-aware envelope, and at close rates the wider two-queue chain, otherwise a
  // single queue on a finer step (docs/model.md §10.6–10.7). Down from the standard quantile
  // by 1, 2, 4, … slots (a gain of one slot, the usual one, costs two bounds), then bisection
  // (bad = −1: nothing below failed, hi = 0).
  const wide = plan().widens ? lazyPlan(model, tMax, service as object, true) : plan;
  const refined = (T: number) => boundAt(model, form, tMax, T, 0, tol, undefined, wide, true);
  const top = hi;
  let bad = -1;
  for (let d = 1; hi > 0; d *= 2) {
    const T = Math.max(0, top - d);
    const r = refined(T);
    if (!ok(r)) {
      bad = T;
      break;
    }
    hi = T;
    hiRes = r;
  }
  [hi, hiRes] = bisect(bad, hi, hiRes, refined);
  return done(hi, hiRes);
}

/**
 * Upper bound on the stationary backlog-violation probability `P(Q > b)` (requests in the
 * whole network): `inf_θ e^{−θb} Σ_{τ≥0} M_A(θ, τ)·M_net(−θ, τ)` (docs/model.md §4); the paper
 * form uses (12)'s relaxation of the sum; the martingale form is the argument of
 * docs/model.md §10 with T = 0 and the threshold b (one stage, i.i.d. arrivals: Kingman's
 * `e^{−θ* b}`).
 *
 * @param arrivals - an {@link ArrivalProcess}
 * @param service - a stage or a tandem
 * @param backlog - b ≥ 0 requests (real)
 * @param opts - {@link BoundOptions}
 * @throws RangeError if backlog is negative or not finite, or as {@link delayBound}
 * @example
 * ```ts
 * backlogBound(exponentialArrivals(1.2), constantService(2), 3, { theta: 1 }).probability; // 0.26484131…
 * ```
 */
export function backlogBound(arrivals: ArrivalProcess, service: NetworkService, backlog: number, opts: BoundOptions = {}): BoundResult {
  const fn = "backlogBound";
  const { model, form, theta, tol, overshoot } = resolve(fn, arrivals, service, opts);
  const b = nonNegative(fn, "backlog", backlog);
  if (!model.stable) return unstableResult(form);
  const tMax = thetaMax(model);
  return boundAt(model, form, tMax, 0, b, tol, theta, lazyPlan(model, tMax, service as object), overshoot);
}

/** A backlog quantile. */
export interface BacklogQuantileResult {
  /** Smallest b ≥ 0 (requests, real) with bound ≤ ε; Infinity when unstable. */
  readonly backlog: number;
  /** The θ attaining the quantile (0 when unstable). */
  readonly theta: number;
  /** Mean arrivals below the bottleneck's mean service. */
  readonly stable: boolean;
  /** The form asked for. */
  readonly form: Form | "tightest";
}

/**
 * The backlog quantile `b(ε) = inf_θ (F(θ) − ln ε)/θ` with `F(θ) = ln Σ_τ M_A(θ,τ)M_net(−θ,τ)`
 * (+σ), the smallest b with {@link backlogBound} ≤ ε; the ratio is quasi-convex in θ (F
 * convex), so Brent's method finds it.
 *
 * @param arrivals - an {@link ArrivalProcess}
 * @param service - a stage or a tandem
 * @param epsilon - in (0, 1)
 * @param opts - {@link QuantileOptions} (maxSlots unused)
 * @throws RangeError if epsilon is outside (0, 1), or as {@link delayBound}
 * @example
 * ```ts
 * backlogQuantile(poissonArrivals(1), constantService(1.5), 1e-6).backlog; // 24.2885…
 * ```
 */
export function backlogQuantile(arrivals: ArrivalProcess, service: NetworkService, epsilon: number, opts: QuantileOptions = {}): BacklogQuantileResult {
  const fn = "backlogQuantile";
  const { model, form, tol, overshoot } = resolve(fn, arrivals, service, { form: opts?.form, tolerance: opts?.tolerance, overshoot: opts?.overshoot });
  const eps = checkEpsilon(fn, epsilon);
  if (!model.stable) return Object.freeze({ backlog: Infinity, theta: 0, stable: false, form });
  const tMax = thetaMax(model);
  const lnEps = Math.log(eps);
  if (form === "martingale" || form === "tightest") {
    // The bound is non-increasing in b: doubling, then bisection to 1e-9 relative.
    const plan = lazyPlan(model, tMax, service as object);
    const at = (b: number) => boundAt(model, form, tMax, 0, b, tol, undefined, plan, overshoot);
    let r = at(0);
    if (r.logProbability <= lnEps) return Object.freeze({ backlog: 0, theta: r.theta, stable: true, form });
    let lo = 0;
    let hi = 1;
    let hiRes = at(hi);
    for (let k = 0; k < 1100 && hiRes.logProbability > lnEps; k++) {
      lo = hi;
      hi *= 2;
      hiRes = at(hi);
    }
    if (hiRes.logProbability > lnEps) return Object.freeze({ backlog: Infinity, theta: 0, stable: true, form });
    for (let k = 0; k < 100 && hi - lo > 1e-9 * hi; k++) {
      const mid = 0.5 * (lo + hi);
      r = at(mid);
      if (r.logProbability <= lnEps) {
        hi = mid;
        hiRes = r;
      } else lo = mid;
    }
    return Object.freeze({ backlog: hi, theta: hiRes.theta, stable: true, form });
  }
  const ev: Eval = { logValue: Infinity, logTail: -Infinity };
  const bOf = (th: number) => Math.max(0, (logBound(model, form, th, 0, 0, tol, ev).logValue - lnEps) / th);
  const g = brentMin(bOf, 0, tMax, 1e-11);
  return Object.freeze({ backlog: g.fx, theta: g.x, stable: true, form });
}

/** The paper's stability check after (12). */
export interface SncStabilityResult {
  /** ρ_tot = λ·E[T_inference], E[T_inference] the sum of the stages' mean times. */
  readonly rhoTot: number;
  /** ρ_tot < 1 (the paper's condition: one request in service end to end). */
  readonly stable: boolean;
  /** λ·max_i E[T_i]: the load of the slowest stage. */
  readonly bottleneckLoad: number;
  /** bottleneckLoad < 1: the tandem's own stability condition (implied by ρ_tot < 1). */
  readonly tandemStable: boolean;
  /** Name of the slowest stage. */
  readonly bottleneck: string;
}

/**
 * The paper's stability condition `ρ_tot = λ·E[T_inference] < 1` (stated after (12)),
 * with the stage times M/G/1 and the latencies use — `O/f` (compute), `J/R_eff` (transfer,
 * the ergodic rate; docs/model.md §2), or the mean of a stage's attached `distribution` — next to
 * the weaker condition a tandem of separate stages needs, `λ·max_i E[T_i] < 1` (the slotted
 * bounds use the latter: pipelining lets stages work on different requests).
 *
 * @param arrivalRate - λ, requests per second (≥ 0)
 * @param pipeline - a {@link Pipeline}
 * @throws RangeError if arrivalRate is negative or a stage has a non-positive speed or rate
 * @example
 * ```ts
 * const p = { name: "one", stages: [{ kind: "compute", name: "edge", node: "es", flops: 1e12, flopsPerSecond: 5e12 }] };
 * sncStability(2, p).rhoTot; // 0.4
 * ```
 */
export function sncStability(arrivalRate: number, pipeline: Pipeline): SncStabilityResult {
  const fn = "sncStability";
  const lam = nonNegative(fn, "arrivalRate", arrivalRate);
  if (typeof pipeline !== "object" || pipeline === null || !Array.isArray(pipeline.stages)) {
    throw new TypeError(`${fn}: pipeline must be a pipeline object with stages, got ${show(pipeline)}`);
  }
  let total = 0;
  let worst = -1;
  let name = "";
  pipeline.stages.forEach((s, i) => {
    if (typeof s !== "object" || s === null) {
      throw new TypeError(`${fn}: pipeline.stages[${i}] must be a compute or transfer stage object, got ${show(s)}`);
    }
    if (s.kind === "compute") {
      nonNegative(fn, `pipeline.stages[${i}].flops`, s.flops);
      positive(fn, `pipeline.stages[${i}].flopsPerSecond`, s.flopsPerSecond);
    } else {
      nonNegative(fn, `pipeline.stages[${i}].bits`, s.bits);
      positive(fn, `pipeline.stages[${i}].link.effectiveRate`, s.link?.effectiveRate);
    }
    if (s.distribution !== undefined) nonNegative(fn, `pipeline.stages[${i}].distribution.mean`, s.distribution?.mean);
    const t = stageSeconds(s);
    total += t;
    if (t > worst) {
      worst = t;
      name = s.name;
    }
  });
  const rhoTot = lam * total;
  const bottleneckLoad = lam * Math.max(worst, 0);
  return Object.freeze({ rhoTot, stable: rhoTot < 1, bottleneckLoad, tandemStable: bottleneckLoad < 1, bottleneck: name });
}
