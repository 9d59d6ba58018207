/**
 * The martingale bound for slotted tandems (docs/model.md §10): a valid upper bound on the
 * virtual-delay violation P(W(t) > T) of n cut-through stages that needs no union over the
 * split points of the min-plus convolution.
 *
 * Outline (proof in docs/model.md §10). Read time backwards from t + T. The departures of
 * the tandem by t + T, seen backwards, are the output F(K) of a *saturated* reversed tandem
 * (stage n first, stage 1 last) whose queues E_j hold the service of stage j+1 that stage j
 * has not used yet; F(K) is an additive functional of the Markov chain E driven by the
 * i.i.d. per-slot services. W(t) > T ⇔ sup_{K ≥ T} [Â(T, K) − F(K)] > 0. After the window
 * the state S = (arrival state J, E) and the level X = Â − F form a Markov additive process;
 * a function u ≥ 0 of S with `G_θ u ≤ u` (`G_θ` the arrivals' and services' tilted kernel)
 * and u ≥ 1 wherever a crossing can end makes `u(S)e^{θ(X − x₀)}` a supermartingale that is
 * ≥ 1 at the crossing, so `P(W > T) ≤ e^{−θ·gap}·Σ_j π_j E[u(j, E_T)e^{−θF(T)}]`. The
 * smallest such u (the Snell envelope of the crossing: by policy iteration on small chains,
 * else by `u ← max(b, G_θ u)` down from a scaled Perron vector, every iterate of which
 * qualifies; each u is checked before use) replaces Kingman's `h(0)/min h`; the window
 * expectation is computed exactly by T steps of the tilted service kernel (up to 64, then a
 * geometric tail).
 *
 * The chain is made finite conservatively: the queues are rounded down to lattices by prefix
 * sums from the output (the service to come falls with none of them), each capped, decided
 * in exact arithmetic where doubles cannot tell (when every service value lies on a common
 * dyadic lattice the chain is exact there and only the caps throw service away), most queues
 * at cap 0 — then a group of stages serves the per-slot minimum of their services.
 * Candidates (the per-slot minimum, each queue alone, the two queues around the random
 * stage, and for constant → random → constant the drawdown envelope of ./drawdown.ts, which
 * caps nothing its decay needs, and with the costlier envelopes its Snell envelope of
 * ./drawdown-snell.ts) are each a valid bound; the smallest is reported.
 *
 * Every number is a pure function of the inputs: the chains (built once per frozen service
 * and arrivals object) hold no numbers of earlier calls, and each bound runs its θ search
 * from fixed start vectors. The one number a plan keeps, a chain's critical θ with the Perron
 * vector it ends on, is what that fixed-start search gives whenever it runs. Nothing here
 * throws: unsupported inputs give a plan with a `reason`.
 *
 * @module
 */

import type { ArrivalProcess, StageService } from "./types.js";
import { brentMin } from "../numeric/minimize.js";
import { solveDense } from "../numeric/linear.js";
import { type BandedKernel, type LatticeArrivals, overshootEnvelope } from "./overshoot.js";
import { type DrawdownPlan, drawdownGridLog, drawdownLog, drawdownPlan, drawdownSteps } from "./drawdown.js";
import { drawdownSnellLog } from "./drawdown-snell.js";
import { gatherCompiled, rowsTimes } from "./chain-kernels.js";

/** Lattice states of a rounded single queue. */
const STATES_1D = 40;
/**
 * Lattice states of a rounded single queue in the wider plan of a quantile's refinement
 * (docs/model.md §10.6): the same cap, a step twice as fine. The rounding, not the cap, is
 * what such a chain loses: on compute → Rayleigh (2.9 / 2.77) 5.39e-4 against 6.67e-4 at
 * 9 slots and load 0.72, 5.9e-3 against 1.33e-2 at 20 slots and load 0.9 (1e-3 quantile 26
 * against 31), at 2–4× the cost of a bound.
 */
const STATES_1D_WIDE = 80;
/**
 * A rounded two-queue chain: with close rates both queues on one step of 1/15 of the slower
 * constant neighbour's rate, 17 states each (caps 16/15 of that rate: the prefix rounding of
 * §10.3 needs the queue next to the output fine, and the pair's sum wide); otherwise at most
 * 12 states per queue over caps of 2.5 means of the serving parts (a fast stage stores much
 * service for a slow one; the rounding costs little there).
 */
const STATES_2D_CLOSE = 17;
const STEP_2D_CLOSE = 1 / 15;
/**
 * The wider close-rate chain of a plan asked for with `wide` (the refinement of a delay
 * quantile, docs/model.md §10.6): the same step, caps growing with the load ρ (arrivals over
 * the slowest mean rate) as `WIDE_CAP_PER_LOAD·ρ/(1 − ρ)` rates, between 21 and 33 states
 * per queue. At 2.7 / 2.77 / 2.7: 21 × 21 at load 0.74 (critical θ 0.362 against 0.353;
 * 1.27e-6 against 1.51e-6 at 17 slots), 33 × 33 at load 0.9 (θ 0.104 against 0.063;
 * 8.7e-3 against 5.1e-2 at 20 slots; 41 × 41 would give 6.6e-3 at twice the cost). Wider
 * caps at light load only raise the prefactor.
 */
const STATES_2D_CLOSE_WIDE = [21, 33] as const;
const WIDE_CAP_PER_LOAD = 0.4;
const STATES_2D_APART = 12;
const CAP_FACTORS_2D_APART = [2.5, 2.5] as const;
/** Largest exact-lattice states of a single queue, and per queue of a two-queue chain. */
const LATTICE_1D = 64;
const LATTICE_2D = 20;
/** Cap of a rounded single queue, in units of its serving part's mean service per slot. */
const CAP_FACTOR_1D = 3;
/**
 * The drawdown envelope (docs/model.md §10.8) is planned when the random stage's mean is
 * below this many times the slower constant: there its queues are near-critical and the
 * chains' caps lose service under heavy load (it wins on 2.4 / 2.77 / 2.5 from 25 slots at
 * λ = 2.2); with a clear bottleneck (1.6 / 2.77 / 2.0) the chains keep their decay.
 */
const DRAWDOWN_NEAR = 1.25;
/**
 * The Snell envelope of the drawdown walk (docs/model.md §10.9; with `overshoot`) is tried
 * where the drawdown envelope is within this (in ln) of the best bound. It lay 1.1–2.0 below
 * the drawdown envelope at 10–30 slots and loads 0.74 and 0.9 on 2.7 / 2.77 / 2.7, and costs
 * 0.1–0.5 s: at load 0.74 the chains' quantiles were as good without it.
 */
const SNELL_GATE = 1;
/** Rates are close when the random part's mean is within this factor of its slower neighbour's. */
const CLOSE = 1.15;
/** A constant before the random part is slowed to the one after it when faster by at most this fraction. */
const LOWER_TO_ALIGN = 0.05;
/** Cap of an exact-lattice queue, in units of its serving part's mean service. */
const CAP_LATTICE = 12;
/**
 * Power-iteration steps per θ at most: the bound uses the Collatz–Wielandt ν of whatever
 * vector it reaches, so stopping early only costs tightness, never validity.
 */
const MAX_POWER_STEPS = 300;
/** Relative spread of the Collatz–Wielandt quotients at which the power iteration stops. */
const POWER_TOL = 1e-6;
/**
 * The spread at which a power iteration may stop when its upper bound is EASY_MARGIN below
 * the feasibility limit (ln ν̄ ≤ −ln λ_A − EASY_MARGIN): far from the critical θ.
 */
const LOOSE_POWER_TOL = 1e-2;
const EASY_MARGIN = 0.02;
/**
 * Relative precision of a queue chain's critical θ: fine where the bound's optimum lies at or
 * near it (longer delays), coarse up to SMALL_DELAY slots, where the walk down goes far below
 * it. Against the fine search, measured on 15 systems at T0 = 1 and 3
 * (docs/model.md §10.5): the bound moves by under 0.25 %, its quantiles not at all.
 */
const CRITICAL_TOL = 1e-5;
const CRITICAL_TOL_SMALL = 1e-3;
const SMALL_DELAY = 3;
/**
 * A coarse critical search (relative precision ≥ 1e-3) stops a power iteration once its
 * quotients' relative spread is under this fraction of the precision, on whichever side of the
 * limit they lie: a θ left undecided counts as infeasible (the search only ever returns a θ
 * proved feasible).
 */
const SETTLE_FRACTION = 0.1;
/**
 * Brent steps at most for the winner's optimum inside its walk, from its best point (each a
 * chain evaluation): five, three for a two-queue chain (ten times the cost). Against the
 * full search, measured on eight tandems at delays 0–200: the bound moves by under 0.1 %.
 */
const REFINE_STEPS = 5;
const REFINE_STEPS_WIDE = 3;
/** Chains of at most this many (arrival state, queue) states get the exact Snell envelope. */
const DENSE_MAX = 160;
/** Steps of the iteration `u ← max(b, G u)` from above at most (every iterate is valid). */
const MAX_SNELL_STEPS = 10;
/** Relative change of u at which that iteration stops. */
const SNELL_TOL = 1e-10;
/** Window slots computed exactly; beyond, a geometric tail bound. */
const WINDOW = 64;
/**
 * The supermartingale is sought for `e^{INFLATE}·G` and checked for G without allowance, so
 * the rounding of a solve can never make a vector that fails `G u ≤ u` count as one.
 */
const INFLATE = 1e-11;
/**
 * The margin a θ needs: `ln λ + ln ν ≤ −margin`. With no state at all (i.i.d. arrivals, one
 * stage or a per-slot minimum) u ≡ 1 needs no solve, and Kingman's root itself is allowed up
 * to the rounding of its two log-MGFs.
 */
function margin(plan: MartingalePlan, c: Chain): number {
  return c.n === 1 && plan.modulator.k === 1 ? -1e-13 : INFLATE;
}
/**
 * The two-queue chain (ten times the cost of a single-queue one) is tried when no
 * single-queue chain's critical θ reaches this fraction of θmax: then it can gain decay. (With
 * a clear bottleneck it could only improve the prefactor, at several times the time.)
 */
const WIDE_GATE = 0.985;
/** Upper support of a per-slot law: 1 − F(x) below this is treated as a tail bound. */
const TAIL = 1e-18;

// 8-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329,
  0.7966664774136267, 0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];

/**
 * The per-slot law of a group's service `Z = min(c, X)`: c a constant (Infinity if none), X
 * the minimum of the group's random stages (absent when all are constant).
 */
interface Law {
  /** min of the constants (Infinity when none). */
  readonly c: number;
  /** P(X ≤ x) of the random part, or null when the group is constant. */
  readonly cdf: ((x: number) => number) | null;
  /** Lattice steps where X may have atoms (empty: continuous). */
  readonly lattices: readonly number[];
  /** x beyond which 1 − F_X(x) ≤ TAIL (Infinity when unknown). */
  readonly upper: number;
  /** E[Z]. */
  readonly mean: number;
}

/** P(Z ≤ x) for Z = min(c, X). */
function lawCdf(l: Law, x: number): number {
  if (x >= l.c) return 1;
  if (l.cdf === null) return 0;
  return x < 0 ? 0 : l.cdf(x);
}

function isConstant(l: Law): boolean {
  return l.cdf === null;
}

/** One stage's per-slot law, or a reason it has none. */
function stageLaw(s: StageService): Law | string {
  if (s.kind === "constant" && typeof s.params.perSlot === "number") {
    return { c: s.params.perSlot, cdf: null, lattices: [], upper: s.params.perSlot, mean: s.params.perSlot };
  }
  if (typeof s.slotCdf !== "function") {
    return `stage "${s.name}" gives no per-slot distribution (slotCdf), only its log-MGF`;
  }
  const cdf = s.slotCdf.bind(s);
  const lattice = typeof s.slotLattice === "number" && s.slotLattice > 0 ? s.slotLattice : 0;
  let upper = Math.max(1e-300, 2 * s.meanPerSlot);
  for (let k = 0; k < 2100 && 1 - cdf(upper) > TAIL; k++) upper *= 1.5;
  if (1 - cdf(upper) > TAIL) return `stage "${s.name}": its per-slot distribution has no finite upper range`;
  return { c: Infinity, cdf, lattices: lattice > 0 ? [lattice] : [], upper, mean: s.meanPerSlot };
}

/** The per-slot minimum of independent stages' services. */
function minLaw(laws: readonly Law[]): Law {
  const c = Math.min(...laws.map((l) => l.c));
  const random = laws.filter((l) => l.cdf !== null);
  if (random.length === 0) return { c, cdf: null, lattices: [], upper: c, mean: c };
  const cdfs = random.map((l) => l.cdf!);
  // P(min X > x) = Π P(X_i > x): summed in log1p form so small F stay accurate.
  const cdf =
    cdfs.length === 1
      ? cdfs[0]
      : (x: number) => {
          let s = 0;
          for (const f of cdfs) s += Math.log1p(-Math.min(1, f(x)));
          return -Math.expm1(s);
        };
  const upper = Math.min(c, ...random.map((l) => l.upper));
  const lattices = [...new Set(random.flatMap((l) => l.lattices))];
  // E[min(c, X)] = ∫_0^{upper} P(min > x) dx by Gauss–Legendre panels (a planning value only).
  let mean = 0;
  const top = Math.min(upper, c);
  const panels = 64;
  const w = top / panels;
  for (let p = 0; p < panels; p++) {
    for (let q = 0; q < 8; q++) {
      const x = (p + 0.5 + 0.5 * GL_X[q]) * w;
      mean += 0.5 * w * GL_W[q] * (1 - cdf(x));
    }
  }
  return { c, cdf, lattices, upper, mean };
}

/**
 * Tilted masses of one law: `Φ(x) = ∫_{[0,x]} e^{−θy} dF_Z(y)` at a sorted set of points,
 * with left limits, from Gauss–Legendre panels between consecutive points. The CDF values
 * at the nodes do not depend on θ and are computed once.
 */
class TiltTable {
  readonly points: Float64Array;
  readonly cdfAt: Float64Array;
  readonly cdfLeft: Float64Array;
  private readonly nodeX: Float64Array;
  private readonly nodeF: Float64Array;
  /** Φ(points[m]) and Φ(points[m]−) at the last θ. */
  readonly phi: Float64Array;
  readonly phiLeft: Float64Array;

  constructor(readonly law: Law, pts: readonly number[] | Float64Array, thetaCap: number) {
    // Breakpoints: the requested points, the law's atoms and constant, subdivided so that
    // θ·width ≤ 1 at the largest θ and a panel never spans more than 1/64 of the range.
    const top = Math.min(law.c, law.upper);
    // The points in (0, top), 0 and top, sorted (a typed sort: numeric) without repeats.
    const lat: number[] = [];
    for (const L of law.lattices) for (let k = 1; k * L < top && k < 100_000; k++) lat.push(k * L);
    const all = new Float64Array(pts.length + lat.length + 2);
    let w = 0;
    all[w++] = 0;
    all[w++] = top;
    for (const p of pts) if (p > 0 && p < top) all[w++] = p;
    for (const p of lat) all[w++] = p;
    const sortedAll = all.subarray(0, w).sort();
    let u = 0;
    for (let i = 0; i < w; i++) if (i === 0 || sortedAll[i] !== sortedAll[i - 1]) sortedAll[u++] = sortedAll[i];
    const sorted = sortedAll.subarray(0, u);
    const maxW = Math.min(top / 48 || Infinity, thetaCap > 0 ? 4 / thetaCap : Infinity);
    const fine: number[] = [sorted[0]];
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1];
      const b = sorted[i];
      const k = Number.isFinite(maxW) && maxW > 0 ? Math.min(64, Math.ceil((b - a) / maxW)) : 1;
      for (let j = 1; j < k; j++) fine.push(a + ((b - a) * j) / k);
      fine.push(b);
    }
    this.points = Float64Array.from(fine);
    const n = fine.length;
    this.cdfAt = new Float64Array(n);
    this.cdfLeft = new Float64Array(n);
    this.nodeX = new Float64Array(8 * n);
    this.nodeF = new Float64Array(8 * n);
    this.phi = new Float64Array(n);
    this.phiLeft = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const x = fine[m];
      this.cdfAt[m] = lawCdf(law, x);
      // Left limit: an atom sits at x only on a lattice point or at the constant.
      const atom = x === law.c || law.lattices.some((L) => Math.abs(x / L - Math.round(x / L)) < 1e-12);
      // F(x−) ≥ F at the previous point: near-duplicate points (equal up to rounding) must
      // not each carry the atom.
      const left = atom ? lawCdf(law, x * (1 - 1e-15) - 1e-300) : this.cdfAt[m];
      this.cdfLeft[m] = m > 0 ? Math.min(this.cdfAt[m], Math.max(left, this.cdfAt[m - 1])) : left;
      if (m > 0) {
        const a = fine[m - 1];
        const h = x - a;
        for (let q = 0; q < 8; q++) {
          const y = a + 0.5 * h * (1 + GL_X[q]);
          this.nodeX[8 * m + q] = y;
          this.nodeF[8 * m + q] = lawCdf(law, y);
        }
      }
    }
  }

  /**
   * Fills Φ at θ: `∫_{(a,b]} e^{−θy}dF = e^{−θb}(F(b) − F(a)) + θ∫_a^b e^{−θy}(F(y) − F(a))dy`
   * (Stieltjes by parts; for θ > 0 every term ≥ 0, no cancellation; θ < 0 only for
   * {@link noDrift}). Returns Φ(∞) plus the tail bound.
   */
  fill(theta: number): number {
    const p = this.points;
    const n = p.length;
    let acc = this.cdfAt[0]; // the atom at 0
    this.phiLeft[0] = 0;
    this.phi[0] = acc;
    for (let m = 1; m < n; m++) {
      const a = p[m - 1];
      const b = p[m];
      const fa = this.cdfAt[m - 1];
      let integral = 0;
      if (theta !== 0) {
        for (let q = 0; q < 8; q++) {
          const d = this.nodeF[8 * m + q] - fa;
          if (d > 0) integral += GL_W[q] * Math.exp(-theta * this.nodeX[8 * m + q]) * d;
        }
        integral *= 0.5 * (b - a) * theta;
      }
      const left = acc + Math.exp(-theta * b) * Math.max(0, this.cdfLeft[m] - fa) + integral;
      acc = left + Math.exp(-theta * b) * Math.max(0, this.cdfAt[m] - this.cdfLeft[m]);
      this.phiLeft[m] = left;
      this.phi[m] = acc;
    }
    // Mass beyond the last point (≤ TAIL when the law is unbounded): bounded by e^{−θ·last}.
    return acc + Math.exp(-theta * p[n - 1]) * Math.max(0, 1 - this.cdfAt[n - 1]);
  }
}

/**
 * A queue of the reversed chain: `states` lattice points 0, g, …, (states − 1)·g = cap
 * (1 state: cap 0, the queue is deleted). `exact`: every value the chain meets is a multiple
 * of g in doubles (a dyadic lattice), so a remainder is a lattice point and is kept as it is;
 * otherwise remainders are rounded down (docs/model.md §10.3).
 */
interface QueueSpec {
  readonly states: number;
  readonly cap: number;
  readonly exact: boolean;
  /** The lattice step when given (the queues of a chain then share it bit for bit). */
  readonly step?: number;
}

function stepOf(q: QueueSpec): number {
  return q.states > 1 ? (q.step ?? q.cap / (q.states - 1)) : 0;
}

// Exact arithmetic for the lattice decisions (a remainder that lies exactly on a lattice
// point in real numbers must keep that point; doubles alone round it either way): sums of
// doubles as non-overlapping expansions (Shewchuk, "Adaptive precision floating-point
// arithmetic and fast robust geometric predicates", 1997), products by Dekker's split.

/** a + b = s + err exactly (Knuth's TwoSum); returns s, writes err to `TS[0]`. */
const TS = new Float64Array(1);
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bv = s - a;
  const av = s - bv;
  TS[0] = a - av + (b - bv);
  return s;
}

/** a·b = p + err exactly (Dekker); returns p, writes err to `TS[0]`. */
function twoProd(a: number, b: number): number {
  const p = a * b;
  const ca = 134217729 * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  TS[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** The expansion e + b (non-overlapping, increasing magnitude, zeros dropped). */
function grow(e: readonly number[], b: number): number[] {
  const h: number[] = [];
  let q = b;
  for (const x of e) {
    q = twoSum(q, x);
    if (TS[0] !== 0) h.push(TS[0]);
  }
  if (q !== 0) h.push(q);
  return h;
}

/** The exact sign of an expansion: its largest component's. */
function signOf(e: readonly number[]): number {
  return e.length === 0 ? 0 : Math.sign(e[e.length - 1]);
}

/** The expansion t − k·g. */
function minusMultiple(t: readonly number[], k: number, g: number): number[] {
  const p = twoProd(k, g);
  const err = TS[0];
  return grow(grow(t, -p), -err);
}

/**
 * Rounding of the remainders (docs/model.md §10.3): with R_j the exact remainder of queue j
 * (real-time order, queue 0 next to the output), the service to come never falls when the
 * content of queue 0 falls or a prefix sum R_0 + … + R_j falls, so each prefix sum is
 * rounded down in turn — queue j gets the largest lattice point not above its remainder plus
 * what the queues before it lost (`carry`), capped — and what the last queue loses is
 * thrown away. Doubles decide unless a value lies within 10⁻⁷ of a lattice step of a
 * lattice point; then the caller redoes the step exactly. Returns false in that case.
 */
function roundPrefix(rem: Float64Array, qs: readonly QueueSpec[], next: Int32Array, lattice: boolean): boolean {
  let carry = 0;
  for (let j = 0; j < qs.length; j++) {
    const q = qs[j];
    // On an exact lattice nothing is lost to rounding: each queue keeps its own remainder.
    const t = lattice ? rem[j] : rem[j] + carry;
    if (q.states <= 1) {
      next[j] = 0;
      carry = t;
      continue;
    }
    const g = stepOf(q);
    if (t === 0) {
      next[j] = 0;
      carry = 0;
      continue;
    }
    const u = t / g;
    let y = Math.floor(u);
    if (!lattice) {
      const fr = u - y;
      if (fr < 1e-7 || fr > 1 - 1e-7) return false;
    }
    if (y > q.states - 1) y = q.states - 1;
    if (y < 0) y = 0;
    next[j] = y;
    carry = t - y * g;
    if (carry < 0) carry = 0;
  }
  return true;
}

/** The step of {@link slotStep} in exact arithmetic (next-state digits only). */
function exactStep(values: readonly number[], random: number, x: number, e: Int32Array, qs: readonly QueueSpec[], next: Int32Array): void {
  const m = values.length;
  let f: number[] = [random === m - 1 ? x : values[m - 1]];
  const rems: number[][] = [];
  for (let j = m - 2; j >= 0; j--) {
    const g = stepOf(qs[j]);
    const p = twoProd(e[j], g);
    const total = grow(grow(f, TS[0]), p);
    const sigma = random === j ? x : values[j];
    const d = grow(total, -sigma);
    if (signOf(d) < 0) {
      rems[j] = [];
      f = total;
    } else {
      rems[j] = d;
      f = [sigma];
    }
  }
  let carry: number[] = [];
  for (let j = 0; j < m - 1; j++) {
    const q = qs[j];
    let t = carry;
    for (const c of rems[j]) t = grow(t, c);
    if (q.states <= 1) {
      next[j] = 0;
      carry = t;
      continue;
    }
    const g = stepOf(q);
    let approx = 0;
    for (const c of t) approx += c;
    let y = Math.min(q.states - 1, Math.max(0, Math.floor(approx / g)));
    while (y > 0 && signOf(minusMultiple(t, y, g)) < 0) y--;
    while (y < q.states - 1 && signOf(minusMultiple(t, y + 1, g)) >= 0) y++;
    next[j] = y;
    carry = minusMultiple(t, y, g);
  }
}

/**
 * The symbolic form of a rounded chain whose queues share one step g: every value the step
 * meets is `L·g + Σ_i k_i·c_i + a·x` (L, k_i, a integers; c_i the constant parts), tracked
 * beside the doubles, so a prefix sum free of x is rounded by integer arithmetic and one
 * exact floor of `Σ k_i c_i / g` per combination k (cached).
 */
interface Symbolic {
  readonly g: number;
  readonly m: number;
  /** Per queue j: L, a, and k (m entries from j·m) of its remainder. */
  readonly remL: Int32Array;
  readonly remA: Int32Array;
  readonly remK: Int32Array;
  /** Exact ⌊Σ k_i c_i / g⌋ by combination key (k_i + 8 in base 17; NaN: not yet known). */
  readonly floors: Float64Array;
  readonly values: readonly number[];
}

function symbolic(values: readonly number[], qs: readonly QueueSpec[]): Symbolic | null {
  let g = 0;
  for (const q of qs) {
    if (q.states <= 1) continue;
    const step = stepOf(q);
    if (g === 0) g = step;
    else if (step !== g) return null;
  }
  const m = values.length;
  if (!(g > 0) || m > 4) return null;
  return { g, m, remL: new Int32Array(m), remA: new Int32Array(m), remK: new Int32Array(m * m), floors: new Float64Array(17 ** m).fill(NaN), values };
}

/** ⌊Σ k_i c_i / g⌋ exactly (k from `k[at …]`, m entries), cached by combination. */
function constantFloor(sym: Symbolic, k: Int32Array): number {
  let key = 0;
  for (let i = 0; i < sym.m; i++) key = Math.abs(k[i]) <= 8 && key >= 0 ? key * 17 + (k[i] + 8) : -1;
  const hit = key >= 0 ? sym.floors[key] : NaN;
  if (hit === hit) return hit;
  let t: number[] = [];
  let approx = 0;
  for (let i = 0; i < sym.m; i++) {
    if (k[i] === 0) continue;
    const p = twoProd(k[i], sym.values[i]);
    t = grow(grow(t, TS[0]), p);
    approx += k[i] * sym.values[i];
  }
  let y = Math.floor(approx / sym.g);
  while (signOf(minusMultiple(t, y, sym.g)) < 0) y--;
  while (signOf(minusMultiple(t, y + 1, sym.g)) >= 0) y++;
  if (key >= 0) sym.floors[key] = y;
  return y;
}

/**
 * {@link roundPrefix} on the symbolic forms: a prefix sum free of x is rounded exactly by
 * integers; one with x by doubles (false when they cannot decide: the caller redoes the
 * step exactly).
 */
function roundPrefixSymbolic(sym: Symbolic, rem: Float64Array, qs: readonly QueueSpec[], next: Int32Array, k: Int32Array): boolean {
  const { g, m, remL, remA, remK } = sym;
  let L = 0;
  let A = 0;
  let sum = 0;
  let held = 0;
  for (let i = 0; i < m; i++) k[i] = 0;
  for (let j = 0; j < qs.length; j++) {
    const q = qs[j];
    L += remL[j];
    A += remA[j];
    for (let i = 0; i < m; i++) k[i] += remK[j * m + i];
    sum += rem[j];
    if (q.states <= 1) {
      next[j] = 0;
      continue;
    }
    let y: number;
    if (A === 0) y = L - held + constantFloor(sym, k);
    else {
      const u = (sum - held * g) / g;
      y = Math.floor(u);
      const fr = u - y;
      if (fr < 1e-7 || fr > 1 - 1e-7) return false;
    }
    if (y > q.states - 1) y = q.states - 1;
    if (y < 0) y = 0;
    next[j] = y;
    held += y;
  }
  return true;
}

/**
 * The exact remainders of one backward slot of the reversed tandem at a value x of the
 * random part, before any rounding: parts in real-time order p_0 … p_{m−1}, queue j (between
 * p_j and p_{j+1}) holding p_{j+1}'s service that p_j has not used. From the saturated
 * p_{m−1} down to p_0: `total = e_j + f`, `f ← min(total, σ_j)`, `rem_j = total − f`.
 * Writes rem_j, returns f_0; `slope.a` is df_0/dx there (0 or 1).
 */
function remainders(values: readonly number[], random: number, x: number, e: Int32Array, qs: readonly QueueSpec[], rem: Float64Array, slope: { a: number }, sym: Symbolic | null = null, fk: Int32Array | null = null): number {
  const m = values.length;
  let f = random === m - 1 ? x : values[m - 1];
  let a = random === m - 1 ? 1 : 0;
  // Symbolic f: L·g + Σ fk_i c_i + a·x (the lattice count counts active queues only).
  let fL = 0;
  if (sym !== null && fk !== null) {
    for (let i = 0; i < m; i++) fk[i] = 0;
    if (random !== m - 1) fk[m - 1] = 1;
  }
  for (let j = m - 2; j >= 0; j--) {
    const q = qs[j];
    const total = e[j] * stepOf(q) + f;
    const sigma = random === j ? x : values[j];
    const useTotal = total < sigma;
    const out = useTotal ? total : sigma;
    rem[j] = total - out;
    if (sym !== null && fk !== null) {
      // total = (fL + e_j)·g + fk·c + a·x; rem = total − out.
      const tL = fL + (q.states > 1 ? e[j] : 0);
      if (useTotal) {
        sym.remL[j] = 0;
        sym.remA[j] = 0;
        for (let i = 0; i < m; i++) sym.remK[j * m + i] = 0;
        fL = tL;
      } else {
        sym.remL[j] = tL;
        sym.remA[j] = a - (random === j ? 1 : 0);
        for (let i = 0; i < m; i++) sym.remK[j * m + i] = fk[i] - (i === j && random !== j ? 1 : 0);
        fL = 0;
        for (let i = 0; i < m; i++) fk[i] = 0;
        if (random !== j) fk[j] = 1;
      }
    }
    if (!useTotal) a = random === j ? 1 : 0;
    f = out;
  }
  slope.a = a;
  return f;
}

/**
 * One backward slot of the capped reversed tandem at a value x of the random part: the
 * exact remainders ({@link remainders}), rounded by prefix sums ({@link roundPrefix}, exactly
 * where doubles cannot decide). Writes the next-state digits into `next`, returns f_0 with
 * `slope.a` = df_0/dx.
 */
function slotStep(values: readonly number[], random: number, x: number, e: Int32Array, qs: readonly QueueSpec[], next: Int32Array, slope: { a: number }, rem: Float64Array, lattice: boolean, sym: Symbolic | null, fk: Int32Array): number {
  const f = remainders(values, random, x, e, qs, rem, slope, sym, fk);
  const ok = sym !== null ? roundPrefixSymbolic(sym, rem, qs, next, fk) : roundPrefix(rem, qs, next, lattice);
  if (!ok) exactStep(values, random, x, e, qs, next);
  return f;
}

/**
 * Reused buffers of {@link switchPoints} and {@link breakpoints} (one set per chain build: a
 * build asks for every state's breakpoints, hundreds of small lists otherwise).
 */
interface BreakScratch {
  /** Segments of the min's linear forms `a·x + s` on (lo, hi), four numbers each, two buffers. */
  readonly seg: Float64Array;
  /** The switch points, sorted. */
  readonly sw: Float64Array;
  /** The remainders at two inner points of a piece. */
  readonly ra: Float64Array;
  readonly rb: Float64Array;
  readonly slope: { a: number };
  /** Cuts of a piece, two buffers (grown when full). */
  cuts: Float64Array;
  merged: Float64Array;
  /** The breakpoints found (grown when full). */
  out: Float64Array;
}

function breakScratch(m: number): BreakScratch {
  // A min of two forms splits each segment at most once per queue: 2^{m−1} segments at most.
  const segs = 2 ** Math.max(0, m - 1);
  return {
    seg: new Float64Array(8 * segs),
    sw: new Float64Array(segs),
    ra: new Float64Array(Math.max(1, m - 1)),
    rb: new Float64Array(Math.max(1, m - 1)),
    slope: { a: 0 },
    cuts: new Float64Array(64),
    merged: new Float64Array(64),
    out: new Float64Array(64),
  };
}

/** A buffer with room for `need` numbers: `b` itself, or a copy of its first `used` into one twice as large. */
function roomFor<B extends ArrayBufferLike>(b: Float64Array<B>, used: number, need: number): Float64Array<B> | Float64Array<ArrayBuffer> {
  if (need <= b.length) return b;
  const r = new Float64Array(2 * need);
  r.set(b.subarray(0, used));
  return r;
}

/**
 * One piece (lo, hi) of a segment of {@link switchPoints} written at `seg[o …]`: the form the
 * min of `ta·x + ts` and `sa·x + ss` takes there, read at an inner point. (A top-level
 * function: a closure made per queue of every state allocated some 100 kB per build.)
 */
function segPiece(seg: Float64Array, o: number, lo: number, hi: number, ta: number, ts: number, sa: number, ss: number): void {
  const mid = Number.isFinite(lo) ? (Number.isFinite(hi) ? 0.5 * (lo + hi) : lo + 1) : Number.isFinite(hi) ? hi - 1 : 0;
  const useTotal = ta * mid + ts < sa * mid + ss;
  seg[o] = lo;
  seg[o + 1] = hi;
  seg[o + 2] = useTotal ? ta : sa;
  seg[o + 3] = useTotal ? ts : ss;
}

/**
 * Every x at which a min of the step switches between its two forms, for one state, written
 * to `sc.sw`; returns how many. The forms are kept as segments of a linear form `a·x + s`
 * (a ∈ {−1, 0, 1}) in `sc.seg`.
 */
function switchPoints(values: readonly number[], random: number, e: Int32Array, qs: readonly QueueSpec[], sc: BreakScratch): number {
  const m = values.length;
  const seg = sc.seg;
  const out = sc.sw;
  let cur = 0;
  let nxt = seg.length >> 1;
  let count = 1;
  let no = 0;
  seg[0] = -Infinity;
  seg[1] = Infinity;
  seg[2] = random === m - 1 ? 1 : 0;
  seg[3] = random === m - 1 ? 0 : values[m - 1];
  for (let j = m - 2; j >= 0; j--) {
    const g = stepOf(qs[j]);
    const sa = random === j ? 1 : 0;
    const ss = random === j ? 0 : values[j];
    let nc = 0;
    for (let i = 0; i < count; i++) {
      const o = cur + 4 * i;
      const lo = seg[o];
      const hi = seg[o + 1];
      const ta = seg[o + 2];
      const ts = seg[o + 3] + e[j] * g;
      const xc = ta !== sa ? (ss - ts) / (ta - sa) : NaN;
      if (xc > lo && xc < hi) {
        out[no++] = xc;
        segPiece(seg, nxt + 4 * nc++, lo, xc, ta, ts, sa, ss);
        segPiece(seg, nxt + 4 * nc++, xc, hi, ta, ts, sa, ss);
      } else segPiece(seg, nxt + 4 * nc++, lo, hi, ta, ts, sa, ss);
    }
    count = nc;
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  return no;
}

/**
 * Every x in (0, top) at which the step's output changes form or the next state changes,
 * for one state, written to `sc.out` (returns how many): the min switches, then, between them
 * (where every remainder is linear in x), the points where a queue's rounded prefix sum (its
 * remainder plus what the queues before it lost) crosses a lattice point — queue by queue,
 * within the pieces on which the queues before it keep their digits.
 */
function breakpoints(values: readonly number[], random: number, e: Int32Array, qs: readonly QueueSpec[], top: number, rem: Float64Array, next: Int32Array, lattice: boolean, sym: Symbolic | null, fk: Int32Array, sc: BreakScratch): number {
  const m = values.length;
  const { slope, ra, rb, sw } = sc;
  // The switch points inside (0, top), sorted in place (insertion: a handful).
  const found = switchPoints(values, random, e, qs, sc);
  let ns = 0;
  for (let i = 0; i < found; i++) {
    const x = sw[i];
    if (x > 0 && x < top) insertSorted(sw, 0, ns++, x);
  }
  let out = roomFor(sc.out, 0, ns);
  out.set(sw.subarray(0, ns));
  let no = ns;
  // The pieces between 0, the switch points and top.
  for (let k = 0; k <= ns; k++) {
    const a = k === 0 ? 0 : sw[k - 1];
    const b = k === ns ? top : sw[k];
    if (!(b > a)) continue;
    // The remainders' linear forms on (a, b): slopes are integers (sums of ±x).
    const xa = a + (b - a) / 3;
    const xb = a + (2 * (b - a)) / 3;
    remainders(values, random, xa, e, qs, ra, slope);
    remainders(values, random, xb, e, qs, rb, slope);
    let cuts = sc.cuts;
    let merged = sc.merged;
    cuts[0] = a;
    cuts[1] = b;
    let nc = 2;
    let sA = 0;
    let sS = 0;
    for (let j = 0; j < m - 1; j++) {
      const sl = Math.round((rb[j] - ra[j]) / (xb - xa));
      // Prefix sums on a rounded lattice; each queue's own remainder on an exact one.
      sA = lattice ? sl : sA + sl;
      sS = lattice ? ra[j] - sl * xa : sS + ra[j] - sl * xa;
      const q = qs[j];
      if (q.states <= 1 || sA === 0) continue;
      const g = stepOf(q);
      // The new cuts, in order: each interval's start, then its crossings (in order of x).
      let nm = 0;
      let before = false;
      for (let i = 0; i < j; i++) before ||= qs[i].states > 1;
      for (let c = 0; c + 1 < nc; c++) {
        const p = cuts[c];
        const r = cuts[c + 1];
        merged = roomFor(merged, nm, nm + q.states + 1);
        merged[nm++] = p;
        // The digits of the queues before j on (p, r) (the step's own rounding), and what
        // they hold; read at an interior point off the middle (the ends of an interval are
        // often lattice-related, and its middle then a lattice point of some remainder).
        let held = 0;
        if (before && !lattice) {
          slotStep(values, random, p + 0.38196601125 * (r - p), e, qs, next, slope, rem, lattice, sym, fk);
          for (let i = 0; i < j; i++) held += next[i] * stepOf(qs[i]);
        }
        out = roomFor(out, no, no + q.states);
        for (let i = 1; i < q.states; i++) {
          // l rising gives x rising for a rising prefix sum, falling otherwise.
          const l = sA > 0 ? i : q.states - i;
          const x = (l * g + held - sS) / sA;
          if (x > p && x < r) {
            merged[nm++] = x;
            out[no++] = x;
          }
        }
      }
      merged = roomFor(merged, nm, nm + 1);
      merged[nm++] = cuts[nc - 1];
      const t = cuts;
      cuts = merged;
      merged = t;
      nc = nm;
    }
    sc.cuts = cuts;
    sc.merged = merged;
  }
  sc.out = out;
  return no;
}

/**
 * The tilted service kernel `L_θ(e, e′) = E[e^{−θ f(e, σ)}; E′ = e′]` of one candidate chain,
 * stored by rows (compressed sparse rows).
 */
interface Chain {
  readonly label: string;
  /** Number of states (1: no queue, the chain is the per-slot minimum of its parts). */
  readonly n: number;
  readonly rowStart: Int32Array;
  readonly col: Int32Array;
  /** The kernel's entries at the θ of the last `fill`. */
  readonly weight: Float64Array;
  /** Fills `weight` at θ. */
  fill(theta: number): void;
  /** How many times `weight` has been filled (a new count whenever its numbers change). */
  fills(): number;
  /** One-state chains: ln L_θ (the group's per-slot log-MGF), for any real window. */
  readonly logM: ((theta: number) => number) | null;
  /** Two queues (several times the cost of one): tried only when one queue falls short. */
  readonly wide: boolean;
  /**
   * From the empty state the chain serves at most `rateMax·t` in t slots (its slowest part's
   * constant: every unit served passed through it; Infinity when it has none).
   */
  readonly rateMax: number;
  /**
   * The kernel split by bands of the output (docs/model.md §10.7), built on first use per K
   * (θ-free, kept), its weights filled at θ; null for a chain without pieces.
   */
  readonly banded: ((K: number, theta: number) => BandedKernel) | null;
}

/**
 * A candidate chain, built on first use (a two-queue chain costs several single-queue
 * ones, and the search may not need it); the built chain is kept with the plan.
 */
interface Candidate {
  readonly label: string;
  /** Number of states. */
  readonly n: number;
  readonly wide: boolean;
  chain(): Chain;
}

/** Chains kept per stage at most (their shapes and constants differ); the oldest goes first. */
const SHARED_CHAINS = 8;
/**
 * Built chains by the random stage whose per-slot law they integrate (the only thing of the
 * stage they read) and their shape (constants, position, queues, θ panel cap). A chain holds
 * θ-free data and a weight buffer every user fills at its own θ before reading, so sharing it
 * between plans keeps every bound a pure function of its inputs.
 */
const sharedChains = new WeakMap<StageService, Map<string, Chain>>();

function sharedChain(stage: StageService | undefined, key: string, make: () => Chain): Chain {
  if (stage === undefined) return make();
  let m = sharedChains.get(stage);
  if (!m) sharedChains.set(stage, (m = new Map()));
  let c = m.get(key);
  if (c === undefined) {
    c = make();
    if (m.size >= SHARED_CHAINS) m.delete(m.keys().next().value as string);
    m.set(key, c);
  }
  return c;
}

function lazy(label: string, n: number, wide: boolean, make: () => Chain): Candidate {
  let built: Chain | null = null;
  return { label, n, wide, chain: () => (built ??= make()) };
}

/**
 * A one-state chain from a log-MGF (a stage alone, or a table of the per-slot minimum). With
 * the law of its per-slot service it also splits by bands for the overshoot-aware envelope
 * (docs/model.md §10.7): the atom at 0, the open interval (0, top) with f = x, and top with
 * all the mass at or beyond it (served as top, as the chain's own table does).
 */
function scalarChain(label: string, logM: (theta: number) => number, law: Law | null = null, thetaCap = 0, rateMax = Infinity): Chain {
  const weight = new Float64Array(1);
  let filled = 0;
  // Pieces: [0, 0] flat, (0, top) tilted (f = x), [top, ∞) flat at top.
  const banded =
    law === null
      ? null
      : bandsByK(() => {
          const table = new TiltTable(law, [], thetaCap);
          const P = table.points;
          const last = P.length - 1;
          const top = P[last];
          return {
            n: 1,
            P,
            lo: Int32Array.of(0, 0, last),
            hi: Int32Array.of(0, last, -2),
            fl: Uint8Array.of(1 | 2 | 4, 1, 4),
            args: Float64Array.of(0, top),
            argOf: Int32Array.of(0, 0, 1),
            cell: Int32Array.of(0, 0, 0),
            rowOfCell: Int32Array.of(0),
            col: Int32Array.of(0),
            flatMass: Float64Array.of(table.cdfAt[0], NaN, 1 - table.cdfLeft[last]),
            law,
            thetaCap,
            exact: new Set([0, top, law.c]),
          };
        });
  return {
    label,
    n: 1,
    rowStart: Int32Array.of(0, 1),
    col: Int32Array.of(0),
    weight,
    fill: (theta: number) => {
      weight[0] = Math.exp(logM(theta));
      filled++;
    },
    fills: () => filled,
    logM,
    wide: false,
    rateMax,
    banded,
  };
}

/** Inserts x into the sorted run `a[from … end)`, which grows by one (insertion: runs of a few dozen). */
function insertSorted(a: Float64Array, from: number, end: number, x: number): void {
  let k = end;
  while (k > from && a[k - 1] > x) {
    a[k] = a[k - 1];
    k--;
  }
  a[k] = x;
}

/**
 * Writes the sorted union of `a[0 … na)` and `b[b0 … b1)` (each sorted without repeats) to
 * `out`, without repeats; returns its length.
 */
function mergeUnique(a: Float64Array, na: number, b: Float64Array, b0: number, b1: number, out: Float64Array): number {
  let i = 0;
  let j = b0;
  let k = 0;
  while (i < na && j < b1) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out[k++] = x;
      i++;
    } else if (y < x) {
      out[k++] = y;
      j++;
    } else {
      out[k++] = x;
      i++;
      j++;
    }
  }
  while (i < na) out[k++] = a[i++];
  while (j < b1) out[k++] = b[j++];
  return k;
}

/**
 * The capped reversed chain with one random part (docs/model.md §10): state = the queue
 * digits (mixed radix), transitions from the exact per-slot law of the random part on the
 * intervals between breakpoints (open intervals and the breakpoints themselves, for atoms).
 */
function pieceChain(label: string, values: readonly number[], random: number, X: Law, specs: readonly QueueSpec[], thetaCap: number): Chain {
  // Each queue's step computed once (the steps below read it some ten thousand times).
  const qs: readonly QueueSpec[] = specs.map((q) => ({ ...q, step: stepOf(q) }));
  const wide = qs.filter((q) => q.states > 1).length > 1;
  const m = values.length;
  const dims = qs.map((q) => q.states);
  let n = 1;
  for (const d of dims) n *= d;
  const e = new Int32Array(Math.max(1, m - 1));
  const next = new Int32Array(Math.max(1, m - 1));
  const decode = (i: number) => {
    let r = i;
    for (let j = 0; j < m - 1; j++) {
      e[j] = r % dims[j];
      r = Math.floor(r / dims[j]);
    }
  };
  const encode = (d: Int32Array) => {
    let i = 0;
    for (let j = m - 2; j >= 0; j--) i = i * dims[j] + d[j];
    return i;
  };
  const top = Math.min(X.c, X.upper);
  const rem = new Float64Array(Math.max(1, m - 1));
  // Every value on a common dyadic lattice: doubles are exact, no step needs exact arithmetic.
  const lattice = qs.every((q) => q.exact);
  const sym = lattice ? null : symbolic(values, qs);
  const fk = new Int32Array(m);
  // Each state's breakpoints, sorted without repeats, one after another (state i's from
  // bpStart[i]).
  let bpAll = new Float64Array(Math.max(64, 32 * n));
  const bpStart = new Int32Array(n + 1);
  let nb = 0;
  let pts = new Float64Array(64);
  let spare = new Float64Array(64);
  let npts = 0;
  const sc = breakScratch(m);
  for (let i = 0; i < n; i++) {
    decode(i);
    const count = breakpoints(values, random, e, qs, top, rem, next, lattice, sym, fk, sc);
    const raw = sc.out;
    // The breakpoints inside (0, top), sorted (insertion: a few dozen), without repeats.
    bpAll = roomFor(bpAll, nb, nb + count);
    const w0 = nb;
    for (let r = 0; r < count; r++) {
      const x = raw[r];
      if (x > 0 && x < top) insertSorted(bpAll, w0, nb++, x);
    }
    let u = w0;
    for (let k = w0; k < nb; k++) if (k === w0 || bpAll[k] !== bpAll[k - 1]) bpAll[u++] = bpAll[k];
    nb = u;
    bpStart[i + 1] = nb;
    // All of them, sorted without repeats: merged in row by row (a state's breakpoints often
    // repeat the previous state's: nothing new to merge).
    const prev = i > 0 ? bpStart[i - 1] : 0;
    let repeat = i > 0 && nb - w0 === w0 - prev;
    for (let k = 0; repeat && k < nb - w0; k++) repeat = bpAll[w0 + k] === bpAll[prev + k];
    if (repeat) continue;
    spare = roomFor(spare, 0, npts + nb - w0);
    const merged = mergeUnique(pts, npts, bpAll, w0, nb, spare);
    const t = pts;
    pts = spare;
    spare = t;
    npts = merged;
  }
  const table = new TiltTable(X, pts.subarray(0, npts), thetaCap);
  // Whether the law has any atom on the table (at 0: F(0) > 0); without, no point is a piece.
  const atoms = hasAtoms(table);
  const P = table.points;
  const last = P.length - 1;
  // The cumulative masses a piece's ends read, as one table: [0, Φ(∞), Φ(P_0−), Φ(P_0),
  // Φ(P_1−), …] at θ (filled by `fill`), then [0, 1, F(P_0−), F(P_0), …] (θ-free) from
  // `flatBase`; `entry` places an end (table index or −1: nothing below, −2: everything).
  const nP = P.length;
  const flatBase = 2 + 2 * nP;
  const cum = new Float64Array(2 * flatBase);
  cum[flatBase + 1] = 1;
  for (let m = 0; m < nP; m++) {
    cum[flatBase + 2 + 2 * m] = table.cdfLeft[m];
    cum[flatBase + 3 + 2 * m] = table.cdfAt[m];
  }
  const entry = (at: number, closed: boolean, base: number) => base + (at === -1 ? 0 : at === -2 ? 1 : 2 + 2 * at + (closed ? 1 : 0));
  // A piece's end as an index into the table: the first point ≥ x (−1: nothing below, −2:
  // everything). Every breakpoint is a point of the table (its index is found once, by
  // bisection); 0 and top are its first and last.
  const endAt = (x: number, closed: boolean): number => {
    if (x < 0 || (x === 0 && !closed)) return -1;
    if (x > P[last] || (x === P[last] && closed)) return -2;
    let a = 0;
    let b = last;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (P[mid] < x) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  // Each row's breakpoints are sorted and lie inside (0, top): their indices, the first
  // point ≥ x, by one walk up the table per row (what endAt's bisection would give).
  const bpAt = new Int32Array(nb);
  for (let i = 0; i < n; i++) {
    let a = 0;
    for (let k = bpStart[i]; k < bpStart[i + 1]; k++) {
      const x = bpAll[k];
      while (P[a] < x) a++;
      bpAt[k] = a;
    }
  }
  const zeroOpen = endAt(0, false);
  const zeroClosed = endAt(0, true);
  const topOpen = endAt(top, false);
  const topClosed = endAt(top, true);
  const beyond = endAt(Infinity, true);
  // Pieces, row by row: a piece is the mass of the random part between two cumulative
  // ends `lo`, `hi` (table index, or −1: nothing below, −2: everything; closed: ≤ x,
  // open: < x), weighted e^{−θ·w}, with w = x + arg (tilted) or w = arg (flat), added to
  // the cell (row, to). Cells are numbered in row order as they appear (compressed rows).
  const rowStart = new Int32Array(n + 1);
  // Cells and pieces: a row of B breakpoints has B + 1 intervals, B + 2 points and the tail,
  // so 2·nb + 4n pieces at most.
  const out = new PieceRows(n, 2 * nb + 4 * n);
  // The law's mass up to an end (closed: ≤ x, open: < x), θ-free; whether a piece has any (a
  // piece the law gives no mass — a point that is no atom, an interval beyond the support —
  // weighs nothing at any θ: no step is taken for it).
  const massTo = (at: number, closed: boolean) => cum[entry(at, closed, flatBase)];
  const weighs = (l: number, loClosed: boolean, h: number, hiClosed: boolean) => massTo(h, hiClosed) > massTo(l, loClosed);
  const slope = { a: 0 };
  // A point x (ends l when open, h when closed) of a row with an atom: one step there.
  const point = (row: number, x: number, l: number, h: number) => {
    // Most points carry no atom (a continuous law): no step to take.
    if (!atoms || !weighs(l, false, h, true)) return;
    const f = slotStep(values, random, x, e, qs, next, slope, rem, lattice, sym, fk);
    out.add(row, encode(next), l, false, h, true, true, f);
  };
  for (let row = 0; row < n; row++) {
    rowStart[row] = out.cells;
    decode(row);
    const b0 = bpStart[row];
    // Pieces over the support [0, top]: the points 0, each breakpoint and top (atoms of a
    // lattice or of the constant; mass 0 otherwise), the open intervals between them, and
    // the tail beyond top (mass ≤ TAIL). The next state is constant on each piece.
    point(row, 0, zeroOpen, zeroClosed);
    // The interval ends: 0, the row's breakpoints, top.
    const count = bpStart[row + 1] - b0 + 2;
    let hi = 0;
    let hiAt0 = zeroClosed;
    for (let k = 0; k + 1 < count; k++) {
      const lo = hi;
      const l = hiAt0;
      const end = k + 2 === count;
      hi = end ? top : bpAll[b0 + k];
      hiAt0 = end ? topClosed : bpAt[b0 + k];
      if (!(hi > lo)) continue;
      // (lo, hi): cumulative "< hi" minus cumulative "≤ lo".
      const h = end ? topOpen : hiAt0;
      if (weighs(l, true, h, false)) {
        // Inside the interval no min switches and no floor jumps: one step at an inner point
        // gives the next state and the output's form (x plus a constant, or a constant). Off
        // the middle: the ends are often lattice-related, and the middle then a lattice point.
        const x1 = lo + 0.38196601125 * (hi - lo);
        const f1 = slotStep(values, random, x1, e, qs, next, slope, rem, lattice, sym, fk);
        const to = encode(next);
        if (slope.a === 1) out.add(row, to, l, true, h, false, false, f1 - x1);
        else out.add(row, to, l, true, h, false, true, f1);
      }
      if (!end) point(row, hi, hiAt0, hiAt0);
    }
    if (top > 0) point(row, top, topOpen, topClosed);
    if (Number.isFinite(top) && weighs(topClosed, true, beyond, true)) {
      // Beyond top (mass ≤ TAIL): served as top itself, which serves less.
      const f = slotStep(values, random, top, e, qs, next, slope, rem, lattice, sym, fk);
      out.add(row, encode(next), topClosed, true, beyond, true, true, f);
    }
  }
  const { cells, pieces } = out;
  rowStart[n] = cells;
  const colA = out.col.slice(0, cells);
  const pieceA = out.piece.slice(0, pieces);
  const lo = out.loAt.slice(0, pieces);
  const hi = out.hiAt.slice(0, pieces);
  const fl = out.flags.slice(0, pieces);
  // The weights e^{−θ·arg} take few distinct values (the step's outputs at the breakpoints):
  // one exp per distinct value and fill.
  const weightArg = out.weightArg;
  const argIndex = new Map<number, number>();
  const argOf = new Int32Array(pieces);
  for (let q = 0; q < pieces; q++) {
    // Most pieces share the previous one's value (about 85 % at close rates): no lookup.
    if (q > 0 && weightArg[q] === weightArg[q - 1]) {
      argOf[q] = argOf[q - 1];
      continue;
    }
    let a = argIndex.get(weightArg[q]);
    if (a === undefined) argIndex.set(weightArg[q], (a = argIndex.size));
    argOf[q] = a;
  }
  const args = Float64Array.from(argIndex.keys());
  const expArg = new Float64Array(args.length);
  const weight = new Float64Array(colA.length);
  const np = pieceA.length;
  // Each piece's mass is the difference of two entries of `cum`, with no branch per piece:
  // its θ-dependent half for tilted pieces, its θ-free half for flat ones.
  const upAt = new Int32Array(np);
  const downAt = new Int32Array(np);
  // A flat piece's mass is θ-free: computed once (NaN marks a tilted piece).
  const flatMass = new Float64Array(np);
  for (let q = 0; q < np; q++) {
    const f = fl[q];
    const flat = (f & 4) !== 0;
    const base = flat ? flatBase : 0;
    upAt[q] = entry(hi[q], (f & 2) !== 0, base);
    downAt[q] = entry(lo[q], (f & 1) !== 0, base);
    flatMass[q] = flat ? cum[upAt[q]] - cum[downAt[q]] : NaN;
  }
  // The weights at the last θ filled (a chain is filled at one θ many times in a row).
  let filledAt = NaN;
  let filled = 0;
  const fill = (theta: number) => {
    if (theta === filledAt) return;
    filledAt = theta;
    filled++;
    cum[1] = table.fill(theta);
    fillWeights(theta, table, cum, args, expArg, upAt, downAt, pieceA, argOf, weight);
  };
  const rowsOfCells = () => {
    const rowOfCell = new Int32Array(colA.length);
    for (let r = 0; r < n; r++) rowOfCell.fill(r, rowStart[r], rowStart[r + 1]);
    return rowOfCell;
  };
  const banded = bandsByK(() => ({ n, P, lo, hi, fl, args, argOf, cell: pieceA, rowOfCell: rowsOfCells(), col: colA, flatMass, law: X, thetaCap, exact: new Set([0, top, ...values]) }));
  return { label, n, rowStart, col: colA, weight, fill, fills: () => filled, logM: null, wide, rateMax: Math.min(...values), banded };
}

/**
 * A piece chain's kernel at θ (its tilt table filled, Φ(∞) in `cum[1]`): the table's Φ into
 * `cum` (two entries per point, after 0 and Φ(∞)), then each piece's mass — the difference of
 * its two ends in `cum`, θ-dependent for tilted pieces, θ-free for flat ones — times
 * e^{−θ·arg}, added to its cell (./chain-kernels.ts: compiled where available, the pieces
 * named by `upAt`).
 */
function fillWeights(theta: number, table: TiltTable, cum: Float64Array, args: Float64Array, expArg: Float64Array, upAt: Int32Array, downAt: Int32Array, piece: Int32Array, argOf: Int32Array, weight: Float64Array): void {
  const phi = table.phi;
  const phiLeft = table.phiLeft;
  const nP = phi.length;
  for (let m = 0; m < nP; m++) {
    cum[2 + 2 * m] = phiLeft[m];
    cum[3 + 2 * m] = phi[m];
  }
  for (let i = 0; i < args.length; i++) expArg[i] = Math.exp(-theta * args[i]);
  gatherCompiled(upAt, upAt, downAt, piece, argOf, cum, expArg, weight);
}

/** Whether a tilt table's law has an atom at any of its points (at 0: F(0) > 0). */
function hasAtoms(table: TiltTable): boolean {
  if (table.cdfAt[0] > 0) return true;
  for (let m = 1; m < table.points.length; m++) if (table.cdfAt[m] > table.cdfLeft[m]) return true;
  return false;
}

/** The build scratch of {@link PieceRows} (see its constructor). */
const BUILD_I32: Int32Array[] = [];
const BUILD_U8: Uint8Array[] = [];
const BUILD_F64: Float64Array[] = [];

/**
 * The cells and pieces of a piece chain, row by row: a piece is the mass of the random part
 * between two cumulative ends `loAt`, `hiAt` (table index, or −1: nothing below, −2:
 * everything; `flags` 1: lower end closed, 2: upper end closed, 4: flat), weighted
 * e^{−θ·w} with w = x + arg (tilted) or w = arg (flat), added to the cell (row, to). Cells
 * are numbered in row order as they appear (compressed rows: `col`). A class, not a closure
 * over counters: the build adds some five thousand pieces.
 */
class PieceRows {
  cells = 0;
  pieces = 0;
  readonly col: Int32Array;
  readonly piece: Int32Array;
  readonly loAt: Int32Array;
  readonly hiAt: Int32Array;
  readonly flags: Uint8Array;
  readonly weightArg: Float64Array;
  /** Per state: the cell it has in the row last stamped. */
  private readonly slotOf: Int32Array;
  private readonly stamp: Int32Array;

  /**
   * The lists (room for `most` pieces) are scratch shared by every build, reused: a build
   * writes each entry before it reads it and keeps copies only (some 280 kB a build otherwise,
   * allocated and freed outside the heap).
   */
  constructor(n: number, most: number) {
    const i32 = (slot: number) => pooled(BUILD_I32, slot, most, (k) => new Int32Array(k));
    this.col = i32(0);
    this.piece = i32(1);
    this.loAt = i32(2);
    this.hiAt = i32(3);
    this.flags = pooled(BUILD_U8, 0, most, (k) => new Uint8Array(k));
    this.weightArg = pooled(BUILD_F64, 0, most, (k) => new Float64Array(k));
    this.slotOf = new Int32Array(n).fill(-1);
    this.stamp = new Int32Array(n).fill(-1);
  }

  add(row: number, to: number, l: number, loClosed: boolean, h: number, hiClosed: boolean, flat: boolean, arg: number): void {
    if (this.stamp[to] !== row) {
      this.stamp[to] = row;
      this.slotOf[to] = this.cells;
      this.col[this.cells++] = to;
    }
    const p = this.pieces++;
    this.piece[p] = this.slotOf[to];
    this.loAt[p] = l;
    this.hiAt[p] = h;
    this.flags[p] = (loClosed ? 1 : 0) | (hiClosed ? 2 : 0) | (flat ? 4 : 0);
    this.weightArg[p] = arg;
  }
}

/** A chain's pieces, as {@link bandSet} reads them. */
interface PieceData {
  readonly n: number;
  /** The tilt table's points (piece ends are indices into it; −1: nothing below, −2: all). */
  readonly P: Float64Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** 1: lower end closed (≤), 2: upper end closed, 4: flat (f = arg; else f = x + arg). */
  readonly fl: Uint8Array;
  readonly args: Float64Array;
  readonly argOf: Int32Array;
  readonly cell: Int32Array;
  readonly rowOfCell: Int32Array;
  readonly col: Int32Array;
  readonly flatMass: Float64Array;
  readonly law: Law;
  readonly thetaCap: number;
  /** Outputs known exactly (the chain's constants, 0, the served-as-top value). */
  readonly exact: ReadonlySet<number>;
}

/**
 * A chain's banded kernel at (K, θ): the pieces read once (`pieces`, on first use), the band
 * split kept per K (θ-free), its weights filled at θ on each call.
 */
function bandsByK(pieces: () => PieceData): (K: number, theta: number) => BandedKernel {
  const sets = new Map<number, BandSet>();
  let data: PieceData | null = null;
  return (K: number, theta: number) => {
    let b = sets.get(K);
    if (b === undefined) sets.set(K, (b = bandSet(K, (data ??= pieces()))));
    return b.at(theta);
  };
}

/** The θ-free banded pieces of a chain, and their weights at a θ. */
interface BandSet {
  at(theta: number): BandedKernel;
}

/** Relative width within which a computed output cannot be placed on one side of a band edge. */
const BAND_EDGE = 1e-9;

/** ⌊g·K⌋ in exact arithmetic (Dekker's product): the band of an output g known exactly. */
function exactBand(g: number, K: number): number {
  const p = twoProd(g, K);
  const b = Math.floor(p);
  return Math.max(0, p === b && TS[0] < 0 ? b - 1 : b);
}

/**
 * Splits a chain's pieces at the band edges f = B/K (docs/model.md §10.7): a flat piece goes
 * to the band of its output (to both when it lies on an edge, up to BAND_EDGE); a tilted piece
 * (f = x + arg) is cut at x = B/K − arg, each part in the band of its middle, a law's atom at
 * a cut counted in both parts. The cuts join the tilt table's points in a table of their own.
 */
function bandSet(K: number, d: PieceData): BandSet {
  // Parts: row, next state, band, arg; flat parts carry their θ-free mass, tilted ones their
  // ends as x values (−Infinity: nothing below; +Infinity: everything) and closures.
  const row: number[] = [];
  const to: number[] = [];
  const band: number[] = [];
  const arg: number[] = [];
  const mass: number[] = [];
  const xa: number[] = [];
  const xb: number[] = [];
  const closed: number[] = [];
  const cuts: number[] = [];
  const bandOf = (f: number) => Math.max(0, Math.floor(f * K));
  const push = (r: number, t: number, b: number, g: number, m: number, a: number, bEnd: number, c: number) => {
    row.push(r);
    to.push(t);
    band.push(b);
    arg.push(g);
    mass.push(m);
    xa.push(a);
    xb.push(bEnd);
    closed.push(c);
  };
  const endX = (idx: number) => (idx === -1 ? -Infinity : idx === -2 ? Infinity : d.P[idx]);
  // Edge entries (band EDGE, replaced by nb below): outputs on a band edge up to rounding.
  const EDGE = -1;
  for (let q = 0; q < d.lo.length; q++) {
    const cell = d.cell[q];
    const r = d.rowOfCell[cell];
    const t = d.col[cell];
    const g = d.args[d.argOf[q]];
    const f = d.fl[q];
    if ((f & 4) !== 0) {
      const m = d.flatMass[q];
      if (!(m > 0)) continue;
      // A constant of the chain (a stage's rate, 0, the served-as-top value) is its output
      // exactly: placed in exact arithmetic. Any other output is a computed sum, whose last
      // bit doubles cannot vouch for: on an edge up to BAND_EDGE it is an edge entry.
      if (d.exact.has(g)) push(r, t, exactBand(g, K), g, m, 0, 0, 0);
      else {
        const eps = BAND_EDGE * Math.max(1, Math.abs(g));
        const b0 = bandOf(g - eps);
        push(r, t, b0 === bandOf(g + eps) ? b0 : EDGE, g, m, 0, 0, 0);
      }
      continue;
    }
    const xlo = endX(d.lo[q]);
    const xhi = endX(d.hi[q]);
    let a = xlo;
    let aClosed = f & 1;
    const lowF = g + Math.max(0, xlo);
    const highF = g + Math.min(xhi, d.P[d.P.length - 1]);
    for (let B = Math.floor(lowF * K) + 1; B / K < highF; B++) {
      const xs = B / K - g;
      if (!(xs > a && xs < xhi)) continue;
      cuts.push(xs);
      // (a, xs) and (xs, …) in their bands; an atom of the law at the cut is an edge entry.
      push(r, t, bandOf(g + 0.5 * (Math.max(0, a) + xs)), g, NaN, a, xs, aClosed);
      push(r, t, EDGE, g, NaN, xs, xs, 2);
      a = xs;
      aClosed = 1;
    }
    push(r, t, bandOf(g + 0.5 * (Math.max(0, a) + Math.min(xhi, highF - g))), g, NaN, a, xhi, aClosed | (f & 2));
  }
  const table = new TiltTable(d.law, [...d.P, ...cuts], d.thetaCap);
  const pts = table.points;
  const indexOf = (x: number) => {
    if (x === -Infinity) return -1;
    if (x === Infinity) return -2;
    let l = 0;
    let h = pts.length - 1;
    while (l < h) {
      const m = (l + h) >> 1;
      if (pts[m] < x) l = m + 1;
      else h = m;
    }
    return l;
  };
  const cum = (phi: Float64Array, phiLeft: Float64Array, total: number, i: number, isClosed: boolean) =>
    i === -1 ? 0 : i === -2 ? total : isClosed ? phi[i] : phiLeft[i];
  // θ-free masses; parts without (a cut where the law has no atom, the usual case) are dropped.
  const ia0 = Int32Array.from(xa, indexOf);
  const ib0 = Int32Array.from(xb, indexOf);
  const keep: number[] = [];
  const massOf: number[] = [];
  for (let p = 0; p < row.length; p++) {
    const m = mass[p] === mass[p] ? mass[p] : Math.max(0, cum(table.cdfAt, table.cdfLeft, 1, ib0[p], (closed[p] & 2) !== 0) - cum(table.cdfAt, table.cdfLeft, 1, ia0[p], (closed[p] & 1) !== 0));
    if (!(m > 0)) continue;
    keep.push(p);
    massOf.push(m);
  }
  const k = keep.length;
  const pick = <T>(xs: ArrayLike<T>) => keep.map((p) => xs[p]);
  const ia = Int32Array.from(pick(ia0));
  const ib = Int32Array.from(pick(ib0));
  const cl = Uint8Array.from(pick(closed));
  const g = Float64Array.from(pick(arg));
  const flat = Float64Array.from(pick(mass));
  const rows = pick(row);
  const bands = Int32Array.from(pick(band));
  // Compressed rows (parts were pushed row by row).
  const rowStart = new Int32Array(d.n + 1);
  for (let p = 0; p < k; p++) rowStart[rows[p] + 1]++;
  for (let r = 0; r < d.n; r++) rowStart[r + 1] += rowStart[r];
  let nb = 1;
  for (let p = 0; p < k; p++) nb = Math.max(nb, bands[p] + 1);
  for (let p = 0; p < k; p++) if (bands[p] === EDGE) bands[p] = nb;
  const massOut = new Float64Array(d.n * nb);
  for (let p = 0; p < k; p++) if (bands[p] < nb) massOut[rows[p] * nb + bands[p]] += massOf[p];
  const weight = new Float64Array(k);
  const out: BandedKernel = { n: d.n, nb, K, rowStart, to: Int32Array.from(pick(to)), band: bands, weight, mass: massOut };
  return {
    at(theta: number) {
      const total = table.fill(theta);
      for (let p = 0; p < k; p++) {
        const m = flat[p] === flat[p] ? flat[p] : Math.max(0, cum(table.phi, table.phiLeft, total, ib[p], (cl[p] & 2) !== 0) - cum(table.phi, table.phiLeft, total, ia[p], (cl[p] & 1) !== 0));
        weight[p] = m * Math.exp(-theta * g[p]);
      }
      return out;
    },
  };
}

/**
 * The arrivals as the martingale sees them (docs/model.md §10.4): a Markov source as its
 * reversed chain (the level is read backwards in time), i.i.d. slots as one state.
 */
interface Modulator {
  /** Number of arrival states (1: i.i.d. slots). */
  readonly k: number;
  /** Stationary law of the arrival state. */
  readonly pi: Float64Array;
  /** Reversed transition matrix `P̃(i, j) = π_j P(j, i)/π_i`, row-major k × k. */
  readonly rev: Float64Array;
  /** Requests per slot in each state. */
  readonly rates: Float64Array;
  readonly aMax: number;
  /** 1 where a crossing can end: the slot entered brings arrivals (the level rises only then). */
  readonly crossable: Uint8Array;
}

const IID: Modulator = {
  k: 1,
  pi: Float64Array.of(1),
  rev: Float64Array.of(1),
  rates: Float64Array.of(0),
  aMax: 0,
  crossable: Uint8Array.of(1),
};

/** The Markov modulator of `markovModulated` arrivals (kind "markov"), or null. */
function markovModulator(a: ArrivalProcess): Modulator | null {
  if (a.kind !== "markov") return null;
  const P = a.params.transition as readonly (readonly number[])[] | undefined;
  const rates = a.params.rates as readonly number[] | undefined;
  const pi = a.params.stationary as readonly number[] | undefined;
  if (!Array.isArray(P) || !Array.isArray(rates) || !Array.isArray(pi) || rates.length !== P.length || pi.length !== P.length) return null;
  const k = P.length;
  const rev = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) rev[i * k + j] = pi[i] > 0 ? (pi[j] * P[j][i]) / pi[i] : i === j ? 1 : 0;
  return {
    k,
    pi: Float64Array.from(pi),
    rev,
    rates: Float64Array.from(rates),
    aMax: Math.max(...rates),
    crossable: Uint8Array.from(rates, (r) => (r > 0 ? 1 : 0)),
  };
}

/** What the martingale form needs, resolved once per (arrivals, service). */
export interface MartingalePlan {
  /** Why the method does not apply (the caller reports it and uses another form), or null. */
  readonly reason: string | null;
  readonly arrivals: ArrivalProcess;
  readonly modulator: Modulator;
  /**
   * Arrivals with a martingale prefactor but no known chain: Kingman's `e^{σ_M(θ)}` for
   * their part (docs/model.md §4.1), the service chain's Snell envelope for the rest.
   */
  readonly sigmaM: ((theta: number) => number) | null;
  readonly candidates: readonly Candidate[];
  /** Floored constant stages (each replaced by its fluid rate with a deficit of one request). */
  readonly floors: number;
  /** Lattice d of arrivals and services (0: none): the delay event needs a gap of d. */
  readonly lattice: number;
  /** Largest θ searched. */
  readonly thetaCap: number;
  /**
   * A plan asked for with `wide` would build a different chain (a close-rate two-queue
   * chain with wider caps, a rounded single queue on a finer step); false when the two
   * plans are the same.
   */
  readonly widens: boolean;
  /**
   * Critical θ found per chain (and cap, tolerance) with the Perron vector it left, for the
   * later bounds of this plan: a plan is kept per frozen (service, arrivals) pair, and a
   * fresh search from no start vector gives the same numbers, so reusing them changes no bit.
   */
  readonly critical: Map<Chain, Map<string, { readonly hi: number; readonly start: Float64Array | undefined }>>;
  /**
   * The drawdown envelope (docs/model.md §10.8) of a tandem constant → random → constant
   * with i.i.d. arrivals, beside the chains; null for other tandems.
   */
  readonly drawdown: DrawdownPlan | null;
}

/** Per-θ results of one chain within one call (pure: from the call's inputs alone). */
interface ThetaState {
  /** The supermartingale exists at θ (the checks below passed). */
  readonly feasible: boolean;
  /** ln ν: the Collatz–Wielandt bound of the service kernel on h. */
  readonly logNu: number;
  /** ln of the lower Collatz–Wielandt bound on h (`L h ≥ ν_lo h`). */
  readonly logLo: number;
  /** ln of the arrivals' tilted spectral radius bound (ρ_A(θ) for i.i.d. slots). */
  readonly logLambda: number;
  /** Near-Perron vector of L_θ (max 1). */
  readonly h: Float64Array;
  /** `w(e) = Σ_j π_j u(j, e)`: what the window's tilted law is integrated against. */
  readonly w: Float64Array;
  /**
   * min over s ≤ t of ln E_0[w(E_s)e^{−θF(s)}], t = 0 … `walked` (walked on demand, only as
   * far as a delay asks: at most WINDOW).
   */
  seq: Float64Array | null;
  /** Slots of the window walked so far, the row vector e_0ᵀL^t there (scaled) and its ln scale. */
  walked: number;
  row: Float64Array | null;
  rowLog: number;
  /** ln E_0[w(E_W)e^{−θF(W)}] and ln E_0[h(E_W)e^{−θF(W)}] at W = WINDOW (for the tail). */
  tailLogSeq: number;
  tailLogRh: number;
}

const INFEASIBLE: ThetaState = {
  feasible: false,
  logNu: Infinity,
  logLo: Infinity,
  logLambda: Infinity,
  h: new Float64Array(0),
  w: new Float64Array(0),
  seq: null,
  walked: 0,
  row: null,
  rowLog: 0,
  tailLogSeq: NaN,
  tailLogRh: NaN,
};

/**
 * The work of one bound (one delay, one threshold): per chain the last Perron vector (the
 * next θ starts from it) and the states computed. Everything a call computes starts from
 * fixed vectors and follows a θ sequence fixed by the call's inputs, so a bound never
 * depends on earlier calls.
 */
interface Session {
  readonly start: Map<Chain, Float64Array>;
  readonly states: Map<Chain, Map<number, ThetaState>>;
}

function newSession(): Session {
  return { start: new Map(), states: new Map() };
}

/**
 * Work buffers of the hot loops, reused from call to call (a fresh typed array of a few
 * thousand doubles is allocated and freed outside the heap): one slot per use, never two
 * uses of a slot live at once; the contents are stale, every user writes before it reads.
 */
const WORK: Float64Array[] = [];
const W_PREV = 0;
const W_PREV2 = 1;
const W_TRIAL = 2;
const W_TY = 3;
const W_WALK = 4;
const W_SNELL_B = 5;
const W_SNELL_LX = 6;
const W_SNELL_GU = 7;
const W_SNELL_U = 8;
const W_SNELL_NEXT = 9;

/** Slot `slot`'s buffer with exactly `len` entries (stale contents). */
function work(slot: number, len: number): Float64Array {
  return pooled(WORK, slot, len, (k) => new Float64Array(k));
}

/** Slot `slot`'s buffer in `pool` with exactly `len` entries (stale contents), made by `make` when too short. */
function pooled<T extends Float64Array | Int32Array | Uint8Array>(pool: T[], slot: number, len: number, make: (k: number) => T): T {
  let b = pool[slot];
  if (b === undefined || b.length < len) pool[slot] = b = make(Math.max(len, 2 * (b?.length ?? 0)));
  return (b.length === len ? b : b.subarray(0, len)) as T;
}

/**
 * y = L x (rows); the hot loop of the power iteration and of the Snell envelope, by the
 * compiled product where available (same bits; the chain's weights copied in once per fill).
 */
function mulRows(c: Chain, x: Float64Array, y: Float64Array): void {
  rowsTimes(0, c, c.fills(), c.n, c.rowStart, c.col, c.weight, x, y);
}


/** Where {@link quotients} leaves its results: the quotients' min and max, and the max of L x. */
const QUOT = new Float64Array(3);
const Q_LO = 0;
const Q_HI = 1;
const Q_MAX = 2;

/**
 * The Collatz–Wielandt quotients of x: `out = L x`, then min and max of `out[r]/x[r]` and
 * max of `out` into {@link QUOT} (a top-level loop: a closure's captured counters would be
 * read and written through its context on every entry).
 */
function quotients(c: Chain, x: Float64Array, out: Float64Array): void {
  mulRows(c, x, out);
  const n = c.n;
  let qHi = 0;
  let qLo = Infinity;
  let qMax = 0;
  for (let r = 0; r < n; r++) {
    const q = out[r] / x[r];
    if (q > qHi) qHi = q;
    if (q < qLo) qLo = q;
    if (out[r] > qMax) qMax = out[r];
  }
  QUOT[Q_LO] = qLo;
  QUOT[Q_HI] = qHi;
  QUOT[Q_MAX] = qMax;
}

/**
 * Power iteration for the Perron vector of L_θ (filled) from `start`, with a vector Aitken
 * step every few iterations (the slow mode of a queue chain is one real eigenvalue): any
 * positive vector gives a valid Collatz–Wielandt bound, so the extrapolated one is kept
 * only when its quotients are closer together. With `target` (a ln ν that decides
 * feasibility) it stops as soon as the quotients lie clearly on one side of it; it takes
 * `maxSteps` products at most, and stops at a relative spread of `settle` whatever the
 * target. Returns ln ν for the vector h it keeps (L h ≤ ν h whatever the convergence) and
 * ln ν_lo (L h ≥ ν_lo h).
 */
function perron(c: Chain, start: Float64Array | undefined, target = NaN, easy = NaN, maxSteps = MAX_POWER_STEPS, settle = 0): { h: Float64Array; logNu: number; logLo: number } {
  const n = c.n;
  if (n === 1) return { h: Float64Array.of(1), logNu: Math.log(c.weight[0]), logLo: Math.log(c.weight[0]) };
  let h = start ? start.slice() : new Float64Array(n).fill(1);
  let y = new Float64Array(n);
  const prev = work(W_PREV, n);
  const prev2 = work(W_PREV2, n);
  const trial = work(W_TRIAL, n);
  const ty = work(W_TY, n);
  let nu = Infinity;
  let nuLo = 0;
  for (let it = 0; it < maxSteps; it++) {
    quotients(c, h, y);
    let lo = QUOT[Q_LO];
    let hi = QUOT[Q_HI];
    let ymax = QUOT[Q_MAX];
    if (!(ymax > 0) || !Number.isFinite(ymax)) return { h, logNu: Infinity, logLo: Infinity };
    if (it % 6 === 5) {
      // Vector Aitken through the last three iterates h₋₂, h₋₁, h (each scaled to max 1).
      let d11 = 0;
      let d12 = 0;
      for (let r = 0; r < n; r++) {
        const d1 = prev[r] - prev2[r];
        const d2 = h[r] - prev[r];
        d11 += d1 * d1;
        d12 += d1 * d2;
      }
      const ratio = d11 > 0 ? d12 / d11 : 0;
      if (ratio > 0 && ratio < 0.995) {
        const f = ratio / (1 - ratio);
        let tmax = 0;
        for (let r = 0; r < n; r++) {
          trial[r] = h[r] + f * (h[r] - prev[r]);
          if (trial[r] > tmax) tmax = trial[r];
        }
        if (tmax > 0) {
          for (let r = 0; r < n; r++) trial[r] = Math.max(trial[r] / tmax, 1e-300);
          quotients(c, trial, ty);
          const tLo = QUOT[Q_LO];
          const tHi = QUOT[Q_HI];
          const tMax = QUOT[Q_MAX];
          if (tMax > 0 && Number.isFinite(tMax) && tHi - tLo < hi - lo) {
            h.set(trial);
            y.set(ty);
            lo = tLo;
            hi = tHi;
            ymax = tMax;
          }
        }
      }
    }
    nu = hi;
    nuLo = lo;
    if (hi - lo <= POWER_TOL * hi || it === maxSteps - 1) break;
    if (hi - lo <= LOOSE_POWER_TOL * hi && Math.log(hi) <= easy) break;
    if (hi - lo <= settle * hi) break;
    if (!Number.isNaN(target)) {
      // Stop once the quotients lie on one side of the target and their spread is small
      // against the distance to it (the caller interpolates between the two bounds).
      const lLo = Math.log(lo);
      const lHi = Math.log(hi);
      if ((lLo > target && lHi - lLo <= 0.3 * (lLo - target)) || (lHi < target && lHi - lLo <= 0.3 * (target - lHi))) break;
    }
    // The Aitken step (it % 6 = 5) reads the two iterates before it: kept only then.
    if (it % 6 >= 3) {
      prev2.set(prev);
      prev.set(h);
    }
    for (let r = 0; r < n; r++) y[r] = Math.max(y[r] / ymax, 1e-300);
    const t = h;
    h = y;
    y = t;
  }
  return { h, logNu: Math.log(nu), logLo: Math.log(nuLo) };
}

/**
 * The arrivals' tilted kernel `A(i, j) = P̃(i, j)e^{θ(a_j − a_max)}` (scaled by e^{−θ a_max})
 * with its near-Perron vector v and ln of the Collatz–Wielandt bound (+ θ a_max).
 */
function arrivalPerron(M: Modulator, theta: number): { A: Float64Array; v: Float64Array; logLambda: number } {
  const k = M.k;
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) A[i * k + j] = M.rev[i * k + j] * Math.exp(theta * (M.rates[j] - M.aMax));
  let v = new Float64Array(k).fill(1);
  let y = new Float64Array(k);
  let lam = Infinity;
  for (let it = 0; it < 5000; it++) {
    let hi = 0;
    let lo = Infinity;
    let ymax = 0;
    for (let i = 0; i < k; i++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += A[i * k + j] * v[j];
      y[i] = acc;
      const q = acc / v[i];
      if (q > hi) hi = q;
      if (q < lo) lo = q;
      if (acc > ymax) ymax = acc;
    }
    lam = hi;
    if (!(ymax > 0) || hi - lo <= 1e-15 * hi) break;
    for (let i = 0; i < k; i++) y[i] = Math.max(y[i] / ymax, 1e-300);
    const t = v;
    v = y;
    y = t;
  }
  return { A, v, logLambda: theta * M.aMax + Math.log(lam) };
}

/** ln λ_A(θ): ρ_A for i.i.d. slots, else the Collatz–Wielandt bound of the arrivals' kernel. */
function arrivalLogLambda(plan: MartingalePlan, theta: number): number {
  return plan.modulator.k === 1 ? plan.arrivals.rho(theta) : arrivalPerron(plan.modulator, theta).logLambda;
}

/**
 * The Snell envelope of the crossing indicator (docs/model.md §10.2): the smallest u with
 * `u ≥ G u` and `u ≥ b` (b = 1 where a crossing can end, 0 elsewhere), G the tilted kernel
 * of (arrival state, queues). Small chains: policy iteration (continue where G u > b, the
 * continuation values from a dense linear solve), on G inflated by e^{INFLATE} so that the
 * solution passes the strict check `G u ≤ u` despite rounding. Larger chains, or when the
 * check fails: `u ← max(b, G u)` from a scaled product of Perron vectors, every iterate of
 * which passes it. Returns null when no u passes.
 */
function snell(M: Modulator, c: Chain, A: Float64Array, scale: number, v: Float64Array, h: Float64Array): Float64Array | null {
  const k = M.k;
  const n = c.n;
  const N = k * n;
  const b = work(W_SNELL_B, N).fill(0);
  for (let j = 0; j < k; j++) if (M.crossable[j]) b.fill(1, j * n, (j + 1) * n);
  const Lx = work(W_SNELL_LX, N);
  const gu = work(W_SNELL_GU, N);
  if (N <= DENSE_MAX) {
    const u = policyIteration(c, A, scale * Math.exp(INFLATE), b, k, n);
    if (u && passesG(c, k, A, Lx, scale, b, u, gu)) return u;
  }
  // From above: u = c·(v ⊗ h), the smallest multiple ≥ b.
  let cmin = 0;
  for (let j = 0; j < k; j++) if (M.crossable[j]) for (let e = 0; e < n; e++) cmin = Math.max(cmin, 1 / (v[j] * h[e]));
  cmin *= 1 + 1e-12; // the product must not round below 1 where it is ≥ 1 in exact arithmetic
  if (!Number.isFinite(cmin)) return null;
  let u = work(W_SNELL_U, N);
  for (let j = 0; j < k; j++) for (let e = 0; e < n; e++) u[j * n + e] = cmin * v[j] * h[e];
  if (!passesG(c, k, A, Lx, scale, b, u, gu)) return null;
  let next = work(W_SNELL_NEXT, N);
  for (let it = 0; it < MAX_SNELL_STEPS; it++) {
    // G u of the first step is the check's.
    if (it === 0) next.set(gu);
    else applyG(c, k, A, Lx, u, next, scale);
    let change = 0;
    for (let s = 0; s < N; s++) {
      const x = next[s] > b[s] ? next[s] : b[s];
      const d = (u[s] - x) / u[s];
      if (d > change) change = d;
      next[s] = x;
    }
    const t = u;
    u = next;
    next = t;
    if (change <= SNELL_TOL) break;
  }
  return passesG(c, k, A, Lx, scale, b, u, gu) ? u : null;
}

/**
 * `out = f·(A ⊗ L) x`, the tilted kernel G of (arrival state, queues) on x (k arrival states;
 * `Lx` holds L x per state). Top-level, as the loops of the Snell iteration it serves: a
 * closure would read its captured arrays through its context on every entry.
 */
function applyG(c: Chain, k: number, A: Float64Array, Lx: Float64Array, x: Float64Array, out: Float64Array, f: number): void {
  const n = c.n;
  if (k === 1) {
    // i.i.d. slots (A = [1]): f·(L x).
    mulRows(c, x, out);
    for (let e = 0; e < n; e++) out[e] = f * out[e];
    return;
  }
  for (let j = 0; j < k; j++) mulRows(c, x.subarray(j * n, (j + 1) * n), Lx.subarray(j * n, (j + 1) * n));
  for (let i = 0; i < k; i++) {
    for (let e = 0; e < n; e++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += A[i * k + j] * Lx[j * n + e];
      out[i * n + e] = f * acc;
    }
  }
}

/** Whether `G u ≤ u` and `u ≥ b` hold entry by entry (G u left in `gu`). */
function passesG(c: Chain, k: number, A: Float64Array, Lx: Float64Array, f: number, b: Float64Array, u: Float64Array, gu: Float64Array): boolean {
  applyG(c, k, A, Lx, u, gu, f);
  const N = k * c.n;
  for (let s = 0; s < N; s++) if (!(gu[s] <= u[s]) || !(u[s] >= b[s])) return false;
  return true;
}

/**
 * Howard's policy iteration for the optimal stopping of `u = max(b, G u)` on a dense copy of
 * G = f·(A ⊗ L): from stopping everywhere a crossing can end, continue wherever G u > b,
 * with the continuation values solving (I − G_CC) u_C = G_CS b_S. The values rise to the
 * Snell envelope in finitely many steps. Null when a solve fails.
 */
function policyIteration(c: Chain, A: Float64Array, f: number, b: Float64Array, k: number, n: number): Float64Array | null {
  const N = k * n;
  const G = new Float64Array(N * N);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const a = f * A[i * k + j];
      if (a === 0) continue;
      for (let e = 0; e < n; e++) {
        const row = (i * n + e) * N + j * n;
        for (let q = c.rowStart[e]; q < c.rowStart[e + 1]; q++) G[row + c.col[q]] += a * c.weight[q];
      }
    }
  }
  const u = Float64Array.from(b);
  const cont = new Uint8Array(N);
  const gu = new Float64Array(N);
  const idx = new Int32Array(N);
  for (let round = 0; round < 50; round++) {
    for (let s = 0; s < N; s++) {
      let acc = 0;
      for (let t = 0; t < N; t++) acc += G[s * N + t] * u[t];
      gu[s] = acc;
    }
    let changed = false;
    for (let s = 0; s < N; s++) {
      const want = b[s] === 0 || gu[s] > b[s] * (1 + 1e-13) ? 1 : 0;
      if (want !== cont[s]) changed = true;
      cont[s] = want;
    }
    if (!changed && round > 0) return u;
    let m = 0;
    for (let s = 0; s < N; s++) if (cont[s]) idx[m++] = s;
    const Mx = new Float64Array(m * m);
    const r = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const s = idx[a];
      let acc = 0;
      for (let t = 0; t < N; t++) if (!cont[t]) acc += G[s * N + t] * b[t];
      r[a] = acc;
      for (let bb = 0; bb < m; bb++) Mx[a * m + bb] = (a === bb ? 1 : 0) - G[s * N + idx[bb]];
    }
    if (!solveDense(Mx, r, m)) return null;
    for (let s = 0; s < N; s++) u[s] = b[s];
    for (let a = 0; a < m; a++) {
      if (!(r[a] >= 0) || !Number.isFinite(r[a])) return null;
      u[idx[a]] = r[a];
    }
  }
  return null;
}

/**
 * The per-θ results of a chain (docs/model.md §10.2): h and ν, the arrivals' λ, and — when
 * `ln λ + ln ν ≤ −margin` — the Snell envelope u and the vector w the window integrates.
 */
function computeState(plan: MartingalePlan, s: Session, c: Chain, theta: number): ThetaState {
  const M = plan.modulator;
  c.fill(theta);
  let A: Float64Array;
  let v: Float64Array;
  let logLambda: number;
  if (M.k === 1) {
    A = Float64Array.of(1);
    v = Float64Array.of(1);
    logLambda = plan.arrivals.rho(theta);
  } else ({ A, v, logLambda } = arrivalPerron(M, theta));
  // The power iteration stops once ν's upper bound proves feasibility with quotients close
  // against the distance to the limit (whatever the spread, h only starts the Snell
  // iteration), or well inside the feasible θ at a looser spread.
  const { h, logNu, logLo } = perron(c, s.start.get(c), -logLambda - margin(plan, c), -logLambda - EASY_MARGIN);
  if (c.n > 1 && Number.isFinite(logNu)) s.start.set(c, h);
  if (!(logLambda + logNu <= -margin(plan, c))) return { ...INFEASIBLE, logNu, logLambda };
  const scale = Math.exp(M.k === 1 ? logLambda : theta * M.aMax);
  let u: Float64Array | null;
  if (c.n === 1 && M.k === 1) u = Float64Array.of(1); // e^{ρ}m ≤ 1: u ≡ 1 is the envelope
  else u = snell(M, c, A, scale, v, h);
  if (u === null) return { ...INFEASIBLE, logNu, logLambda };
  const n = c.n;
  const lift = plan.floors > 0;
  const w = new Float64Array(n);
  for (let j = 0; j < M.k; j++) for (let e = 0; e < n; e++) w[e] += M.pi[j] * (lift ? Math.max(1, u[j * n + e]) : u[j * n + e]);
  return { feasible: true, logNu, logLo, logLambda, h, w, seq: null, walked: 0, row: null, rowLog: 0, tailLogSeq: NaN, tailLogRh: NaN };
}

function stateAt(plan: MartingalePlan, s: Session, c: Chain, theta: number): ThetaState {
  let m = s.states.get(c);
  if (!m) s.states.set(c, (m = new Map()));
  const hit = m.get(theta);
  if (hit) return hit;
  const st = computeState(plan, s, c, theta);
  m.set(theta, st);
  return st;
}

/**
 * ln E_0[w(E_T)e^{−θF(T)}]: the window's T slots of service, exactly (row vector e_0ᵀL^t),
 * up to WINDOW steps; beyond, for i.i.d. slots `e^{ρ}L u ≤ u` (so each further slot costs
 * e^{−ρ}, tight near the critical θ where large T are optimal), and always `w ≤ max(w/h)·h`
 * with `L h ≤ ν h`. A one-state chain takes any real T.
 */
function windowLog(plan: MartingalePlan, c: Chain, st: ThetaState, theta: number, T: number): number {
  if (c.n === 1) return Math.log(st.w[0]) + T * st.logNu;
  const need = Math.min(WINDOW, Math.ceil(T));
  if (st.seq === null || st.walked < need) walkWindow(c, st, theta, need);
  const seq = st.seq!;
  if (T <= WINDOW) return seq[T];
  let cw = 0;
  for (let b = 0; b < c.n; b++) cw = Math.max(cw, st.w[b] / st.h[b]);
  const extra = T - WINDOW;
  let v = Math.log(cw) + st.tailLogRh + extra * st.logNu;
  if (plan.modulator.k === 1 && plan.floors === 0) v = Math.min(v, st.tailLogSeq - extra * st.logLambda);
  return Math.min(v, seq[WINDOW]);
}

/** A chain's entries by columns (θ-free): column b's from `start[b]`, each with its row and its index in the chain's rows. */
interface Transpose {
  readonly start: Int32Array;
  readonly row: Int32Array;
  readonly perm: Int32Array;
}

const transposes = new WeakMap<Chain, Transpose>();
/** How many times a window walk has gathered transposed weights (their version for the compiled product). */
let walkFills = 0;

function transposeOf(c: Chain): Transpose {
  const hit = transposes.get(c);
  if (hit) return hit;
  const { n, rowStart, col } = c;
  const nnz = rowStart[n];
  const start = new Int32Array(n + 1);
  for (let q = 0; q < nnz; q++) start[col[q] + 1]++;
  for (let b = 0; b < n; b++) start[b + 1] += start[b];
  const at = start.slice(0, n);
  const row = new Int32Array(nnz);
  const perm = new Int32Array(nnz);
  for (let a = 0; a < n; a++) {
    for (let q = rowStart[a]; q < rowStart[a + 1]; q++) {
      const p = at[col[q]]++;
      row[p] = a;
      perm[p] = q;
    }
  }
  const t = { start, row, perm };
  transposes.set(c, t);
  return t;
}

/**
 * Walks the window of a state from `st.walked` to `to` slots (≤ WINDOW): `seq[t]` is the
 * running minimum of ln E_0[w(E_t)e^{−θF(t)}] (P(W > T) ≤ P(W > t) for t ≤ T, and the
 * threshold does not depend on t, so the minimum is a bound too and makes the bound
 * non-increasing in T at every θ); at WINDOW the tail's two values are kept.
 */
function walkWindow(c: Chain, st: ThetaState, theta: number, to: number): void {
  const n = c.n;
  if (st.seq === null) {
    st.seq = new Float64Array(WINDOW + 1);
    st.seq[0] = Math.log(st.w[0]);
    st.row = new Float64Array(n);
    st.row[0] = 1;
    st.rowLog = 0;
    st.walked = 0;
  }
  const seq = st.seq;
  if (st.walked >= to) return;
  c.fill(theta);
  const weight = c.weight;
  // The row vector times L, by columns (a gather per entry: faster than adding into y row by
  // row), on the weights in column order, gathered when a second slot is walked.
  let tr: Transpose | null = null;
  let wT: Float64Array | null = null;
  let r: Float64Array = st.row!;
  let y: Float64Array = new Float64Array(n);
  let rowLog = st.rowLog;
  let t = st.walked + 1;
  for (; t <= to; t++) {
    if (t === 1) {
      // From the empty state: row 0 of L, the very sums the gather forms (its other terms are 0).
      for (let q = c.rowStart[0]; q < c.rowStart[1]; q++) y[c.col[q]] = weight[q];
    } else {
      if (tr === null || wT === null) {
        tr = transposeOf(c);
        wT = work(W_WALK, tr.perm.length);
        for (let p = 0; p < tr.perm.length; p++) wT[p] = weight[tr.perm[p]];
        walkFills++;
      }
      rowsTimes(1, tr, walkFills, n, tr.start, tr.row, wT, r, y);
    }
    let ymax = 0;
    for (let b = 0; b < n; b++) if (y[b] > ymax) ymax = y[b];
    if (!(ymax > 0)) {
      // No mass left: the bound is 0 from here on (and the tail too).
      seq.fill(-Infinity, t);
      st.tailLogSeq = -Infinity;
      st.tailLogRh = -Infinity;
      st.walked = WINDOW;
      return;
    }
    let dot = 0;
    for (let b = 0; b < n; b++) {
      y[b] /= ymax;
      dot += y[b] * st.w[b];
    }
    rowLog += Math.log(ymax);
    const raw = rowLog + Math.log(dot);
    if (t === WINDOW) st.tailLogSeq = raw;
    seq[t] = raw <= seq[t - 1] ? raw : seq[t - 1];
    const tmp = r;
    r = y;
    y = tmp;
  }
  if (to === WINDOW) {
    let dh = 0;
    for (let b = 0; b < n; b++) dh += r[b] * st.h[b];
    st.tailLogRh = rowLog + Math.log(dh);
  }
  st.row = r;
  st.rowLog = rowLog;
  st.walked = to;
}

/** ln of the bound of one chain at θ (+Infinity when infeasible). */
function candidateLog(plan: MartingalePlan, s: Session, c: Chain, theta: number, T: number, threshold: number): number {
  const st = feasibleState(plan, s, c, theta);
  if (st === null) return Infinity;
  const v = sigmaAt(plan, theta) + windowLog(plan, c, st, theta, T) - theta * threshold;
  return Number.isNaN(v) ? Infinity : v;
}

/** A chain's state at θ when θ lies in the arrivals' range and the supermartingale exists there, else null. */
function feasibleState(plan: MartingalePlan, s: Session, c: Chain, theta: number): ThetaState | null {
  if (!(theta > 0) || !(theta < plan.arrivals.thetaSup)) return null;
  const st = stateAt(plan, s, c, theta);
  return st.feasible ? st : null;
}

/** ln of the arrivals' martingale prefactor at θ (0 without one). */
function sigmaAt(plan: MartingalePlan, theta: number): number {
  return plan.sigmaM === null ? 0 : plan.sigmaM(theta);
}

/**
 * Bounds on {@link candidateLog} of a queue chain at θ without walking its window (null when
 * infeasible): every window value lies between `min(w/h)·h(0)·ν_lo^t` and
 * `max(w/h)·h(0)·ν^t` (ν_lo h ≤ L h ≤ ν h, ν < 1 where feasible), and the bound at T between
 * those at t = T (the window's running minimum and its tails beyond WINDOW stay within them).
 */
function candidateRange(plan: MartingalePlan, s: Session, c: Chain, theta: number, T: number, threshold: number): { lo: number; hi: number } | null {
  const st = feasibleState(plan, s, c, theta);
  if (st === null) return null;
  let least = Infinity;
  let most = 0;
  for (let e = 0; e < c.n; e++) {
    const r = st.w[e] / st.h[e];
    if (r < least) least = r;
    if (r > most) most = r;
  }
  const base = sigmaAt(plan, theta) + Math.log(st.h[0]) - theta * threshold;
  const t = Math.ceil(T);
  return { lo: base + Math.log(least) + t * st.logLo, hi: base + Math.log(most) + t * st.logNu };
}

/**
 * sup{θ : ln λ_A(θ) + ln ν(θ) ≤ −margin} of a chain (Perron only): the function is convex
 * (Kingman's log-convexity of the spectral radius), 0 at θ = 0 with a negative slope for a
 * stable system, so the root is bracketed from the cap down (just below it, then a secant step
 * past the root, at most halving) and found by Illinois false position on the estimates. The
 * feasible end of the bracket is returned (0 if none).
 */
function criticalTheta(plan: MartingalePlan, s: Session, c: Chain, cap: number, relTol: number, useless = 0, drift = true): number {
  // Only a search that starts fresh (no Perron vector of this chain in the session yet) and
  // runs to the end is kept and reused: its numbers depend on the plan, the chain, cap and
  // relTol alone.
  if (s.start.has(c)) return Math.max(0, criticalSearch(plan, s, c, cap, relTol, useless, drift));
  const key = `${cap}|${relTol}|${drift}`;
  let memo = plan.critical.get(c);
  if (!memo) plan.critical.set(c, (memo = new Map()));
  const hit = memo.get(key);
  if (hit) {
    if (hit.start) s.start.set(c, hit.start);
    return hit.hi;
  }
  const hi = criticalSearch(plan, s, c, cap, relTol, useless, drift);
  if (hi < 0) return 0;
  memo.set(key, { hi, start: s.start.get(c) });
  return hi;
}

/**
 * The critical θ by a bracket, then false position; −1 (stopped) as soon as a θ at or below
 * `useless` is found infeasible: the chain then has no θ above `useless`. With `drift`, 0 as
 * soon as {@link noDrift} proves the chain infeasible at every θ (else the bracket walks θ
 * down to `useless`, or 60 steps). A coarse search (relTol ≥ CRITICAL_TOL_SMALL) lets its
 * power iterations settle ({@link SETTLE_FRACTION}): a θ they leave undecided counts as
 * infeasible, in the bracket and for `useless` alike.
 */
function criticalSearch(plan: MartingalePlan, s: Session, c: Chain, cap: number, relTol: number, useless: number, drift: boolean): number {
  const m = margin(plan, c);
  const settle = relTol >= CRITICAL_TOL_SMALL ? SETTLE_FRACTION * relTol : 0;
  // v: the decision value (from the upper Collatz–Wielandt bound: v ≤ 0 proves feasibility);
  // est: an estimate of the function between the two bounds, on v's side of 0, for the
  // interpolation only (a power iteration stopped early leaves its quotients far apart).
  let est = 0;
  const g = (th: number) => {
    est = Infinity;
    if (!(th < plan.arrivals.thetaSup)) return Infinity;
    const logLambda = arrivalLogLambda(plan, th);
    let logNu: number;
    let logLo: number;
    if (c.logM !== null) logNu = logLo = c.logM(th);
    else {
      c.fill(th);
      const p = perron(c, s.start.get(c), -logLambda - m, NaN, MAX_POWER_STEPS, settle);
      if (Number.isFinite(p.logNu)) s.start.set(c, p.h);
      logNu = p.logNu;
      logLo = p.logLo;
    }
    const v = logLambda + logNu + m;
    if (Number.isNaN(v)) return Infinity;
    const mid = logLambda + 0.5 * (logNu + (Number.isFinite(logLo) ? logLo : logNu)) + m;
    est = v > 0 ? (mid > 0 ? mid : 0.5 * v) : mid;
    return v;
  };
  if (!(cap > 0)) return 0;
  let hi = cap;
  if (g(hi) <= 0) return hi;
  if (hi <= useless) return -1;
  let ehi = est;
  let lo = 0;
  let glo = 0;
  // Bracket: just below the cap first (good chains reach close to θmax); then the secant
  // through the two nearest infeasible points (the function is convex, so that root lies on
  // the infeasible side, near the critical θ) stepped a little beyond, at most halving.
  let prevX = NaN;
  let prevE = NaN;
  let drifted = false;
  for (let k = 0; k < 60; k++) {
    let t = 0.9 * hi;
    if (k > 0 && Number.isFinite(prevE) && Number.isFinite(ehi) && prevE > ehi) {
      const xs = hi - (ehi * (prevX - hi)) / (prevE - ehi);
      if (xs > 0.5 * hi && xs < hi) t = Math.max(0.5 * hi, xs - 0.25 * (hi - xs));
      else t = 0.5 * hi;
    } else if (k > 0) t = 0.5 * hi;
    const gt = g(t);
    if (gt <= 0) {
      lo = t;
      glo = est;
      break;
    }
    prevX = hi;
    prevE = ehi;
    hi = t;
    ehi = est;
    if (hi <= useless) return -1;
    // Infeasible at a quarter of the cap: if the chain serves no faster than the arrivals
    // come, it is infeasible at every θ (the walk down would take some forty steps).
    if (!drifted && hi < DRIFT_AT * cap) {
      drifted = true;
      if (drift && c.logM === null && noDrift(plan, s, c, cap)) return 0;
    }
  }
  if (!(lo > 0)) return 0;
  // Illinois false position on the estimates; the feasible end is returned.
  let side = 0;
  for (let k = 0; k < 100 && hi - lo > relTol * hi; k++) {
    let mid = Number.isFinite(ehi) && glo < 0 ? (lo * ehi - hi * glo) / (ehi - glo) : 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) mid = 0.5 * (lo + hi);
    const gm = g(mid);
    if (gm <= 0) {
      lo = mid;
      glo = est;
      if (side === -1 && Number.isFinite(ehi)) ehi *= 0.5;
      side = -1;
    } else {
      hi = mid;
      ehi = est;
      if (side === 1) glo *= 0.5;
      side = 1;
      if (hi <= useless) return -1;
    }
  }
  return lo;
}

/** The critical search asks {@link noDrift} once the chain is infeasible below this fraction of the cap. */
const DRIFT_AT = 0.25;
/** θ = −DRIFT_STEP·cap for {@link noDrift}. */
const DRIFT_STEP = 1e-3;
/** Power-iteration steps at most for {@link noDrift} (its answer is only used when proved). */
const DRIFT_POWER_STEPS = 40;

/**
 * Whether a queue chain is proved infeasible at every θ > 0 because it serves no faster than
 * the arrivals come: `f(θ) = ln λ_A(θ) + ln ν(θ) + margin` is convex on the real line
 * (Kingman) with f(0) = margin > 0, so `f(−δ) ≤ f(0)` gives `f′(0) ≥ 0` and then
 * `f(θ) ≥ f(0) > 0` for all θ > 0. Checked with the upper bounds of both terms at
 * θ = −δ (`ln λ_A(−δ) + ln ν̄(−δ) ≤ 0`); false when not proved (the search then goes on).
 * The session's Perron vector of the chain is left as it was.
 */
function noDrift(plan: MartingalePlan, s: Session, c: Chain, cap: number): boolean {
  const th = -DRIFT_STEP * cap;
  const logLambda = arrivalLogLambda(plan, th);
  if (!Number.isFinite(logLambda)) return false;
  c.fill(th);
  const p = perron(c, s.start.get(c), -logLambda, NaN, DRIFT_POWER_STEPS);
  return logLambda + p.logNu <= 0;
}

/** Result of {@link martingaleLog}. */
export interface MartingaleEval {
  logValue: number;
  theta: number;
  method: string;
}

/**
 * ln of the martingale bound: `P(W > T) ≤ e^{−θ·y}·Σ_j π_j E_0[u_θ(j, E_T)e^{−θF(T)}]` with
 * y the threshold gap (`backlog` b, rounded up to the lattice, minus the floors' deficits),
 * minimised over θ for every candidate (or at a fixed θ), smallest candidate reported.
 *
 * θ search: the single-queue chains, each at its critical θ (found on ν alone) and walked
 * down from there; the two-queue chain only when no single-queue chain reaches the model's
 * θmax; then the one-state chains (cheap) by Brent's method below their critical θ.
 *
 * With i.i.d. arrivals and no floors, u ≥ 1 and F(t) ≤ rateMax·t from the empty state give
 * every θ of a chain a bound of at least `e^{−θ(y + rateMax·T)}`: above a level B for all θ
 * below `θ_need = −ln B/(y + rateMax·T)`, so a critical search that finds a θ at or below
 * θ_need infeasible stops there, the chain useless. B is the chains' best for the one-state
 * chains, and, where the drawdown envelope is planned (and neither θ nor the costlier
 * envelopes are asked for), the best of its θ grid, evaluated first, for the two-queue chain
 * and the one-state ones. The result is the same number: a chain stopped lies above what
 * wins, and the drawdown refinement is gated as before (the chain it would have had to beat
 * was above the grid's best). A chain that serves no faster than the arrivals come is proved
 * infeasible at every θ at once ({@link noDrift}). `prune: false` runs every search to its end
 * (for tests).
 */
export function martingaleLog(plan: MartingalePlan, T: number, backlog: number, theta?: number, overshoot = false, prune = true): MartingaleEval {
  const y = thresholdOf(plan, T, backlog);
  // The level below which a chain must be able to go for its search to run to the end (NaN: every search runs to its end).
  const skip = !prune ? NaN : plan.drawdown !== null && theta === undefined && !overshoot && lowerBounded(plan) ? drawdownGridLog(plan.drawdown, T, y) : Infinity;
  const chains = searchLog(plan, T, backlog, theta, skip);
  const best = overshoot ? overshootRefine(plan, T, backlog, chains, theta) : chains;
  if (plan.drawdown === null) return best;
  const d = drawdownLog(plan.drawdown, T, y, theta, best.logValue);
  const won = d.logValue < best.logValue ? { logValue: d.logValue, theta: d.theta, method: plan.drawdown.label } : best;
  // Where the costlier envelopes are asked for and the drawdown envelope is within SNELL_GATE
  // of the best, its Snell envelope (docs/model.md §10.9) too.
  if (!overshoot || !(d.logValue < best.logValue + SNELL_GATE)) return won;
  const s = drawdownSnellLog(plan.drawdown, T, y, theta, won.logValue);
  return s.logValue < won.logValue ? { logValue: s.logValue, theta: s.theta, method: `${plan.drawdown.label}, Snell envelope` } : won;
}

/**
 * Whether every chain's bound at θ is at least `e^{−θ(y + rateMax·T)}`: with i.i.d. arrivals
 * and no floored stage u ≥ 1, and from the empty state a chain serves at most rateMax·T.
 */
function lowerBounded(plan: MartingalePlan): boolean {
  return plan.modulator.k === 1 && plan.floors === 0;
}

/** The level a crossing must exceed beyond x₀: the lattice gap less the floored stages (docs/model.md §10.4). */
function thresholdOf(plan: MartingalePlan, T: number, backlog: number): number {
  const d = Number.isInteger(T) ? plan.lattice : 0;
  const gap = d > 0 ? d * (Math.floor(backlog / d + 1e-12) + 1) : backlog;
  return gap - plan.floors;
}

/** Grid cells per unit of the level for the overshoot-aware envelope (docs/model.md §10.7). */
const OVERSHOOT_K = 5;
/** The overshoot-aware envelope's z range ends where `e^{θz}P(A > z)` is below this. */
const OVERSHOOT_BEYOND = 1e-9;
/**
 * The envelope is solved at this fraction of the standard search's θ (a little below: it
 * gains most there, where the crossing's overshoot weighs more than the lost decay).
 */
const OVERSHOOT_STEP = 0.985;
/**
 * Largest chain the overshoot-aware envelope is solved on: its policy iteration grows faster
 * than the chain (21 × 21 and 25 × 25 chains fit; 33 × 33 took about a second and gained
 * nothing at 10⁻⁶ at load 0.9).
 */
const OVERSHOOT_MAX_STATES = 700;
/** The fractions tried for a one-state chain (its envelope is a single number). */
const OVERSHOOT_STEPS_ONE = [1, 0.995, 0.985, 0.97, 0.95, 0.9] as const;

/**
 * The arrivals on the lattice 1/K (Poisson, Bernoulli with size·K an integer), with the
 * number of grid cells below Z and `beyond` = sup_{z ≥ Z} e^{θz}P(A > z) ≤ OVERSHOOT_BEYOND;
 * null for other arrivals.
 */
function latticeArrivals(a: ArrivalProcess, K: number, theta: number): { arr: LatticeArrivals; cells: number } | null {
  const logMgf = a.rho(theta);
  if (!Number.isFinite(logMgf)) return null;
  if (a.kind === "bernoulli") {
    const size = a.params.size as number;
    const q = a.params.p as number;
    if (!Number.isInteger(size * K)) return null;
    // Nothing above the batch size: the range ends there, with nothing beyond.
    const arr = { m: Int32Array.of(0, Math.round(size * K)), prob: Float64Array.of(1 - q, q), tail: 0, beyond: 0, logMgf };
    return { arr, cells: Math.max(1, Math.ceil(size)) * K };
  }
  if (a.kind !== "poisson") return null;
  const lam = a.params.perSlot as number;
  const listed = Math.ceil(lam + 12 * Math.sqrt(lam) + 40) + 1;
  const probs = new Float64Array(listed);
  let p = Math.exp(-lam);
  for (let k = 0; k < listed; k++) {
    probs[k] = p;
    p *= lam / (k + 1);
  }
  // P(A ≥ k) ≤ p_k/(1 − λ/(k + 1)) for k + 1 > λ (a geometric tail); p is now p_listed.
  const tail = p / (1 - lam / (listed + 1));
  // v_k = e^{θk}P(A ≥ k) (integer values: sup_{z ≥ Z} e^{θz}P(A > z) ≤ max_{k ≥ Z+1} v_k), by
  // suffix sums over the listed values, then by the geometric tail until it falls well below
  // the threshold; Z is the smallest integer with every later v_k below it.
  const v: number[] = [];
  const suffix = new Float64Array(listed + 1);
  suffix[listed] = tail;
  for (let k = listed - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + probs[k];
  for (let k = 0; k <= listed; k++) v.push(Math.exp(theta * k) * suffix[k]);
  for (let k = listed + 1; k < listed + 4000 && !(v[v.length - 1] < OVERSHOOT_BEYOND * 1e-3 && v[v.length - 1] < v[v.length - 2]); k++) {
    p *= lam / k;
    v.push(Math.exp(theta * k) * (p / (1 - lam / (k + 1))));
  }
  let Z = v.length - 1;
  while (Z > 1 && v[Z] <= OVERSHOOT_BEYOND) Z--;
  // v[Z] is the last above the threshold: cells below Z, every v_k with k ≥ Z + 1 below it.
  let beyond = 0;
  for (let k = Z + 1; k < v.length; k++) beyond = Math.max(beyond, v[k]);
  if (!(beyond <= OVERSHOOT_BEYOND) || !(v[v.length - 1] < OVERSHOOT_BEYOND * 1e-3)) return null;
  const m = new Int32Array(listed);
  for (let k = 0; k < listed; k++) m[k] = k * K;
  return { arr: { m, prob: probs, tail, beyond, logMgf }, cells: Z * K };
}

/**
 * The overshoot-aware envelope (docs/model.md §10.7) for the winning queue chain, at
 * OVERSHOOT_STEP times the standard search's θ (at a fixed θ: there); the smaller bound is
 * kept, and the method says which, or why the envelope was not used.
 */
function overshootRefine(plan: MartingalePlan, T: number, backlog: number, best: MartingaleEval, theta: number | undefined): MartingaleEval {
  const not = (why: string): MartingaleEval => ({ ...best, method: `${best.method} (overshoot-aware envelope ${why})` });
  if (plan.modulator.k !== 1 || plan.sigmaM !== null) return not("not applicable: the arrivals are not i.i.d. over slots");
  if (plan.floors !== 0) return not("not applicable: a floored compute stage");
  const chain = plan.candidates.find((k) => k.label === best.method)?.chain();
  if (!chain || chain.banded === null || !(best.theta > 0)) return not("not applicable: a single random stage without its per-slot law");
  if (chain.n > OVERSHOOT_MAX_STATES) return not(`not tried: ${chain.n} states (at most ${OVERSHOOT_MAX_STATES})`);
  const gap = thresholdOf(plan, T, backlog); // no floored stage here
  const s = newSession();
  // A one-state chain's envelope is a number (cheap): tried at a few θ up to the standard
  // search's; a chain with queues at OVERSHOOT_STEP of it; at a fixed θ, there.
  const steps = theta !== undefined ? [1] : chain.n === 1 ? OVERSHOOT_STEPS_ONE : [OVERSHOOT_STEP];
  let out: MartingaleEval | null = null;
  let why = "not found: its policy iteration did not settle on a checked envelope";
  for (const r of steps) {
    const th = theta ?? r * best.theta;
    const lat = latticeArrivals(plan.arrivals, OVERSHOOT_K, th);
    if (lat === null) return not(`not applicable: arrivals other than Poisson or Bernoulli batches on multiples of 1/${OVERSHOOT_K}`);
    const st = stateAt(plan, s, chain, th);
    if (!st.feasible) {
      why = "not found: no supermartingale at its θ";
      continue;
    }
    chain.fill(th);
    const u = overshootEnvelope(chain.banded(OVERSHOOT_K, th), lat.arr, th, lat.cells, st.w, INFLATE);
    if (u === null) continue;
    const st2: ThetaState = { ...st, w: u, seq: null, walked: 0, row: null, rowLog: 0, tailLogSeq: NaN, tailLogRh: NaN };
    const v = windowLog(plan, chain, st2, th, T) - th * gap;
    why = "no tighter";
    if (v < (out ?? best).logValue) out = { logValue: v, theta: th, method: `${best.method}, overshoot-aware envelope` };
  }
  return out ?? not(why);
}

function searchLog(plan: MartingalePlan, T: number, backlog: number, theta?: number, prune = Infinity): MartingaleEval {
  const threshold = thresholdOf(plan, T, backlog);
  const s = newSession();
  // prune NaN: every search runs to its end (no level to beat, no drift shortcut).
  const full = Number.isNaN(prune);
  let best: MartingaleEval = { logValue: Infinity, theta: 0, method: "none" };
  const take = (c: Chain, th: number, v: number) => {
    if (v < best.logValue) best = { logValue: v, theta: th, method: c.label };
  };
  if (theta !== undefined) {
    for (const k of plan.candidates) {
      const c = k.chain();
      take(c, theta, candidateLog(plan, s, c, theta, T, threshold));
    }
    return best;
  }
  const cap = Math.min(plan.thetaCap, Number.isFinite(plan.arrivals.thetaSup) ? plan.arrivals.thetaSup : Infinity);
  // A chain whose critical θ lies below θ_need = −level/(y + rateMax·T) cannot go below
  // `level` (see lowerBounded; less 1e-9 of θ_need for rounding).
  const bounded = lowerBounded(plan);
  const uselessBelow = (c: Chain, level: number) => {
    const reach = threshold + c.rateMax * Math.ceil(T);
    return bounded && level < 0 && reach > 0 && Number.isFinite(reach) ? (-level / reach) * (1 - 1e-9) : 0;
  };
  // Queue chains: each at its critical θ; the best one walked down from there.
  // With one queue chain and a level another method reaches (the drawdown grid's best, which
  // the result never exceeds), a chain above the level at its critical θ whose walk down would
  // stop at once (provably worse a step down) cannot win, and nothing else reads its value:
  // its window is not walked (candidateRange), its floor stands for its value.
  const single = plan.candidates.filter((k) => k.n > 1).length === 1 && prune < Infinity;
  const slack = 1e-9 * Math.max(1, Math.abs(prune));
  const atCritical = (k: Candidate) => {
    const c = k.chain();
    let hi = criticalTheta(plan, s, c, cap, T <= SMALL_DELAY ? CRITICAL_TOL_SMALL : CRITICAL_TOL, k.wide ? uselessBelow(c, prune) : 0, !full);
    let v = Infinity;
    // At the root itself the Perron vector of the evaluation (another start) may fall a
    // rounding short: step back a little.
    for (const r of [1, 0.9999, 0.999, 0.99]) {
      if (!(hi > 0)) break;
      const at = r * hi;
      const here = single ? candidateRange(plan, s, c, at, T, threshold) : null;
      if (here !== null && here.lo > prune + slack) {
        // The first θ the walk down would take from `at` (the same number).
        const down = candidateRange(plan, s, c, DESCENT[0] * at, T, threshold);
        if (down === null || down.lo >= here.hi + slack) {
          hi = at;
          take(c, hi, here.lo);
          return { c, hi, v: here.lo, settled: true };
        }
      }
      v = candidateLog(plan, s, c, at, T, threshold);
      if (Number.isFinite(v)) {
        hi *= r;
        break;
      }
    }
    take(c, hi, v);
    return { c, hi, v, settled: false };
  };
  const narrow = plan.candidates.filter((k) => k.n > 1 && !k.wide).map(atCritical);
  const reach = narrow.reduce((r, x) => Math.max(r, x.hi), 0);
  const wide = reach < WIDE_GATE * cap ? plan.candidates.filter((k) => k.wide).map(atCritical) : [];
  // Each that is not far behind the best there is walked down (at a lower θ their order may
  // change; where large delays have their optimum at the critical θ, the walk stops after
  // one step).
  const all = [...narrow, ...wide];
  const lead = all.reduce((m, x) => Math.min(m, x.v), Infinity);
  let top: { c: Chain; lo: number; hi: number; x: number; fx: number } | null = null;
  for (const { c, hi, v, settled } of all) {
    if (settled || !Number.isFinite(v) || v > lead + 3 + 0.25 * Math.abs(lead)) continue;
    const r = descend((th: number) => candidateLog(plan, s, c, th, T, threshold), hi, v);
    take(c, r.x, r.fx);
    if (top === null || r.fx < top.fx) top = { c, lo: r.lo, hi: r.hi, x: r.x, fx: r.fx };
  }
  // The winner's optimum, when inside its walk, by a short Brent search in the bracket.
  if (top !== null && top.hi > top.lo) {
    const c = top.c;
    const r = brentMin((th: number) => candidateLog(plan, s, c, th, T, threshold), top.lo, top.hi, 2e-3, { maxSteps: c.wide ? REFINE_STEPS_WIDE : REFINE_STEPS, start: { x: top.x, fx: top.fx } });
    take(c, r.x, r.fx);
  }
  // One-state chains: by Brent below the critical θ (to full precision when it is the only
  // candidate, a single stage). After the queue chains, so that their search stops where they
  // cannot beat the chains' best (nor the drawdown grid's); on a tie they win, as when they
  // went first.
  const chainsBest = best;
  best = { logValue: Infinity, theta: 0, method: "none" };
  const alone = plan.candidates.length === 1;
  for (const k of plan.candidates) {
    if (k.n !== 1) continue;
    const c = k.chain();
    const hi = criticalTheta(plan, s, c, cap, alone ? 1e-10 : 1e-6, alone ? 0 : uselessBelow(c, Math.min(prune, chainsBest.logValue)), !full);
    if (!(hi > 0)) continue;
    const f = (th: number) => candidateLog(plan, s, c, th, T, threshold);
    take(c, hi, f(hi));
    const r = brentMin(f, 0, hi, alone ? 1e-7 : 1e-4);
    take(c, r.x, r.fx);
  }
  return chainsBest.logValue < best.logValue ? chainsBest : best;
}

/** Result of {@link martingaleRealQuantile}. */
export interface MartingaleQuantile {
  /** The smallest real delay with bound ≤ ε (Infinity when none). */
  delay: number;
  theta: number;
  /** ln of the bound at that delay and θ. */
  logValue: number;
}

/**
 * The real-valued delay quantile of a one-state plan (one fluid constant stage of rate c,
 * docs/model.md §4.5): the bound is `ln B(θ, T) = ln K(θ) − θcT` for every real T ≥ 0
 * (no lattice gap: a real delay does not keep the lattice), so
 * `d(ε) = min_θ (ln K(θ) − ln ε)/(θc)` over (0, θ_c], by Brent's method (the ratio is
 * quasi-convex in θ), θ_c included.
 */
export function martingaleRealQuantile(plan: MartingalePlan, rate: number, lnEps: number): MartingaleQuantile {
  const none = { delay: Infinity, theta: 0, logValue: 0 };
  if (plan.candidates.length !== 1 || plan.candidates[0].n !== 1 || !(rate > 0)) return none;
  const c = plan.candidates[0].chain();
  const s = newSession();
  const cap = Math.min(plan.thetaCap, Number.isFinite(plan.arrivals.thetaSup) ? plan.arrivals.thetaSup : Infinity);
  const hi = criticalTheta(plan, s, c, cap, 1e-12);
  if (!(hi > 0)) return none;
  const threshold = -plan.floors;
  const delayAt = (th: number) => Math.max(0, (candidateLog(plan, s, c, th, 0, threshold) - lnEps) / (th * rate));
  let best = brentMin(delayAt, 0, hi, 1e-11);
  const atHi = delayAt(hi);
  if (atHi <= best.fx) best = { x: hi, fx: atHi };
  if (!Number.isFinite(best.fx)) return none;
  return { delay: best.fx, theta: best.x, logValue: candidateLog(plan, s, c, best.x, best.fx, threshold) };
}

/** The fractions of the critical θ the walk down tries, in order. */
const DESCENT = [0.96, 0.88, 0.75, 0.6, 0.45, 0.3] as const;

/**
 * A short search below a chain's critical θ (where large delays have their optimum): steps
 * down while the bound falls, then one parabolic step through the best point and its
 * neighbours. Every point evaluated is a valid bound; the smallest is returned with the
 * bracket of its neighbours (empty when the best is the critical θ itself).
 */
function descend(f: (th: number) => number, hi: number, fHi: number): { x: number; fx: number; lo: number; hi: number } {
  const xs = [hi];
  const fs = [fHi];
  for (const r of DESCENT) {
    const v = f(r * hi);
    xs.push(r * hi);
    fs.push(v);
    if (!(v < fs[fs.length - 2])) break;
  }
  let k = 0;
  for (let i = 1; i < fs.length; i++) if (fs[i] < fs[k]) k = i;
  const out = { x: xs[k], fx: fs[k], lo: xs[k], hi: xs[k] };
  if (k > 0 && k + 1 < xs.length) {
    out.lo = xs[k + 1];
    out.hi = xs[k - 1];
    const [x0, x1, x2] = [xs[k + 1], xs[k], xs[k - 1]];
    const [f0, f1, f2] = [fs[k + 1], fs[k], fs[k - 1]];
    const den = (x1 - x0) * (f1 - f2) - (x1 - x2) * (f1 - f0);
    if (Number.isFinite(f0) && Number.isFinite(f2) && den !== 0) {
      const x = x1 - (0.5 * ((x1 - x0) ** 2 * (f1 - f2) - (x1 - x2) ** 2 * (f1 - f0))) / den;
      if (x > x0 && x < x2) {
        const v = f(x);
        if (v < out.fx) return { ...out, x, fx: v };
      }
    }
  }
  return out;
}

/** Lattice step of the arrivals (requests per slot take values in dZ), 0 when none is known. */
function arrivalLattice(a: ArrivalProcess): number {
  if (a.kind === "poisson") return 1;
  if (a.kind === "bernoulli" && typeof a.params.size === "number" && a.params.size > 0) return a.params.size;
  if (a.kind === "markov" && Array.isArray(a.params.rates) && (a.params.rates as number[]).every((r) => Number.isInteger(r))) return 1;
  return 0;
}

/** Largest d = 2^{−k} (k ≤ 6) with every value a multiple of d, exactly in doubles; 0 if none. */
function commonLattice(values: readonly number[]): number {
  for (let k = 0; k <= 6; k++) {
    const q = 2 ** k;
    if (values.every((v) => Number.isInteger(v * q))) return 1 / q;
  }
  return 0;
}

/** ln E[e^{−θZ}] of a law through a tilt table (Φ(∞)). */
function tableLogMgf(l: Law, thetaCap: number): (theta: number) => number {
  const t = new TiltTable(l, [], thetaCap);
  return (th: number) => Math.log(t.fill(th));
}

/**
 * The common dyadic lattice g of a chain's parts when every value they serve lies on it
 * (constants multiples of g, random parts on lattices that are), else 0: then the chain is
 * exact on g (docs/model.md §10.3).
 */
function chainLattice(parts: readonly Law[]): number {
  const values: number[] = [];
  for (const l of parts) {
    if (Number.isFinite(l.c)) values.push(l.c);
    if (!isConstant(l)) {
      if (l.lattices.length === 0) return 0;
      values.push(...l.lattices);
    }
  }
  return values.length > 0 ? commonLattice(values) : 0;
}

/**
 * A queue spec: exact on the lattice g with a cap of `latticeFactor·CAP_LATTICE` mean services
 * (at most `most` states), or — no lattice, or one too fine to reach the serving part's mean
 * service within `most` states — rounded, `states` over a cap of `roundedFactor` means.
 */
function queue(mean: number, g: number, latticeFactor: number, roundedFactor: number, states: number, most: number, delta = NaN): QueueSpec | null {
  if (g > 0 && (most - 1) * g >= mean) {
    const s = Math.min(most, Math.max(2, Math.ceil((CAP_LATTICE * latticeFactor * mean) / g) + 1));
    return { states: s, cap: (s - 1) * g, exact: true };
  }
  const cap = roundedFactor * mean;
  if (!(cap > 0 && Number.isFinite(cap))) return null;
  const step = alignedStep(cap / (states - 1), delta);
  return { states, cap: (states - 1) * step, exact: false, step };
}

/**
 * A rounded lattice's step near `target`, aligned with the difference δ of the constants on
 * the two sides of the random part (docs/model.md §10.3): when that stage starves, a prefix
 * sum of the queues is a sum of lattice points plus δ, so a step K·g = δ keeps it on the
 * lattice. g is nudged so that K·g stays on the safe side of δ (below a positive δ, above a
 * negative one): the rounding then never loses a step to the last bit. NaN, 0 or |δ| below
 * half the target: no alignment (so small a step would leave the chain no room; a tiny
 * negative δ then costs a step when the random stage starves, as any rounding would).
 */
function alignedStep(target: number, delta: number): number {
  if (!(Number.isFinite(delta) && Math.abs(delta) >= 0.5 * target)) return target;
  const d = Math.abs(delta);
  const k = Math.max(1, Math.round(d / target));
  return (d / k) * (delta > 0 ? 1 - 1e-15 : 1 + 1e-15);
}

const NONE: QueueSpec = { states: 1, cap: 0, exact: true };

/** States per queue of the wider close-rate chain at load ρ (see STATES_2D_CLOSE_WIDE). */
function wideStates(rho: number): number {
  const [lo, hi] = STATES_2D_CLOSE_WIDE;
  const s = rho < 1 ? Math.round(WIDE_CAP_PER_LOAD * (rho / (1 - rho)) / STEP_2D_CLOSE) + 1 : hi;
  return Math.min(hi, Math.max(lo, s));
}

/** δ = c₂ − c₀ of a chain constant–random–constant (NaN otherwise): see {@link alignedStep}. */
function deltaOf(ps: readonly Law[]): number {
  return ps.length === 3 && isConstant(ps[0]) && !isConstant(ps[1]) && isConstant(ps[2]) ? ps[2].c - ps[0].c : NaN;
}

/**
 * Resolves arrivals and stages into candidate chains. Consecutive constant stages merge into
 * their minimum (exact in the fluid model: c₁(r − s) + c₂(t − r) ≥ min(c₁, c₂)(t − s)).
 */
export function planMartingale(arrivals: ArrivalProcess, stages: readonly StageService[], thetaCap: number, wide = false): MartingalePlan {
  const modulator = markovModulator(arrivals);
  const sigmaM = modulator === null && typeof arrivals.sigmaMartingale === "function" ? arrivals.sigmaMartingale.bind(arrivals) : null;
  const base = { arrivals, modulator: modulator ?? IID, sigmaM, thetaCap, widens: false };
  const none = (reason: string): MartingalePlan => ({ ...base, reason, candidates: [], floors: 0, lattice: 0, critical: new Map(), drawdown: null });
  if (typeof arrivals.sigma === "function" && modulator === null && sigmaM === null) {
    return none("the arrivals have a prefactor σ(θ) but no martingale prefactor (sigmaMartingale)");
  }
  let floors = 0;
  const laws: Law[] = [];
  // The stage each random law comes from: a chain over one stage's law is shared by every
  // plan with that stage (sharedChain).
  const owner = new Map<Law, StageService>();
  const values: number[] = [];
  let latticeOk = true;
  const single = stages.length === 1 && stages[0].kind !== "constant";
  // Lattice of the delay event: floored stages serve integers, a random stage its lattice,
  // and a run of fluid constant stages acts as its slowest rate (so only that rate counts).
  let run = Infinity;
  for (const s of stages) {
    const fluidConstant = s.kind === "constant" && s.params.floor !== true;
    if (!fluidConstant && run < Infinity) {
      values.push(run);
      run = Infinity;
    }
    if (s.kind === "constant" && s.params.floor === true) floors++;
    if (fluidConstant) run = Math.min(run, s.params.perSlot as number);
    else if (s.kind === "constant") values.push(1);
    else if (typeof s.slotLattice === "number" && s.slotLattice > 0) values.push(s.slotLattice);
    else latticeOk = false;
    if (single) continue;
    const l = stageLaw(s);
    if (typeof l === "string") return none(l);
    laws.push(l);
    if (!isConstant(l)) owner.set(l, s);
  }
  if (run < Infinity) values.push(run);
  const aL = arrivalLattice(arrivals);
  const lattice = latticeOk && aL > 0 ? commonLattice([aL, ...values]) : 0;
  let widens = false;
  let drawdown: DrawdownPlan | null = null;
  // A queue alone: in the wide plan a rounded one on a finer step (so the plan widens).
  const singleQueue = (mean: number, g: number, delta: number): QueueSpec | null => {
    const q = queue(mean, g, 1, CAP_FACTOR_1D, wide ? STATES_1D_WIDE : STATES_1D, LATTICE_1D, delta);
    if (q && !q.exact) widens = true;
    return q;
  };
  const plan = (candidates: Candidate[]): MartingalePlan => ({ ...base, reason: null, candidates, floors, lattice, widens, critical: new Map(), drawdown });
  if (single) {
    const st = stages[0];
    return plan([lazy("one stage (Kingman)", 1, false, () => scalarChain("one stage (Kingman)", (th: number) => st.logMgfNeg(th)))]);
  }
  // Merge runs of constant stages (real-time order).
  const parts: Law[] = [];
  for (const l of laws) {
    const last = parts[parts.length - 1];
    if (last && isConstant(last) && isConstant(l)) parts[parts.length - 1] = minLaw([last, l]);
    else parts.push(l);
  }
  const candidates: Candidate[] = [];
  const all = minLaw(parts);
  const minLabel = parts.length === 1 ? "one stage (Kingman)" : "per-slot minimum of the stages";
  candidates.push(lazy(minLabel, 1, false, () => scalarChain(minLabel, isConstant(all) ? (th: number) => -th * all.c : tableLogMgf(all, thetaCap), all, thetaCap, all.c)));
  const build = (label: string, ps: readonly Law[], qs: readonly QueueSpec[]) => {
    const r = ps.findIndex((l) => !isConstant(l));
    const n = qs.reduce((p, q) => p * q.states, 1);
    const wide = qs.filter((q) => q.states > 1).length > 1;
    const values = ps.map((l) => l.c);
    // The tilt table's panels follow θmax: rounded up to a power of two (finer panels), so
    // plans whose θmax differs a little share the chain.
    const cap = thetaCap > 0 && Number.isFinite(thetaCap) ? 2 ** Math.ceil(Math.log2(thetaCap)) : thetaCap;
    const key = `${values.join(",")}|${r}|${qs.map((q) => `${q.states}:${q.cap}:${q.exact}`).join(",")}|${cap}`;
    candidates.push(lazy(label, n, wide, () => sharedChain(owner.get(ps[r]), key, () => pieceChain(label, values, r, ps[r], qs, cap))));
  };
  const kind = (q: QueueSpec) => (q.exact ? `exact lattice ${(q.cap / (q.states - 1)).toPrecision(3)}, cap ${q.cap.toPrecision(3)}` : `cap ${q.cap.toPrecision(3)}`);
  const name = (j: number, q: QueueSpec) => `queue between stages ${j + 1} and ${j + 2} of the merged tandem (${kind(q)})`;
  const randoms = parts.map((l, i) => (isConstant(l) ? -1 : i)).filter((i) => i >= 0);
  if (randoms.length === 1) {
    // One random part: each queue alone, and both queues around the random part together.
    // With close rates the single queues are left out: each serves the random part and a
    // constant of nearly its rate as their per-slot minimum, so its decay is the one-state
    // chain's (measured: the same critical θ to 3 digits on compute → Rayleigh → compute at
    // 2.7 / 2.77 / 2.7), and it would only cost time.
    const m0 = parts.length;
    const r = randoms[0];
    // A constant before the random part only a little faster than the one after it (δ < 0,
    // |δ| ≤ 5 % of its rate) is slowed to that one: δ = 0 keeps starved prefix sums on the
    // lattice, where a small negative δ would cost a step each time the random part starves
    // (serving less is always valid; the chains below see the slowed stage).
    if (r > 0 && r < m0 - 1) {
      const d = parts[r + 1].c - parts[r - 1].c;
      if (d < 0 && -d <= LOWER_TO_ALIGN * parts[r - 1].c && chainLattice(parts) === 0) parts[r - 1] = { ...parts[r - 1], c: parts[r + 1].c, upper: parts[r + 1].c, mean: parts[r + 1].c };
    }
    const m = parts.length;
    // Constant → random → constant with i.i.d. arrivals and a continuous law whose mean is
    // within DRAWDOWN_NEAR of the slower constant: the drawdown envelope too (both constants
    // at the slower rate). Farther apart the chains keep their decay and the envelope would
    // only cost time (a condition on the service alone: whether it is tried does not depend
    // on λ).
    const mid = parts[1];
    const cMin = m === 3 ? Math.min(parts[0].c, parts[2].c) : NaN;
    if (m === 3 && r === 1 && modulator === null && sigmaM === null && mid.cdf !== null && mid.c === Infinity && mid.lattices.length === 0 && Number.isFinite(mid.upper) && mid.mean < DRAWDOWN_NEAR * cMin) {
      const c = cMin;
      // A faster constant after the random stage (read backwards, the one feeding it) is kept
      // where the lattice can hold part of its excess (docs/model.md §10.8–10.9).
      const feed = parts[2].c;
      const { L: steps, d: push, g: step } = drawdownSteps(c, feed);
      const kept = push > 0 ? `; the one after it kept at ${((steps + push) * step).toPrecision(4)}` : "";
      drawdown = drawdownPlan(arrivals, { c, cdf: mid.cdf, upper: mid.upper, feed }, owner.get(mid) ?? mid, thetaCap, `drawdown envelope of stage 2 of the merged tandem (constants at ${c.toPrecision(4)}${kept})`);
    }
    const g = chainLattice(parts);
    const around = r > 0 && r < m - 1;
    const close = around && parts[r].mean < CLOSE * Math.min(parts[r - 1].mean, parts[r + 1].mean);
    const delta = deltaOf(parts);
    for (let j = 0; j + 1 < m && !close; j++) {
      const q = singleQueue(parts[j].mean, g, delta);
      if (q) build(name(j, q), parts, parts.slice(0, -1).map((_, k) => (k === j ? q : NONE)));
    }
    if (around) {
      const [fD, fR] = CAP_FACTORS_2D_APART;
      let qD = queue(parts[r - 1].mean, g, 0.5, fD, STATES_2D_APART, LATTICE_2D);
      let qR = queue(parts[r].mean, g, 0.5, fR, STATES_2D_APART, LATTICE_2D);
      if (qD && qR && !qD.exact && !qR.exact) {
        // Rounded: one step for both queues (their prefix sum then stays on the lattice
        // when the random stage starves), aligned with δ.
        const slower = Math.min(parts[r - 1].c, parts[r + 1].c);
        const step = close ? alignedStep(slower * STEP_2D_CLOSE, delta) : alignedStep((Math.max(fD * parts[r - 1].mean, fR * parts[r].mean) / (STATES_2D_APART - 1)), delta);
        widens = widens || close;
        // Close rates: one size for both queues (the wider one grows with the load).
        const closeStates = wide ? wideStates(arrivals.meanPerSlot / Math.min(...parts.map((l) => l.mean))) : STATES_2D_CLOSE;
        const statesOf = (cap: number) => (close ? closeStates : Math.min(STATES_2D_APART, Math.max(2, Math.round(cap / step) + 1)));
        const sD = statesOf(fD * parts[r - 1].mean);
        const sR = statesOf(fR * parts[r].mean);
        qD = { states: sD, cap: (sD - 1) * step, exact: false, step };
        qR = { states: sR, cap: (sR - 1) * step, exact: false, step };
      }
      if (qD && qR) {
        const qs = parts.slice(0, -1).map((_, k) => (k === r ? qR : k === r - 1 ? qD : NONE));
        build(`queues around stage ${r + 1} of the merged tandem (${kind(qD)}; ${kind(qR)})`, parts, qs);
      }
    }
  } else {
    // Several random parts: one queue j, the stages before it and after it each served as
    // their per-slot minimum; usable when only one of the three groups is random.
    for (let j = 0; j + 1 < parts.length; j++) {
      const group = [...(j > 0 ? [minLaw(parts.slice(0, j))] : []), parts[j], minLaw(parts.slice(j + 1))];
      if (group.filter((l) => !isConstant(l)).length !== 1) continue;
      const at = j > 0 ? 1 : 0;
      const g = chainLattice(group);
      const q = singleQueue(parts[j].mean, g, deltaOf(group));
      if (q) build(name(j, q), group, group.slice(0, -1).map((_, k) => (k === at ? q : NONE)));
    }
  }
  return plan(candidates);
}

/**
 * One backward slot of a capped reversed tandem chain (docs/model.md §10.3), for tests of its
 * pathwise dominance: parts in real-time order (`values`, NaN-free; `random` the index of the
 * random part, whose value this slot is `x`), queue j between parts j and j + 1 on the
 * lattice of `qs[j]`, digits `e`; writes the next digits into `next` and returns the slot's
 * output f_0.
 *
 * @internal
 */
export function reversedChainStep(values: readonly number[], random: number, x: number, e: Int32Array, qs: readonly QueueSpec[], next: Int32Array): number {
  const m = values.length;
  const lattice = qs.every((q) => q.exact);
  const sym = lattice ? null : symbolic(values, qs);
  return slotStep(values, random, x, e, qs, next, { a: 0 }, new Float64Array(Math.max(1, m - 1)), lattice, sym, new Int32Array(m));
}

export type { QueueSpec };
