/**
 * Request-level response time of a pipeline (docs/model.md §9.3–9.4): its exact law where
 * one exists and otherwise a valid upper bound on P(T > t), for atomic requests that visit
 * the stages in order, store-and-forward, FIFO at every resource.
 *
 * Assumptions under which every number here is valid (P(T > t) is at or below it):
 * services independent across stages and requests, i.i.d. per stage, independent of the
 * arrivals; FIFO in order of arrival at every shared resource; the stationary regime.
 *
 * The routes, in the order they are tried (the smallest valid value wins, pointwise in t):
 * - **exact**: a shared single-server stage fed by Poisson arrivals (after any dedicated
 *   stages), followed only by dedicated stages or by constant-time stages no slower than
 *   its minimum service: T = U + W + S₁ + ΣSᵢ, independent parts, W the M/G/1 wait.
 * - **head**: split at the first shared stage: T ≤ W + S₁ + R̃ with R̃ the response of the
 *   rest fed at the minimum spacing of stage 1's departures, bounded by its one-request
 *   term (the exact sum of the rest) plus a Chernoff sum over the others; W the exact
 *   M/G/1 wait (Poisson), Kingman's bound (renewal arrivals), or the Perron-eigenvector
 *   martingale bound (Markov-modulated arrivals). `head-split` is the same split joined
 *   by P(X + Y > t) ≤ P(X > t − u) + P(Y > u) (no independence needed), with the rest's
 *   inputs spaced by stage 1's own service times — for a random first stage.
 * - **split**: split at a later one-server stage b (the bottleneck after faster stages):
 *   the stages before it act as jitter U on b's own arrivals, P(T^{1..b} > x) ≤
 *   P(sojourn at b > x − u) + E[1{U > u}H(x − U)], then the stages after b as above.
 * - **chernoff**: the Chernoff bound on the last-passage representation of the whole
 *   tandem, inf_θ e^{−θt} Π φᵢ(θ) (fallback).
 *
 * All random parts live on a grid of step h, rounded up (stochastically larger) so the
 * bound stays valid; constant services are added exactly. A time answer is a grid point
 * plus the constant services of its route. Internal: the public entry points are in
 * `index.ts`'s re-exports of {@link responseTimeAnalysis}, {@link responseTimeBound} and
 * {@link responseTimeQuantile}.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { lundbergKernel } from "../queueing/lundberg.js";
import { mg1 } from "../queueing/mg1.js";
import { requestArrivalsOption, type RequestArrivals } from "../pipeline/arrivals.js";
import { checkPipeline } from "../pipeline/check.js";
import { requestServiceLaws } from "../pipeline/service-law.js";
import { stageResource } from "../pipeline/stages.js";
import type { Pipeline } from "../pipeline/types.js";
import { type GraphPipeline, isGraphPipeline } from "../pipeline/graph.js";
import { graphAnalysis } from "./graph.js";
import { logAddExp } from "../util/logspace.js";
import { inOpen, invalid, options, positive, requireNumber } from "../util/validate.js";
import { GRID_FLOOR, type GridLaw, gridConvolve, gridFromTail, gridPoint, gridQuantile, gridShift, gridTail, monotone } from "./grid.js";
import { excessUpper, logLstUpper, logMgfUpper, minService, serviceGrid } from "./stage-laws.js";

/** Options of the request-level analyses. */
export interface ResponseTimeOptions {
  /** Poisson arrival rate λ (requests per second, > 0). Required unless `arrivals` is given; if both are, they must agree. */
  readonly lambda?: number;
  /** The arrival process (`poissonRequests`, `renewalRequests`, `mmppRequests`, `onOffRequests`). Default Poisson at `lambda`. */
  readonly arrivals?: RequestArrivals;
  /** Coherence interval τ_c of Rayleigh transfers (seconds, > 0), passed to `requestServiceLaw`. */
  readonly coherenceSeconds?: number;
}

/**
 * How a value was obtained: `exact` (the response time's own law), `head` / `head-split`
 * (split at the first shared stage), `split` (split at a later shared stage, the stages
 * before it as jitter), `chernoff` (the fallback), `unstable` (a shared stage at
 * utilisation ≥ 1: P(T > t) = 1), `none` (no valid bound for this pipeline shape: 1).
 */
export type ResponseTimeMethod = "exact" | "head" | "head-split" | "split" | "chernoff" | "unstable" | "none";

/** The analysis of one pipeline under one arrival process (times in seconds), frozen. */
export interface ResponseTimeAnalysis {
  /** Long-run arrival rate λ (requests per second). */
  readonly lambda: number;
  /** The arrival process analysed. */
  readonly arrivals: RequestArrivals;
  /** Every shared stage has utilisation λE[S]/c < 1. */
  readonly stable: boolean;
  /** The largest shared-stage utilisation (0 when every stage is dedicated). */
  readonly utilisation: number;
  /** Index of the stage with the largest utilisation (null when every stage is dedicated). */
  readonly bottleneck: number | null;
  /** True when the values are the response time's exact law (up to the stated numerical accuracy). */
  readonly exact: boolean;
  /** The routes that gave a finite bound (one entry, `exact`/`unstable`/`none`, in those cases). */
  readonly methods: readonly ResponseTimeMethod[];
  /** Why no bound below 1 is available (`none`), else "". */
  readonly reason: string;
  /** Grid step h in seconds of the bounds (0 for a closed-form exact answer). */
  readonly gridSeconds: number;
  /** P(T > t) (exact) or an upper bound on it, and the route that gave it; t ≥ 0. */
  tail(t: number): {
    /** P(T > t), or an upper bound on it. */
    readonly probability: number;
    /** The route that gave it. */
    readonly method: ResponseTimeMethod;
  };
  /** The smallest t with tail(t) ≤ ε (exact, or an upper bound on the ε-quantile), ε ∈ (0, 1). */
  quantile(epsilon: number): {
    /** The delay in seconds (Infinity when unstable or no bound applies). */
    readonly seconds: number;
    /** The route that gave it. */
    readonly method: ResponseTimeMethod;
  };
}

/** Grid points at most (per law): 2^16. A bound needing more is computed on a coarser grid. */
export const MAX_GRID_POINTS = 65536;
/**
 * Grid points the waiting time's tail is aimed to fit in (down to {@link GRID_FLOOR}): the
 * step starts there, not at the finest grid that {@link MAX_GRID_POINTS} would allow — the
 * cost of the convolutions grows as the square of the points, and a coarser step only
 * rounds every time up by less than one step more.
 */
const TARGET_GRID_POINTS = 8192;
/** Coarsenings (grid step doubled) tried before the atom at ∞ is accepted as it is. */
const MAX_COARSENINGS = 16;
/** θ grid of the Chernoff parts: 10^e/scale, e from −3 to 4 by 0.01 (fixed: bounds stay monotone in λ). */
const THETA_EXPONENTS = Array.from({ length: 701 }, (_, i) => -3 + i * 0.01);

// ---------------------------------------------------------------------------------------
// Stages as the analysis sees them.
// ---------------------------------------------------------------------------------------

interface StageInfo {
  readonly index: number;
  /** 0: one shared server; 1: c shared servers; 2: dedicated. */
  readonly type: 0 | 1 | 2;
  readonly servers: number;
  readonly dist: Distribution;
  readonly mean: number;
  readonly min: number;
  readonly constant: boolean;
}

function stageInfos(fn: string, p: Pipeline, laws: readonly Distribution[]): StageInfo[] {
  return p.stages.map((s, index) => {
    const dist = laws[index];
    const r = stageResource(s);
    const type = r.kind === "dedicated" ? 2 : r.servers === 1 ? 0 : 1;
    const mean = dist.mean;
    if (!(mean >= 0 && mean < Infinity)) invalid(fn, `pipeline.stages[${index}]`, "a stage whose mean service time is finite", mean);
    const min = minService(dist);
    return { index, type, servers: r.kind === "dedicated" ? 1 : r.servers, dist, mean, min, constant: dist.variance === 0 && min === mean };
  });
}

/** A stage whose requests can leave in another order than they came (random service on several servers or a dedicated resource). */
const overtakes = (s: StageInfo) => s.type !== 0 && !s.constant;

// ---------------------------------------------------------------------------------------
// Arrival-process quantities.
// ---------------------------------------------------------------------------------------

/** ln E[e^{−θA}] for one gap A (Poisson: ln λ/(λ + θ)); NaN for MMPP (no renewal gap). */
function logGapLst(a: RequestArrivals, theta: number): number {
  if (a.kind === "poisson") return -Math.log1p(theta / a.rate);
  if (a.kind === "renewal") return a.interarrival.logMgf(-theta);
  return NaN;
}

/** Largest θ (bisection) with f(θ) ≤ 0 for a convex f with f(0) = 0, f′(0) < 0; 0 if none. */
function convexRoot(f: (theta: number) => number, scale: number): number {
  let lo = 0;
  let hi = 1 / scale;
  let grow = 0;
  while (f(hi) <= 0) {
    lo = hi;
    hi *= 2;
    if (++grow > 200) return lo;
  }
  // f(lo) ≤ 0 < f(hi) (or f(hi) is ∞/NaN): bisect, keeping the side where f ≤ 0.
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) <= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Perron root κ(θ) and right eigenvector h of F(θ) = Q̃ + diag(λᵢ(M − 1)) − θI (a Metzler
 * matrix; Q̃ the time-reversed generator), by power iteration on F + sI.
 */
function perron(qRev: readonly (readonly number[])[], rates: readonly number[], M: number, theta: number): { kappa: number; h: number[] } {
  const k = rates.length;
  const F = qRev.map((row, i) => row.map((v, j) => (i === j ? v + rates[i] * (M - 1) - theta : v)));
  let s = 0;
  for (let i = 0; i < k; i++) s = Math.max(s, Math.abs(F[i][i]));
  s += 1;
  let h = new Array<number>(k).fill(1);
  let lam = 0;
  for (let it = 0; it < 10000; it++) {
    const next = F.map((row, i) => row.reduce((acc, v, j) => acc + v * h[j], 0) + s * h[i]);
    const norm = Math.max(...next);
    const nh = next.map((v) => v / norm);
    const diff = Math.max(...nh.map((v, i) => Math.abs(v - h[i])));
    h = nh;
    lam = norm;
    if (diff < 1e-14) break;
  }
  return { kappa: lam - s, h };
}

/**
 * x ↦ min_j (c_j − θ_j x) for θ_j ascending: the lower envelope of the lines (convex-hull
 * trick), evaluated by binary search — the exact minimum over the θ grid at O(log J) per x.
 * +∞ when there are no lines.
 */
function lowerEnvelope(thetas: readonly number[], cs: readonly number[]): (x: number) => number {
  // Lines y = m x + b with m = −θ (descending). Keep those on the lower envelope.
  const M: number[] = [];
  const B: number[] = [];
  for (let j = 0; j < thetas.length; j++) {
    const m = -thetas[j];
    const b = cs[j];
    if (M.length > 0 && M[M.length - 1] === m) {
      if (B[B.length - 1] <= b) continue;
      M.pop();
      B.pop();
    }
    while (M.length >= 2) {
      const m1 = M[M.length - 2], b1 = B[B.length - 2], m2 = M[M.length - 1], b2 = B[B.length - 1];
      // l2 is useless when l3 meets l1 no later than l2 does.
      if ((b - b1) * (m1 - m2) <= (b2 - b1) * (m1 - m)) {
        M.pop();
        B.pop();
      } else break;
    }
    M.push(m);
    B.push(b);
  }
  const n = M.length;
  if (n === 0) return () => Infinity;
  // Breakpoints: line i is optimal on [X[i−1], X[i]].
  const X: number[] = [];
  for (let i = 0; i + 1 < n; i++) X.push((B[i + 1] - B[i]) / (M[i] - M[i + 1]));
  return (x: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (X[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    // Guard the rounding at a breakpoint: check the neighbours too.
    let v = M[lo] * x + B[lo];
    if (lo > 0) v = Math.min(v, M[lo - 1] * x + B[lo - 1]);
    if (lo + 1 < n) v = Math.min(v, M[lo + 1] * x + B[lo + 1]);
    return v;
  };
}

// ---------------------------------------------------------------------------------------
// Routes.
// ---------------------------------------------------------------------------------------

/**
 * A bound on the response time: `law` + `shift`, the constant services added exactly (not
 * rounded up to the grid: P(X̂ + c > t) = P(X̂ > t − c) for any real c).
 */
interface Route {
  readonly method: ResponseTimeMethod;
  readonly law: GridLaw;
  readonly shift: number;
}

/** P(X̂ + shift > t) for a route. */
function routeTail(r: Route, t: number): number {
  return t === Infinity ? r.law.tail[r.law.tail.length - 1] : t < r.shift ? 1 : gridTail(r.law, t - r.shift);
}

/** The smallest t with P(X̂ + shift > t) ≤ ε (a grid point plus the shift, nudged up past any rounding of the sum). */
function routeQuantile(r: Route, eps: number): number {
  const q = gridQuantile(r.law, eps);
  if (!(q < Infinity) || r.shift === 0) return q;
  let t = q + r.shift;
  // (q + shift) − shift can round below q: step up by doubling ulps until the tail reads ≤ ε.
  for (let step = Math.max(Number.EPSILON * t, Number.MIN_VALUE); routeTail(r, t) > eps; step *= 2) t += step;
  return t;
}

/** A route's law with its shift rounded up onto the grid (for the routes that take a plain law). */
function routeLaw(r: Route): GridLaw {
  return gridShift(r.law, r.shift);
}

/** The constant stages' total time and the random stages, apart. */
function constantsApart(stages: readonly StageInfo[]): { random: StageInfo[]; shift: number } {
  return { random: stages.filter((s) => !s.constant), shift: stages.filter((s) => s.constant).reduce((a, s) => a + s.mean, 0) };
}

interface Ctx {
  readonly arrivals: RequestArrivals;
  readonly lambda: number;
  readonly h: number;
  readonly maxPoints: number;
  readonly thetas: readonly number[];
  /** logMgfUpper(s.dist, thetas[j]) for every j, computed once per stage and shared by every route and grid. */
  readonly logMgfs: (s: StageInfo) => Float64Array;
}

/** A memo of each stage's {@link logMgfUpper} on the θ grid (kept for one analysis only). */
function logMgfTable(thetas: readonly number[]): (s: StageInfo) => Float64Array {
  const memo = new Map<number, Float64Array>();
  return (s) => {
    let v = memo.get(s.index);
    if (!v) memo.set(s.index, (v = Float64Array.from(thetas, (th) => logMgfUpper(s.dist, th))));
    return v;
  };
}

/** The stage-1 waiting time's grid law (stochastically larger), or null when no bound applies. */
function waitLaw(ctx: Ctx, s: StageInfo, sGrid: GridLaw): GridLaw | null {
  const { arrivals: a, h, maxPoints } = ctx;
  const scale = Math.max(s.mean, 1e-300);
  if (s.type === 1 && s.constant) {
    // c servers, constant service d, ordered arrivals: request n starts at
    // max(a_n, d_{n−c}), the single-server queue of every c-th request (cyclic), whose
    // gaps are sums of c arrival gaps: Kingman, P(W > x) ≤ e^{−θ*x}, c·ln E[e^{−θA}] + θd = 0.
    if (a.kind === "mmpp") return null;
    const c = s.servers;
    const th = convexRoot((t) => c * logGapLst(a, t) + t * s.mean, scale);
    return th > 0 ? gridFromTail(h, (x) => Math.exp(-th * x), maxPoints) : null;
  }
  // One server, or c servers with random service bounded by one server with the same law
  // (FCFS start times only grow when servers are removed).
  if (a.kind === "poisson") {
    if (s.constant) return pkWaitConstant(h, s.mean, ctx.lambda, maxPoints);
    const { tail } = sGrid;
    const K = tail.length;
    const cells = Float64Array.from(tail, (v) => h * v);
    const excess = tail[K - 1] > 0 ? excessUpper(s.dist, (K - 1) * h) : 0;
    return pkWait(h, cells, excess, 0, ctx.lambda, maxPoints);
  }
  if (a.kind === "renewal") {
    const th = convexRoot((t) => logMgfUpper(s.dist, t) + logGapLst(a, t), scale);
    return th > 0 ? gridFromTail(h, (x) => Math.exp(-th * x), maxPoints) : null;
  }
  return mmppWait(ctx, s, a);
}

/**
 * M/G/1 waiting time, stochastically larger than the true one, by the Pollaczek–Khinchine
 * compound-geometric law W = R₁ + … + R_G, P(G = k) = (1 − ρ)ρ^k, R the equilibrium law of
 * S (density P(S > x)/E[S]) rounded up to the grid: P(R̂ = kh) = c_k/m̂ with
 * c_k ≥ ∫_{(k−1)h}^{kh} P(S > x)dx (`cells[k − 1]`): for a constant service exactly
 * min(h, d − (k − 1)h), so ρ stays exact and only the ladder heights are rounded; else
 * hP(Ŝ > (k − 1)h) from the grid law Ŝ. Masses w_j = ρ̂Σ r_k w_{j−k} and tails
 * W̄_j = ρ̂(R̄_j + Σ r_k W̄_{j−k}), sums of non-negative terms. Where the cells end (an atom
 * at ∞ of tiny mass) m̂ adds `excess` ≥ E[(S − Kh)^+], so m̂ ≥ E[S]: ρ̂ = λm̂ only grows,
 * and R's missing mass (1 − Σr) becomes an atom at ∞ — both stochastically larger. m̂ is
 * at least `meanFloor` (E[S] when known exactly, against the sum's rounding). Null when ρ̂ ≥ 1.
 */
function pkWait(h: number, cells: Float64Array, excess: number, meanFloor: number, lambda: number, maxPoints: number): GridLaw | null {
  const K = cells.length;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += cells[k];
  const mHat = Math.max(sum + excess, meanFloor);
  const rho = lambda * mHat;
  if (!(rho < 1) || !(mHat > 0)) return null;
  const r = new Float64Array(K + 1); // r[k], k = 1..K
  for (let k = 1; k <= K; k++) r[k] = cells[k - 1] / mHat;
  // P(R > jh) = Σ_{k > j} r_k + the atom 1 − Σ r (the excess's share).
  const atomR = Math.max(0, mHat - sum) / mHat;
  const rTail = new Float64Array(K + 2);
  rTail[K] = atomR;
  rTail[K + 1] = atomR;
  for (let j = K - 1; j >= 0; j--) rTail[j] = rTail[j + 1] + r[j + 1];
  const mass: number[] = [1 - rho];
  const tail: number[] = [rho];
  for (let j = 1; j < maxPoints; j++) {
    let m = 0;
    let t = j < K ? rTail[j] : atomR;
    const kmax = Math.min(j, K);
    for (let k = 1; k <= kmax; k++) {
      m += r[k] * mass[j - k];
      t += r[k] * tail[j - k];
    }
    mass.push(rho * m);
    tail.push(rho * t);
    if (rho * t <= GRID_FLOOR) break;
  }
  const t = Float64Array.from(tail);
  monotone(t);
  return { h, mass: Float64Array.from(mass), tail: t };
}

/** Sub-steps per grid step of the constant-service waiting time (its ladder heights are rounded up to h/16). */
const WAIT_SUBSTEPS = 16;

/**
 * M/D/1 waiting time (service d), stochastically larger than the true one, on the grid h:
 * the Pollaczek–Khinchine law of {@link pkWait} with ladder heights R uniform on (0, d) —
 * exactly, ρ = λd — rounded up to a sub-grid of step h/16 (P(R̂ = k·h/16) is that cell's
 * share of (0, d)), then W rounded up once to the grid h. Rounding every ladder up to h
 * instead would add about h/2 per ladder, several steps at the quantiles that matter.
 * With equal cells the recursion's sums run over a sliding window, so each sub-grid point
 * costs O(1); the window is summed afresh every d (sums of non-negative terms stay
 * relative-accurate in the far tail). Null when ρ ≥ 1.
 */
function pkWaitConstant(h: number, d: number, lambda: number, maxPoints: number): GridLaw | null {
  const rho = lambda * d;
  if (!(rho < 1) || !(d > 0)) return null;
  const m = WAIT_SUBSTEPS;
  const hf = h / m;
  const K = gridPoint(hf, d).tail.length - 1; // cells (0, hf], …, ((K − 1)hf, d]
  const r = hf / d; // the equal cells' probability; the last one is (d − (K − 1)hf)/d
  const rLast = (d - (K - 1) * hf) / d;
  const nMax = maxPoints * m;
  const mass: number[] = [1 - rho];
  const tail: number[] = [rho];
  // Window sums over i = j − K + 1 … j − 1 (the cells of weight r).
  let sw = 0;
  let st = 0;
  for (let j = 1; j < nMax; j++) {
    // Move the window to end at j − 1: add point j − 1, drop point j − K.
    if (j % K === 0) {
      sw = 0;
      st = 0;
      for (let i = Math.max(0, j - K + 1); i <= j - 1; i++) {
        sw += mass[i];
        st += tail[i];
      }
    } else {
      sw += mass[j - 1];
      st += tail[j - 1];
      if (j - K >= 0) {
        sw -= mass[j - K];
        st -= tail[j - K];
      }
    }
    const rTail = j < K ? (d - j * hf) / d : 0; // P(R > j·hf)
    let w = r * Math.max(0, sw);
    let t = rTail + r * Math.max(0, st);
    if (j >= K) {
      w += rLast * mass[j - K];
      t += rLast * tail[j - K];
    }
    mass.push(rho * w);
    tail.push(rho * t);
    if (rho * t <= GRID_FLOOR) break;
  }
  // Onto the grid h: P(Ŵ > kh) is the sub-grid tail at km, P(Ŵ = kh) the sub-grid masses of ((k − 1)h, kh].
  const nf = tail.length;
  const n = Math.ceil((nf - 1) / m) + 1;
  const cm = new Float64Array(n);
  const ct = new Float64Array(n);
  cm[0] = mass[0];
  for (let i = 1; i < nf; i++) cm[Math.ceil(i / m)] += mass[i];
  for (let k = 0; k < n; k++) ct[k] = tail[Math.min(k * m, nf - 1)];
  monotone(ct);
  return { h, mass: cm, tail: ct };
}

/**
 * Markov-modulated Poisson arrivals at one server: P(W > x) ≤ C e^{−θ*x} by the martingale
 * e^{θX(u)}h_{J(u)} of the time-reversed Markov additive process of work minus time
 * (F(θ*)h = 0, κ(θ*) = 0), optional stopping at the first passage over x:
 * C = Σᵢ (πᵢλᵢ/λ̄)hᵢ/minⱼhⱼ (the phase seen by an arrival). M(θ) is an upper bound on the
 * service MGF, which only raises κ (F h ≤ 0 keeps the supermartingale).
 */
function mmppWait(ctx: Ctx, s: StageInfo, a: Extract<RequestArrivals, { kind: "mmpp" }>): GridLaw | null {
  const k = a.rates.length;
  const pi = a.stationary;
  const q = a.switching.map((row, i) => row.map((v, j) => (i === j ? -row.reduce((x, y) => x + y, 0) : v)));
  const qRev = q.map((row, i) => row.map((_, j) => (i === j ? q[i][i] : (pi[j] * q[j][i]) / pi[i])));
  const M = (t: number) => Math.exp(logMgfUpper(s.dist, t));
  const th = convexRoot((t) => perron(qRev, a.rates, M(t), t).kappa, Math.max(s.mean, 1e-300));
  if (!(th > 0)) return null;
  const { h } = perron(qRev, a.rates, M(th), th);
  const minH = Math.min(...h);
  let C = 0;
  for (let i = 0; i < k; i++) C += ((pi[i] * a.rates[i]) / a.rate) * (h[i] / minH);
  return gridFromTail(ctx.h, (x) => C * Math.exp(-th * x), ctx.maxPoints);
}

/**
 * Generating factor of one downstream stage in the Chernoff sums (z per index step, y its
 * service MGF): one server y/(1 − zy); c servers with constant service y/(1 − z^c y);
 * dedicated y. NaN when the sum diverges (z y ≥ 1).
 */
function factor(s: StageInfo, z: number, y: number): number {
  if (s.type === 2) return y;
  const zc = s.type === 1 && s.constant ? z ** s.servers : z;
  const d = 1 - zc * y;
  return d > 0 ? y / d : NaN;
}

/**
 * Upper bound C(x) on Σ_{l ≥ 1} P(L_l − gap(l) > x) over the last-passage terms of the
 * stages `rest`, for input spacings whose l-step gap has transform ≤ e^{θg0}·z(θ)^l:
 * inf_θ e^{−θx}e^{θg0}(Π φᵢ − Π yᵢ), evaluated on the grid points; ∞ where no θ applies.
 */
function chernoffCorrection(ctx: Ctx, rest: readonly StageInfo[], logZ: (theta: number) => number, g0: number): ((x: number) => number) | null {
  const ks: { theta: number; logK: number }[] = [];
  const lmgs = rest.map(ctx.logMgfs);
  for (let j = 0; j < ctx.thetas.length; j++) {
    const theta = ctx.thetas[j];
    const z = Math.exp(logZ(theta));
    let prodPhi = 1;
    let prodY = 1;
    let ok = true;
    for (let i = 0; i < rest.length; i++) {
      const s = rest[i];
      const y = Math.exp(lmgs[i][j]);
      const f = factor(s, z, y);
      if (!(f < Infinity)) {
        ok = false;
        break;
      }
      prodPhi *= f;
      prodY *= y;
    }
    if (!ok || !(prodPhi < Infinity)) continue;
    const diff = prodPhi - prodY;
    if (!(diff >= 0)) continue;
    ks.push({ theta, logK: theta * g0 + Math.log(diff) });
  }
  if (ks.length === 0) return null;
  const env = lowerEnvelope(ks.map((k) => k.theta), ks.map((k) => k.logK));
  return (x: number) => Math.exp(env(x));
}

/** The law of Σ over `stages` of their grid services (independent). */
function sumLaw(ctx: Ctx, stages: readonly StageInfo[]): GridLaw {
  let law = gridPoint(ctx.h, 0);
  for (const s of stages) law = gridConvolve(law, serviceGrid(s.dist, ctx.h, ctx.maxPoints), ctx.maxPoints);
  return law;
}

/** head and head-split routes of the core (core[0] shared). */
function headRoutes(ctx: Ctx, core: readonly StageInfo[]): Route[] {
  const s1 = core[0];
  const s1Grid = serviceGrid(s1.dist, ctx.h, ctx.maxPoints);
  const w = waitLaw(ctx, s1, s1Grid);
  if (w === null) return [];
  // A constant service is added exactly (as a shift), a random one convolved.
  if (s1.constant) return attachRest(ctx, s1, w, s1.mean, core.slice(1), "head", "head-split");
  return attachRest(ctx, s1, gridConvolve(w, s1Grid, ctx.maxPoints), 0, core.slice(1), "head", "head-split");
}

/**
 * Joins a bound `upTo` on the response time up to and including stage `sb` with the stages
 * `rest` after it. Their response R, fed by sb's departures, is at most R̃ — the same
 * stages fed at sb's minimum spacing (a tandem's response only grows when its inputs come
 * closer) — which depends on their services alone, independent of `upTo`: its tail is the
 * exact one-request term P(ΣSᵢ > x) plus a Chernoff sum over the earlier requests, and
 * the two are convolved (`conv`). With sb's own services as spacings (R̄, for a random sb)
 * the two are dependent and are joined by the union split (`split`).
 */
function attachRest(ctx: Ctx, sb: StageInfo, upTo: GridLaw, upShift: number, rest: readonly StageInfo[], conv: ResponseTimeMethod, split: ResponseTimeMethod): Route[] {
  if (rest.length === 0) return [{ method: conv, law: upTo, shift: upShift }];
  // The rest's constant services c add exactly: the grid laws below bound R̃ − c (and R̄ − c).
  const { random, shift: c } = constantsApart(rest);
  const restSum = sumLaw(ctx, random);
  const shift = upShift + c;
  const routes: Route[] = [];
  // Spacing of sb's departures: one server (or the one-server surrogate of c servers
  // with random service, which only dedicated stages may follow): ≥ S ≥ min; c servers
  // with constant d: request n − l left at least ⌊l/c⌋d before request n.
  const multiConst = sb.type === 1 && sb.constant;
  const gapStep = multiConst ? sb.mean / sb.servers : sb.min;
  const g0 = multiConst ? (sb.mean * (sb.servers - 1)) / sb.servers : 0;
  const C = gapStep > 0 ? chernoffCorrection(ctx, rest, (t) => -t * gapStep, g0) : null;
  if (C !== null) {
    const v = gridFromTail(ctx.h, (x) => gridTail(restSum, x) + C(x + c), ctx.maxPoints);
    routes.push({ method: conv, law: gridConvolve(upTo, v, ctx.maxPoints), shift });
  }
  if (!sb.constant && sb.type === 0) {
    // Gaps Σ_{j=m+1}^{n} S_j: E[e^{−θ·gap}] = E[e^{−θS}]^l; the rest's response R̄ is
    // then dependent on sb (negatively), so the two are joined by a union bound.
    const Cbar = chernoffCorrection(ctx, rest, (t) => logLstUpper(sb.dist, t), 0);
    if (Cbar !== null) {
      const rbar = gridFromTail(ctx.h, (x) => gridTail(restSum, x) + Cbar(x + c), ctx.maxPoints);
      routes.push({ method: split, law: unionSplit(upTo, rbar, ctx.maxPoints), shift });
    }
  }
  return routes;
}

/**
 * Split routes: for each later one-server stage b of the core (Poisson or renewal
 * arrivals), the stages before it as jitter U (their response, bounded recursively):
 * with Z_m = S_m + … + S_n − (A_n − A_m) at stage b,
 *
 *     T^{1..b}_n = max_{m ≤ n} (U_m + Z_m) and, for any u,
 *     P(T^{1..b} > x) ≤ P(max_m Z_m > x − u) + Σ_m P(U_m > u, U_m + Z_m > x),
 *
 * where max_m Z_m is the sojourn at stage b fed by the arrivals themselves (the M/G/1
 * law, or Kingman's bound), and U_m (arrivals and services up to m) is independent of Z_m
 * (later gaps, stage b's services), so the sum is E[1{U > u}H(x − U)] with
 * H(y) = Σ_l P(Y_l > y), Y_l = S_0 + … + S_l − Γ_l, bounded by P(S > y) + a Chernoff sum.
 * The stages after b are joined as in the head routes.
 */
function splitRoutes(ctx: Ctx, core: readonly StageInfo[]): Route[] {
  if (ctx.arrivals.kind === "mmpp") return [];
  const a = ctx.arrivals;
  const routes: Route[] = [];
  for (let b = 1; b < core.length; b++) {
    const sb = core[b];
    if (sb.type !== 0) continue;
    // Worth it only at a stage at least as loaded as every stage before it (a heavier
    // queue upstream would make the jitter U the larger part).
    if (core.slice(0, b).some((s) => s.type === 0 && s.mean > sb.mean)) continue;
    const sub = core.slice(0, b);
    const uRoutes = coreRoutes(ctx, sub);
    if (uRoutes.length === 0) continue;
    const U = minLaw(uRoutes.map(routeLaw));
    const sbGrid = serviceGrid(sb.dist, ctx.h, ctx.maxPoints);
    const w = waitLaw(ctx, sb, sbGrid);
    if (w === null) continue;
    const soj = gridConvolve(w, sbGrid, ctx.maxPoints);
    // H(y) ≤ P(S > y) + inf_θ e^{−θy}·y²x/(1 − xy), x = E[e^{−θA}], y = E[e^{θS}].
    const lines: { theta: number; c: number }[] = [];
    const lmgB = ctx.logMgfs(sb);
    for (let j = 0; j < ctx.thetas.length; j++) {
      const theta = ctx.thetas[j];
      const ly = lmgB[j];
      const lx = logGapLst(a, theta);
      if (!(lx + ly < 0)) continue;
      lines.push({ theta, c: 2 * ly + lx - Math.log(-Math.expm1(lx + ly)) });
    }
    if (lines.length === 0) continue;
    const env = lowerEnvelope(lines.map((l) => l.theta), lines.map((l) => l.c));
    const H = (y: number) => gridTail(sbGrid, y) + Math.exp(env(y));
    // U's law: Û ≥st U on the grid (masses to where its tail is 1e-20); beyond, E[1{U > X}H(x − U)]
    // ≤ P(U > X) + K e^{−θx}E[e^{θU}; U > X] with E[e^{θU}; U > X] ≤ e^{θX}P(U > X) + θM_U(θ′)e^{−(θ′−θ)X}/(θ′ − θ)
    // (P(U > v) ≤ e^{−θ′v}M_U(θ′), M_U the sub-core's Chernoff product).
    let nU = U.tail.length;
    for (let i = 0; i < U.tail.length; i++) if (U.tail[i] <= 1e-20) { nU = i + 1; break; }
    const X = (nU - 1) * ctx.h;
    const pBeyond = U.tail[nU - 1];
    const lmu = chernoffLogMgf(ctx, sub);
    // ln E[e^{θU}; U > X] ≤ ln(e^{θX}P(U > X) + θM_U(θ′)e^{−(θ′−θ)X}/(θ′ − θ)), best θ′ ∈ (θ, 4θ] on the grid.
    const beyondLines = lines.map(({ theta, c }) => {
      let e = Infinity;
      for (let j = 0; j < ctx.thetas.length; j++) {
        const th2 = ctx.thetas[j];
        if (!(th2 > theta)) continue;
        if (th2 > 4 * theta) break;
        if (!(lmu[j] < Infinity)) continue;
        const v = logAddExp(theta * X + Math.log(pBeyond), Math.log(theta) + lmu[j] - (th2 - theta) * X - Math.log(th2 - theta));
        if (v < e) e = v;
      }
      return { theta, c: c + e };
    }).filter((l) => l.c < Infinity);
    const envB = lowerEnvelope(beyondLines.map((l) => l.theta), beyondLines.map((l) => l.c));
    const beyond = (x: number): number => (pBeyond === 0 ? 0 : pBeyond + Math.exp(envB(x)));
    // u: the points where Û's tail first falls below 10^−m.
    const us: number[] = [0];
    for (const m of [1, 2, 3, 4, 6, 8, 10, 12, 15, 20]) {
      const i = U.tail.findIndex((v) => v <= 10 ** -m);
      if (i >= 0 && i !== us[us.length - 1]) us.push(i);
    }
    const N = Math.min(ctx.maxPoints, soj.tail.length + nU);
    const Hk = new Float64Array(N + nU + 1); // H(kh) for k = −nU … N
    for (let k = -nU; k <= N; k++) Hk[k + nU] = H(k * ctx.h);
    // E[1{U > u}H(x − U)] is non-increasing in x (H is), so evaluating it every `stride`
    // points and holding the value until the next one keeps an upper bound at a fraction
    // of the cost (≤ 5e7 terms in all).
    const stride = Math.max(1, Math.ceil((us.length * N * nU) / 5e7));
    const tailVals = new Float64Array(N).fill(1);
    for (const iu of us) {
      let t2 = 0;
      for (let k = 0; k < N; k++) {
        if (k % stride === 0) {
          t2 = beyond(k * ctx.h);
          for (let i = iu + 1; i < nU; i++) {
            const w2 = U.mass[i];
            if (w2 > 0) t2 += w2 * Hk[k - i + nU];
          }
        }
        const v = (k - iu < 0 ? 1 : gridTail(soj, (k - iu) * ctx.h)) + t2;
        if (v < tailVals[k]) tailVals[k] = v;
      }
    }
    const upTo = gridFromTail(ctx.h, (x) => {
      const k = Math.round(x / ctx.h);
      return k < N ? tailVals[k] : tailVals[N - 1];
    }, N);
    routes.push(...attachRest(ctx, sb, upTo, 0, core.slice(b + 1), "split", "split"));
  }
  return routes;
}

/** Every route for a core (its first stage shared): head, split at each later stage, and Chernoff. */
function coreRoutes(ctx: Ctx, core: readonly StageInfo[]): Route[] {
  const routes = [...headRoutes(ctx, core), ...splitRoutes(ctx, core)];
  const ch = chernoffRoute(ctx, core);
  if (ch) routes.push(ch);
  return routes;
}

/** Pointwise minimum of tail bounds on one grid (each bounds the same tail, so the minimum does). */
function minLaw(laws: readonly GridLaw[]): GridLaw {
  if (laws.length === 1) return laws[0];
  const h = laws[0].h;
  const n = Math.max(...laws.map((l) => l.tail.length));
  return gridFromTail(h, (x) => Math.min(...laws.map((l) => gridTail(l, x))), n);
}

/** ln of the Chernoff product Π φᵢ(θ) ≥ ln E[e^{θT}] for the stages (renewal gaps z = E[e^{−θA}]), at each θ of the grid. */
function chernoffLogMgf(ctx: Ctx, stages: readonly StageInfo[]): Float64Array {
  const a = ctx.arrivals;
  const out = new Float64Array(ctx.thetas.length).fill(Infinity);
  if (a.kind === "mmpp") return out;
  const lmgs = stages.map(ctx.logMgfs);
  for (let j = 0; j < ctx.thetas.length; j++) {
    const z = Math.exp(logGapLst(a, ctx.thetas[j]));
    let logK = 0;
    for (let i = 0; i < stages.length; i++) {
      const f = factor(stages[i], z, Math.exp(lmgs[i][j]));
      if (!(f < Infinity)) {
        logK = Infinity;
        break;
      }
      logK += Math.log(f);
    }
    out[j] = logK;
  }
  return out;
}

/**
 * P(X + Y > kh) ≤ min_u [P(X > kh − u) + P(Y > u)] over u at the grid points where P(Y > u)
 * first falls below 10^{−m/4} (m = 0 … 160): a valid bound with no independence assumed.
 */
function unionSplit(x: GridLaw, y: GridLaw, maxPoints: number): GridLaw {
  const us: number[] = [];
  let m = 0;
  for (let j = 0; j < y.tail.length; j++) {
    while (m <= 160 && y.tail[j] <= 10 ** (-m / 4)) {
      if (us[us.length - 1] !== j) us.push(j);
      m++;
    }
  }
  const h = x.h;
  return gridFromTail(
    h,
    (t) => {
      const k = Math.round(t / h);
      let best = 1;
      for (const j of us) {
        const v = (k - j < 0 ? 1 : gridTail(x, (k - j) * h)) + y.tail[j];
        if (v < best) best = v;
      }
      return best;
    },
    maxPoints,
  );
}

/**
 * Chernoff bound on the last-passage representation of the whole pipeline (the fallback):
 * P(T > x) ≤ inf_θ e^{−θx} Π φᵢ(θ), z = E[e^{−θA}] per index step (renewal gaps).
 */
function chernoffRoute(ctx: Ctx, stages: readonly StageInfo[]): Route | null {
  if (ctx.arrivals.kind === "mmpp") return null;
  const logKs = chernoffLogMgf(ctx, stages);
  const ks: { theta: number; logK: number }[] = [];
  for (let j = 0; j < ctx.thetas.length; j++) if (logKs[j] < Infinity) ks.push({ theta: ctx.thetas[j], logK: logKs[j] });
  if (ks.length === 0) return null;
  const env = lowerEnvelope(ks.map((k) => k.theta), ks.map((k) => k.logK));
  const law = gridFromTail(ctx.h, (x) => Math.exp(Math.min(0, env(x))), ctx.maxPoints);
  return { method: "chernoff", law, shift: 0 };
}

// ---------------------------------------------------------------------------------------
// The analysis.
// ---------------------------------------------------------------------------------------

function checkOptions(fn: string, pipeline: unknown, opts: unknown): { p: Pipeline; arrivals: RequestArrivals; coherenceSeconds: number | undefined } {
  const p = checkPipeline(fn, "pipeline", pipeline);
  const o = options<ResponseTimeOptions>(fn, "opts", opts);
  const coherenceSeconds = o.coherenceSeconds === undefined ? undefined : positive(fn, "opts.coherenceSeconds", o.coherenceSeconds);
  const arrivals = requestArrivalsOption(fn, "opts.", o.lambda, o.arrivals);
  return { p, arrivals, coherenceSeconds };
}

const isGraphStages = (p: unknown): boolean => typeof p === "object" && p !== null && Array.isArray((p as Pipeline).stages) && isGraphPipeline(p as Pipeline);

/** Analyses memoised per pipeline object (first in, first out). */
const CACHE_PER_PIPELINE = 8;
const cache = new WeakMap<Pipeline, Map<string, ResponseTimeAnalysis>>();
/**
 * Analyses memoised by what they are computed from — each stage's service law and
 * resource, the arrivals — so that an equal pipeline built anew (a sweep, a notebook
 * recomputing its cells) gets the same frozen analysis (least recently used out).
 */
const SHARED_CACHE_SIZE = 64;
const shared = new Map<string, ResponseTimeAnalysis>();
const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object) => ids.get(o) ?? (ids.set(o, nextId), nextId++);

function cacheKey(arrivals: RequestArrivals, coherenceSeconds: number | undefined): string {
  const a = arrivals.kind === "renewal" ? `renewal:${idOf(arrivals.interarrival)}` : JSON.stringify(arrivals);
  return `${a}|${coherenceSeconds ?? ""}`;
}

/**
 * A key for the analysis's inputs: a constant law by its value, a Rayleigh transfer by its
 * parameters (the law is a function of them), any other law by its identity; each stage's
 * resource; the arrivals. Equal keys give equal analyses.
 */
function contentKey(p: Pipeline, laws: readonly Distribution[], arrivals: RequestArrivals): string {
  const stages = p.stages.map((s, i) => {
    const r = stageResource(s);
    const d = laws[i];
    const law = d.kind === "deterministic" ? `d${d.mean}` : d.kind === "rayleighTransfer" ? `r${JSON.stringify(d.params)}` : `o${idOf(d)}`;
    return `${r.kind === "dedicated" ? "x" : r.servers}:${law}`;
  });
  return `${cacheKey(arrivals, undefined)}|${stages.join(";")}`;
}

/**
 * The request-level response time of a pipeline (docs/model.md §9.3–9.4): its exact law
 * where one exists, otherwise the smallest of the valid upper bounds on P(T > t) — see the
 * module notes for the routes. Values are valid (≥ the true probability) under the stated
 * assumptions: independent services, i.i.d. per stage, FIFO in order of arrival at every
 * shared resource, stationarity.
 *
 * Supported shapes: any dedicated stages first (random ones only with Poisson arrivals),
 * then shared stages; a stage that lets requests overtake (random service on c servers or
 * a dedicated resource) may be followed by dedicated stages only. Markov-modulated
 * arrivals use the head routes only. Another shape gives method `none` (probability 1)
 * with the reason.
 *
 * Cost: once per content (memoised by each stage's service law and resource and the
 * arrivals, so an equal pipeline built anew costs a lookup), grids aimed at 8192 points (at
 * most {@link MAX_GRID_POINTS}), 701 values of θ; on the paper's pipelines ≈ 5–15 ms of one
 * core once their Rayleigh transfer laws exist (each built once per bits and link, ≈ 20–130 ms).
 *
 * @param pipeline - the stages, each with its resource (`stageResource`)
 * @param opts - `lambda` (Poisson) or `arrivals`, and `coherenceSeconds`
 * @returns a frozen {@link ResponseTimeAnalysis}
 * @throws RangeError / TypeError naming the parameter for a malformed pipeline or stage, an
 *   unknown resource kind, λ ≤ 0 or missing, arrivals whose rate disagrees with λ, a
 *   non-positive coherenceSeconds; the methods for t < 0 or ε ∉ (0, 1)
 * @example
 * ```ts
 * const { collaborative } = paradigms(paperScenario.params);
 * const a = responseTimeAnalysis(collaborative, { lambda: 0.5 });
 * a.methods; // ["head", "chernoff"]
 * a.quantile(1e-3).seconds.toFixed(2); // "5.16"
 * ```
 */
export function responseTimeAnalysis(pipeline: Pipeline | GraphPipeline, opts: ResponseTimeOptions): ResponseTimeAnalysis {
  return analyse("responseTimeAnalysis", pipeline, opts);
}

function analyse(fn: string, pipeline: unknown, opts: unknown): ResponseTimeAnalysis {
  // Fork–join and batching steps: reduced to chains in graph.ts (docs/model.md §11).
  if (isGraphStages(pipeline)) return graphAnalysis<ResponseTimeMethod>(fn, pipeline, options(fn, "opts", opts), (q) => analyse(fn, q, opts), { none: "none", unstable: "unstable" });
  const { p, arrivals, coherenceSeconds } = checkOptions(fn, pipeline, opts);
  const key = cacheKey(arrivals, coherenceSeconds);
  const hit = cache.get(p)?.get(key);
  if (hit) return hit;
  const laws = requestServiceLaws(fn, p, coherenceSeconds);
  const k2 = contentKey(p, laws, arrivals);
  let out = shared.get(k2);
  if (out) shared.delete(k2);
  else out = build(fn, p, laws, arrivals);
  shared.set(k2, out);
  if (shared.size > SHARED_CACHE_SIZE) shared.delete(shared.keys().next().value as string);
  let m = cache.get(p);
  if (!m) cache.set(p, (m = new Map()));
  m.set(key, out);
  // At most CACHE_PER_PIPELINE analyses per pipeline (each holds grids of up to 2^16 points).
  if (m.size > CACHE_PER_PIPELINE) m.delete(m.keys().next().value as string);
  return out;
}

function build(caller: string, p: Pipeline, laws: readonly Distribution[], arrivals: RequestArrivals): ResponseTimeAnalysis {
  const stages = stageInfos(caller, p, laws);
  // The analysis is memoised and shared: its methods name the analysis object.
  const fn = "responseTimeAnalysis";
  const lambda = arrivals.rate;
  let utilisation = 0;
  let bottleneck: number | null = null;
  for (const s of stages) {
    if (s.type === 2) continue;
    const u = (lambda * s.mean) / s.servers;
    if (bottleneck === null || u > utilisation) {
      utilisation = u;
      bottleneck = s.index;
    }
  }
  const stable = stages.every((s) => s.type === 2 || (lambda * s.mean) / s.servers < 1);
  const base = { lambda, arrivals, stable, utilisation, bottleneck };
  if (!stable) return constantResult(fn, base, "unstable", true, "");

  const first = stages.findIndex((s) => s.type !== 2);
  const prefix = first < 0 ? stages : stages.slice(0, first);
  const core = first < 0 ? [] : stages.slice(first);
  const prefixRandom = prefix.some((s) => !s.constant);
  if (prefixRandom && arrivals.kind !== "poisson") {
    return constantResult(fn, base, "none", false, "random dedicated stages before the first shared one need Poisson arrivals (they reshuffle the arrival order; a Poisson stream stays Poisson)");
  }
  for (let i = 1; i < core.length; i++) {
    if (core[i].type !== 2 && core.slice(0, i).some(overtakes)) {
      return constantResult(fn, base, "none", false, `stage ${core[i].index} is shared but an earlier stage lets requests overtake (random service on several servers or a dedicated resource); only dedicated stages may follow one`);
    }
  }
  if (core.length > 0 && core[0].type === 1 && !core[0].constant && (lambda * core[0].mean) >= 1) {
    return constantResult(fn, base, "none", false, `stage ${core[0].index} has ${core[0].servers} servers with random service and load λE[S] ≥ 1: the one-server comparison that bounds it does not apply`);
  }

  if (core.length === 0) return dedicatedResult(fn, base, stages);
  const exact = exactCase(core, arrivals);
  if (exact) return exactResult(fn, base, stages, prefix, core, arrivals);

  // Grid: a power of two near (Σ E[S])/1024 seconds, doubled until the bound fits.
  const scale = stages.reduce((s, x) => s + x.mean, 0) || 1;
  const h0 = 2 ** Math.floor(Math.log2(scale / 1024));
  const thetas = THETA_EXPONENTS.map((e) => 10 ** e / scale);
  // Start at the step the first stage's waiting-time tail will need (Cramér–Lundberg:
  // P(W > x) ≈ C e^{−κx} reaches the grid floor near (ln C − ln floor)/κ), plus the services.
  // The longest such extent over the shared one-server stages decides.
  let start = 0;
  if (arrivals.kind === "poisson") {
    for (const s of core) {
      if (s.type !== 0) continue;
      const cl = lundbergKernel(lambda, s.dist);
      if (cl === null) continue;
      const extent = (Math.log(Math.max(cl.sojournC, 1)) - Math.log(GRID_FLOOR)) / cl.kappa + 20 * scale;
      start = Math.max(start, Math.ceil(Math.log2(extent / (h0 * TARGET_GRID_POINTS))));
    }
  }
  let result: { routes: Route[]; h: number } | null = null;
  const logMgfs = logMgfTable(thetas);
  for (let c = start; c <= start + MAX_COARSENINGS; c++) {
    const ctx: Ctx = { arrivals, lambda, h: h0 * 2 ** c, maxPoints: MAX_GRID_POINTS, thetas, logMgfs };
    const routes = routesFor(ctx, prefix, core, stages);
    result = { routes, h: ctx.h };
    if (routes.length === 0) break;
    const best = Math.min(...routes.map((r) => r.law.tail[r.law.tail.length - 1]));
    if (best <= GRID_FLOOR) break;
  }
  const routes = result!.routes;
  if (routes.length === 0) return constantResult(fn, base, "none", false, "no route applies (the stages after the first shared one are slower than it, and the arrivals are Markov-modulated)");
  return boundResult(fn, base, routes, result!.h);
}

/** Routes for the whole pipeline: the prefix (dedicated stages) convolved with the core's. */
function routesFor(ctx: Ctx, prefix: readonly StageInfo[], core: readonly StageInfo[], all: readonly StageInfo[]): Route[] {
  const { random, shift } = constantsApart(prefix);
  const pre = sumLaw(ctx, random);
  const routes: Route[] = [];
  for (const r of [...headRoutes(ctx, core), ...splitRoutes(ctx, core)]) routes.push({ method: r.method, law: gridConvolve(pre, r.law, ctx.maxPoints), shift: r.shift + shift });
  const ch = chernoffRoute(ctx, all);
  if (ch) routes.push(ch);
  return routes;
}

/**
 * T = U + W + S₁ + ΣSᵢ exactly: Poisson arrivals, the core's first stage one server, and
 * every later shared stage constant and no slower than the first stage's minimum service,
 * with only constant stages before it (so its requests arrive at least that far apart and
 * never wait); random dedicated stages only after the last shared one. (Random dedicated
 * stages before the first shared one displace a Poisson stream into a Poisson stream.)
 */
function exactCase(core: readonly StageInfo[], arrivals: RequestArrivals): boolean {
  if (arrivals.kind !== "poisson" || core.length === 0 || core[0].type !== 0) return false;
  const c1 = core[0].min;
  let allConstantSoFar = true;
  for (let i = 1; i < core.length; i++) {
    const s = core[i];
    if (s.type !== 2) {
      if (!(s.constant && s.mean <= c1 && allConstantSoFar)) return false;
    }
    if (!s.constant) allConstantSoFar = false;
  }
  return true;
}

type Base = Pick<ResponseTimeAnalysis, "lambda" | "arrivals" | "stable" | "utilisation" | "bottleneck">;

function checkT(fn: string, t: unknown): number {
  const v = requireNumber(`${fn}.tail`, "t", t);
  if (!(v >= 0)) invalid(`${fn}.tail`, "t", "a number ≥ 0", v);
  return v;
}

function checkEps(fn: string, e: unknown): number {
  return inOpen(`${fn}.quantile`, "epsilon", e, 0, 1);
}

function constantResult(fn: string, base: Base, method: ResponseTimeMethod, exact: boolean, reason: string): ResponseTimeAnalysis {
  return Object.freeze({
    ...base,
    exact,
    methods: Object.freeze([method]),
    reason,
    gridSeconds: 0,
    tail: (t: number) => (checkT(fn, t), Object.freeze({ probability: 1, method })),
    quantile: (e: number) => (checkEps(fn, e), Object.freeze({ seconds: Infinity, method })),
  });
}

function exactResult(fn: string, base: Base, stages: readonly StageInfo[], prefix: readonly StageInfo[], core: readonly StageInfo[], arrivals: RequestArrivals): ResponseTimeAnalysis {
  const q = mg1(arrivals.rate, core[0].dist);
  const others = [...prefix, ...core.slice(1)];
  const shift = others.filter((s) => s.constant).reduce((a, s) => a + s.mean, 0);
  const random = others.filter((s) => !s.constant);
  const method: ResponseTimeMethod = "exact";
  if (random.length === 0) {
    const tailAt = (t: number): number => (t < shift ? 1 : q.sojournTail(t - shift));
    return Object.freeze({
      ...base,
      exact: true,
      methods: Object.freeze([method]),
      reason: "",
      gridSeconds: 0,
      tail: (t: number) => Object.freeze({ probability: tailAt(checkT(fn, t)), method }),
      // Bisection on the same function the tail reads, so tail(quantile(ε)) ≤ ε holds in
      // doubles (adding the shift to mg1's quantile can round below it).
      quantile: (e: number) => Object.freeze({ seconds: bisect(tailAt, checkEps(fn, e), q.sojournQuantile(0.5) + shift), method }),
    });
  }
  // Random parts: their grid law (rounded up, so the value errs high by at most one step
  // per part), against the exact M/G/1 sojourn tail.
  const scale = stages.reduce((s, x) => s + x.mean, 0) || 1;
  const h = exactGridStep(scale, random);
  let x = gridPoint(h, 0);
  for (const s of random) x = gridConvolve(x, serviceGrid(s.dist, h, MAX_GRID_POINTS), MAX_GRID_POINTS);
  const xs = x;
  // P(X̂ + T₁ > t) = Σ_j P(X̂ = jh)P(T₁ > t − jh); the sum stops once the rest of X̂'s mass,
  // counted whole (P(T₁ > ·) ≤ 1), is below 1e-12 of the sum — the value stays an upper bound.
  const tailAt = (t: number): number => {
    let v = 0;
    const n = xs.mass.length;
    let j = 0;
    for (; j < n; j++) {
      const w = xs.mass[j];
      if (w > 0) {
        const u = t - shift - j * h;
        v += w * (u < 0 ? 1 : q.sojournTail(u));
      }
      if (xs.tail[j] <= 1e-12 * v) break;
    }
    return Math.min(1, v + xs.tail[Math.min(j, n - 1)]);
  };
  return Object.freeze({
    ...base,
    exact: true,
    methods: Object.freeze([method]),
    reason: "",
    gridSeconds: h,
    tail: (t: number) => Object.freeze({ probability: tailAt(checkT(fn, t)), method }),
    quantile: (e: number) => Object.freeze({ seconds: bisect(tailAt, checkEps(fn, e), shift + random.reduce((a, s) => a + s.mean, 0) + q.meanSojourn), method }),
  });
}

/**
 * Grid step for the random parts of an exact result: a power of two near ΣE[S]/4096, made
 * coarse enough that their sum's law reaches the grid floor within MAX_GRID_POINTS points
 * (its extent from Chernoff: inf_θ (Σ ln E[e^{θS}] − ln 1e-30)/θ) — else a long-tailed part
 * (a gamma with a large mean) would be cut with a large atom at ∞.
 */
function exactGridStep(scale: number, random: readonly StageInfo[]): number {
  const m = random.reduce((a, s) => a + s.mean, 0) || scale;
  let extent = Infinity;
  for (let e = -3; e <= 3; e += 0.01) {
    const th = 10 ** e / m;
    const lm = random.reduce((a, s) => a + (th < s.dist.thetaSup ? logMgfUpper(s.dist, th) : Infinity), 0);
    extent = Math.min(extent, (lm - Math.log(GRID_FLOOR)) / th);
  }
  let h = 2 ** Math.floor(Math.log2(scale / 4096));
  while (extent / h > MAX_GRID_POINTS / 2) h *= 2;
  return h;
}

/** Every stage dedicated: T = ΣSᵢ exactly (no queue anywhere), on a grid when some part is random. */
function dedicatedResult(fn: string, base: Base, stages: readonly StageInfo[]): ResponseTimeAnalysis {
  const method: ResponseTimeMethod = "exact";
  const shift = stages.filter((s) => s.constant).reduce((a, s) => a + s.mean, 0);
  const random = stages.filter((s) => !s.constant);
  const common = { ...base, exact: true, methods: Object.freeze([method]), reason: "" };
  if (random.length === 0) {
    return Object.freeze({
      ...common,
      gridSeconds: 0,
      tail: (t: number) => Object.freeze({ probability: checkT(fn, t) < shift ? 1 : 0, method }),
      quantile: (e: number) => (checkEps(fn, e), Object.freeze({ seconds: shift, method })),
    });
  }
  const scale = stages.reduce((s, x) => s + x.mean, 0) || 1;
  const h = exactGridStep(scale, random);
  let x = gridPoint(h, 0);
  for (const s of random) x = gridConvolve(x, serviceGrid(s.dist, h, MAX_GRID_POINTS), MAX_GRID_POINTS);
  const law = x;
  return Object.freeze({
    ...common,
    gridSeconds: h,
    tail: (t: number) => Object.freeze({ probability: gridTail(law, Math.max(0, checkT(fn, t) - shift)) * (t < shift ? 0 : 1) + (t < shift ? 1 : 0), method }),
    quantile: (e: number) => Object.freeze({ seconds: gridQuantile(law, checkEps(fn, e)) + shift, method }),
  });
}

/** Smallest t with tail(t) ≤ ε for a non-increasing tail, to a relative 1e-12 (the upper end, so tail(result) ≤ ε). */
function bisect(tail: (t: number) => number, eps: number, guess: number): number {
  let lo = 0;
  let hi = Math.max(guess, 1e-9);
  if (tail(0) <= eps) return 0;
  for (let i = 0; i < 2000 && !(tail(hi) <= eps); i++) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (tail(mid) <= eps) hi = mid;
    else lo = mid;
  }
  return hi;
}

function boundResult(fn: string, base: Base, routes: readonly Route[], h: number): ResponseTimeAnalysis {
  const tailOf = (t: number): { probability: number; method: ResponseTimeMethod } => {
    let best = 1;
    let method: ResponseTimeMethod = routes[0].method;
    for (const r of routes) {
      const v = routeTail(r, t);
      if (v < best) {
        best = v;
        method = r.method;
      }
    }
    return { probability: Math.min(1, best), method };
  };
  return Object.freeze({
    ...base,
    exact: false,
    methods: Object.freeze(routes.map((r) => r.method)),
    reason: "",
    gridSeconds: h,
    tail: (t: number) => Object.freeze(tailOf(checkT(fn, t))),
    quantile: (e: number) => {
      const eps = checkEps(fn, e);
      let best = Infinity;
      let method: ResponseTimeMethod = routes[0].method;
      for (const r of routes) {
        const q = routeQuantile(r, eps);
        if (q < best) {
          best = q;
          method = r.method;
        }
      }
      return Object.freeze({ seconds: best, method });
    },
  });
}

/** What {@link responseTimeBound} and {@link responseTimeQuantile} say about how their value was obtained. */
export interface ResponseTimeResult {
  /** True when the value is exact (to the stated numerical accuracy), not a bound. */
  readonly exact: boolean;
  /** The route that gave it. */
  readonly method: ResponseTimeMethod;
  /** Long-run arrival rate λ. */
  readonly lambda: number;
  /** Every shared stage has utilisation < 1. */
  readonly stable: boolean;
  /** The largest shared-stage utilisation. */
  readonly utilisation: number;
  /** Why no bound below 1 is available (method `none`), else "". */
  readonly reason: string;
}

/** The result of {@link responseTimeBound}. */
export interface ResponseTimeBound extends ResponseTimeResult {
  /** The delay t (seconds). */
  readonly t: number;
  /** P(T > t) when `exact`, else an upper bound on it (1 for an unstable pipeline). */
  readonly probability: number;
}

/**
 * P(T > t) for the request-level response time T of a pipeline — exact where the
 * pipeline's shape allows (`exact: true`), otherwise a valid upper bound (docs/model.md
 * §9.3–9.4; the routes and assumptions of {@link responseTimeAnalysis}). An unstable
 * pipeline is a result (`stable: false`, probability 1), not an error.
 *
 * @param pipeline - the stages with their resources
 * @param opts - `lambda` (Poisson, > 0) or `arrivals`; `coherenceSeconds` for Rayleigh transfers
 * @param t - the delay in seconds, ≥ 0
 * @throws RangeError / TypeError naming the parameter: λ ≤ 0 or missing, t < 0 or NaN, a
 *   malformed pipeline, an unknown resource kind, a bad arrival process
 * @example
 * ```ts
 * const { collaborative } = paradigms(paperScenario.params);
 * const b = responseTimeBound(collaborative, { lambda: 0.5 }, 6);
 * b.method; // "head"
 * b.probability.toExponential(2); // "2.71e-4"
 * ```
 */
export function responseTimeBound(pipeline: Pipeline | GraphPipeline, opts: ResponseTimeOptions, t: number): ResponseTimeBound {
  const fn = "responseTimeBound";
  const tt = requireNumber(fn, "t", t);
  if (!(tt >= 0)) invalid(fn, "t", "a number ≥ 0 (seconds)", tt);
  const a = analyse(fn, pipeline, opts);
  const v = a.tail(tt);
  return Object.freeze({ t: tt, probability: v.probability, exact: a.exact, method: v.method, lambda: a.lambda, stable: a.stable, utilisation: a.utilisation, reason: a.reason });
}

/** The result of {@link responseTimeQuantile}. */
export interface ResponseTimeQuantile extends ResponseTimeResult {
  /** The exceedance probability ε. */
  readonly epsilon: number;
  /** The smallest t (seconds) with P(T > t) ≤ ε — exact, or an upper bound on the true ε-quantile; Infinity when unstable or no bound applies. */
  readonly seconds: number;
}

/**
 * The delay exceeded by at most a fraction ε of requests: the smallest t with
 * `responseTimeBound(pipeline, opts, t).probability ≤ ε` — the exact ε-quantile where the
 * response time's law is exact, otherwise an upper bound on it (docs/model.md §9.4).
 *
 * @param pipeline - the stages with their resources
 * @param opts - `lambda` (Poisson, > 0) or `arrivals`; `coherenceSeconds`
 * @param epsilon - ε ∈ (0, 1), e.g. 1e-3 for one request in a thousand
 * @throws RangeError / TypeError naming the parameter: ε outside (0, 1), λ ≤ 0 or missing,
 *   a malformed pipeline
 * @example
 * ```ts
 * const { collaborative, edgeOnly } = paradigms(paperScenario.params);
 * responseTimeQuantile(collaborative, { lambda: 0.5 }, 1e-3).seconds.toFixed(2); // "5.16"
 * responseTimeQuantile(edgeOnly, { lambda: 0.5 }, 1e-3).seconds.toFixed(2); // "5.80"
 * ```
 */
export function responseTimeQuantile(pipeline: Pipeline | GraphPipeline, opts: ResponseTimeOptions, epsilon: number): ResponseTimeQuantile {
  const fn = "responseTimeQuantile";
  const e = inOpen(fn, "epsilon", epsilon, 0, 1);
  const a = analyse(fn, pipeline, opts);
  const q = a.quantile(e);
  return Object.freeze({ epsilon: e, seconds: q.seconds, exact: a.exact, method: q.method, lambda: a.lambda, stable: a.stable, utilisation: a.utilisation, reason: a.reason });
}

