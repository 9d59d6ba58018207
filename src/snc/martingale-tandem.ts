/**
 * The martingale bound for slotted tandems (docs/model.md §10): a valid upper bound on the
 * virtual-delay violation P(W(t) > T) of n cut-through stages that needs no union over the
 * split points of the min-plus convolution.
 *
 * Outline (proof in docs/model.md §10). Read time backwards from t + T. The departures of
 * the tandem by t + T, seen backwards, are the output F(K) of a *saturated* reversed tandem
 * (stage n first, stage 1 last) whose queues E_j hold the service of stage j+1 that stage j
 * has not used yet; F(K) is an additive functional of the Markov chain E driven by the
 * i.i.d. per-slot services. W(t) > T ⇔ sup_{K ≥ T} [Â(T, K) − F(K)] > 0. A positive h with
 * `e^{ρ_A(θ)}·L_θ h ≤ h`, `L_θ h(e) = E[e^{−θ f(e)} h(E′)]`, makes `h(E_k)e^{θ(Â − F)}` a
 * supermartingale after T (Kingman's argument with a Markov modulator), and the first T
 * backward slots only carry service: `P(W > T) ≤ (1/min h)·E[h(E_T)e^{−θF(T)}] ≤
 * (h(0)/min h)·ν^T`, ν the Collatz–Wielandt bound `max_e (L_θ h)(e)/h(e)`.
 *
 * The chain is made finite conservatively: every queue E_j is rounded down to a lattice and
 * capped (throwing service away can only delay the tandem), most of them at cap 0 — then a
 * group of stages serves the per-slot minimum of their services. One queue (a "junction")
 * keeps a lattice of up to {@link STATES} states. Candidates (all junctions, a few caps, and
 * the all-minimum chain with no modulator) are each a valid bound; the smallest is reported.
 *
 * Nothing here throws: unsupported inputs give a plan with a `reason`.
 *
 * @module
 */

import type { ArrivalProcess, StageService } from "./types.js";
import { brentMin } from "../numeric/minimize.js";

/** Lattice states of a junction queue. */
export const STATES = 32;
/** Lattice states per queue of a two-queue chain. */
const STATES_2D = 14;
/** Caps of a junction queue tried, in units of the junction stage's mean service per slot. */
const CAP_FACTORS = [0.75, 2.5] as const;
/**
 * Power-iteration steps per θ at most: the bound uses the Collatz–Wielandt ν of whatever
 * vector it reaches, so stopping early only costs tightness, never validity.
 */
const MAX_POWER_STEPS = 120;
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

  constructor(readonly law: Law, pts: number[], thetaCap: number) {
    // Breakpoints: the requested points, the law's atoms and constant, subdivided so that
    // θ·width ≤ 1 at the largest θ and a panel never spans more than 1/64 of the range.
    const top = Math.min(law.c, law.upper);
    const set = new Set<number>([0, top]);
    for (const p of pts) if (p > 0 && p < top) set.add(p);
    for (const L of law.lattices) for (let k = 1; k * L < top && k < 100_000; k++) set.add(k * L);
    const sorted = [...set].sort((a, b) => a - b);
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
   * (Stieltjes by parts; every term ≥ 0, no cancellation). Returns Φ(∞) plus the tail bound.
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
      if (theta > 0) {
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

  /** Index of a point (must be one of the requested points). */
  indexOf(x: number): number {
    const p = this.points;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A capped reversed chain (docs/model.md §10) with its transition pieces. */
interface Junction {
  readonly label: string;
  /** Number of states. */
  readonly n: number;
  readonly table: TiltTable;
  /**
   * Transition pieces: the mass of the random part between two cumulative ends `lo`, `hi`
   * (table index, or −1: nothing below, −2: everything; closed: ≤ x, open: < x), weighted
   * e^{−θ·w}, with w = x + arg (tilted) or w = arg (flat), added to a matrix cell.
   */
  readonly pieceCell: Int32Array;
  readonly loAt: Int32Array;
  readonly hiAt: Int32Array;
  /** Bits: 1 lo closed, 2 hi closed, 4 flat. */
  readonly flags: Uint8Array;
  readonly weightArg: Float64Array;
  /** The non-zero cells of L_θ: (from, to) and the weight at the last θ. */
  readonly cellFrom: Int32Array;
  readonly cellTo: Int32Array;
  readonly cellWeight: Float64Array;
  h: Float64Array;
  next: Float64Array;
  /** ln ν and ln(h(0)/min h) by θ: they do not depend on the delay, so later calls reuse them. */
  readonly cache: Map<number, { logNu: number; logRatio: number }>;
}

/** A candidate chain: the all-minimum stage (no modulator) or a junction chain. */
type Candidate = { kind: "min"; label: string; logM: (theta: number) => number } | { kind: "junction"; j: Junction };

/** What the martingale form needs, resolved once per (arrivals, service). */
export interface MartingalePlan {
  /** Why the method does not apply (the caller reports it and uses another form), or null. */
  readonly reason: string | null;
  readonly arrivals: ArrivalProcess;
  readonly candidates: readonly Candidate[];
  /** Floored constant stages (each replaced by its fluid rate with a deficit of one request). */
  readonly floors: number;
  /** Lattice d of arrivals and services (0: none): the delay event needs a gap of d. */
  readonly lattice: number;
  /** Largest θ searched. */
  readonly thetaCap: number;
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

/**
 * Resolves arrivals and stages into candidate chains. Consecutive constant stages merge into
 * their minimum (exact in the fluid model: c₁(r − s) + c₂(t − r) ≥ min(c₁, c₂)(t − s)).
 */
export function planMartingale(arrivals: ArrivalProcess, stages: readonly StageService[], thetaCap: number): MartingalePlan {
  const none = (reason: string): MartingalePlan => ({ reason, arrivals, candidates: [], floors: 0, lattice: 0, thetaCap });
  if (typeof arrivals.sigma === "function" && typeof arrivals.sigmaMartingale !== "function") {
    return none("the arrivals have a prefactor σ(θ) but no martingale prefactor (sigmaMartingale)");
  }
  let floors = 0;
  const laws: Law[] = [];
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
  }
  if (run < Infinity) values.push(run);
  const aL = arrivalLattice(arrivals);
  const lattice = latticeOk && aL > 0 ? commonLattice([aL, ...values]) : 0;
  if (single) {
    const st = stages[0];
    const logM = (th: number) => st.logMgfNeg(th);
    return { reason: null, arrivals, candidates: [{ kind: "min", label: "one stage (Kingman)", logM }], floors, lattice, thetaCap };
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
  candidates.push({ kind: "min", label: minLabel, logM: isConstant(all) ? (th: number) => -th * all.c : tableLogMgf(all, thetaCap) });
  const randoms = parts.map((l, i) => (isConstant(l) ? -1 : i)).filter((i) => i >= 0);
  const build = (label: string, ps: readonly Law[], qs: readonly QueueSpec[]) => {
    const r = ps.findIndex((l) => !isConstant(l));
    candidates.push({ kind: "junction", j: chain(label, ps.map((l) => l.c), r, ps[r], qs, thetaCap) });
  };
  const name = (j: number, cap: number) => `queue between stages ${j + 1} and ${j + 2} of the merged tandem (cap ${cap.toPrecision(3)})`;
  if (randoms.length === 1) {
    // One random part: each queue alone, and both queues around the random part together.
    const m = parts.length;
    for (let j = 0; j + 1 < m; j++) {
      for (const f of CAP_FACTORS) {
        const cap = f * parts[j].mean;
        if (!(cap > 0 && Number.isFinite(cap))) continue;
        build(name(j, cap), parts, parts.slice(0, -1).map((_, k) => (k === j ? { states: STATES, cap } : { states: 1, cap: 0 })));
      }
    }
    const r = randoms[0];
    if (r > 0 && r < m - 1) {
      const capR = CAP_FACTORS[1] * parts[r].mean;
      for (const f of CAP_FACTORS.slice(0, 2)) {
        const capD = f * parts[r - 1].mean;
        if (!(capD > 0 && capR > 0 && Number.isFinite(capD + capR))) continue;
        const qs = parts.slice(0, -1).map((_, k) => (k === r ? { states: STATES_2D, cap: capR } : k === r - 1 ? { states: STATES_2D, cap: capD } : { states: 1, cap: 0 }));
        build(`queues around stage ${r + 1} of the merged tandem (caps ${capD.toPrecision(3)}, ${capR.toPrecision(3)})`, parts, qs);
      }
    }
  } else {
    // Several random parts: one queue j, the stages before it and after it each served as
    // their per-slot minimum; usable when only one of the three groups is random.
    for (let j = 0; j + 1 < parts.length; j++) {
      const group = [...(j > 0 ? [minLaw(parts.slice(0, j))] : []), parts[j], minLaw(parts.slice(j + 1))];
      if (group.filter((l) => !isConstant(l)).length !== 1) continue;
      const at = j > 0 ? 1 : 0;
      for (const f of CAP_FACTORS) {
        const cap = f * parts[j].mean;
        if (!(cap > 0 && Number.isFinite(cap))) continue;
        build(name(j, cap), group, group.slice(0, -1).map((_, k) => (k === at ? { states: STATES, cap } : { states: 1, cap: 0 })));
      }
    }
  }
  return { reason: null, arrivals, candidates, floors, lattice, thetaCap };
}

/** ln E[e^{−θZ}] of a law through a tilt table (Φ(∞)). */
function tableLogMgf(l: Law, thetaCap: number): (theta: number) => number {
  const t = new TiltTable(l, [], thetaCap);
  return (th: number) => Math.log(t.fill(th));
}

/** A queue of the reversed chain: `states` lattice points 0, g, …, (states − 1)·g = cap (1 state: cap 0). */
interface QueueSpec {
  readonly states: number;
  readonly cap: number;
}

/**
 * One backward slot of the capped reversed tandem at a value x of the random part: parts
 * in real-time order p_0 … p_{m−1}, queue j (between p_j and p_{j+1}) holding p_{j+1}'s
 * service that p_j has not used. From the saturated p_{m−1} down to p_0:
 * `total = e_j + f`, `f ← min(total, σ_j)`, `e′_j = ⌊min(cap_j, total − f)/g_j⌋` (rounded
 * down, a hair more when the quotient is within rounding of an integer: throwing service
 * away is always conservative). Writes the next-state digits into `next`, returns f_0.
 */
function slotStep(values: readonly number[], random: number, x: number, e: Int32Array, qs: readonly QueueSpec[], next: Int32Array): number {
  const m = values.length;
  let f = random === m - 1 ? x : values[m - 1];
  for (let j = m - 2; j >= 0; j--) {
    const q = qs[j];
    const g = q.states > 1 ? q.cap / (q.states - 1) : 0;
    const total = e[j] * g + f;
    const sigma = random === j ? x : values[j];
    const out = total < sigma ? total : sigma;
    const rem = Math.min(q.cap, total - out);
    next[j] = q.states <= 1 ? 0 : rem >= q.cap ? q.states - 1 : Math.max(0, Math.floor(rem / g - 1e-9));
    f = out;
  }
  return f;
}

/** A linear form a·x + s (a ∈ {−1, 0, 1}) on a segment of the random part's values. */
interface Segment {
  lo: number;
  hi: number;
  a: number;
  s: number;
}

/**
 * Every x at which the step's output changes form or a next state changes, for one state:
 * the outputs are piecewise linear in x with slopes 0 and 1, a min switches where two forms
 * cross, a floor jumps where a remainder crosses a multiple of g.
 */
function breakpoints(values: readonly number[], random: number, e: Int32Array, qs: readonly QueueSpec[]): number[] {
  const m = values.length;
  const out: number[] = [];
  let segs: Segment[] = [random === m - 1 ? { lo: -Infinity, hi: Infinity, a: 1, s: 0 } : { lo: -Infinity, hi: Infinity, a: 0, s: values[m - 1] }];
  for (let j = m - 2; j >= 0; j--) {
    const q = qs[j];
    const g = q.states > 1 ? q.cap / (q.states - 1) : 0;
    const sa = random === j ? 1 : 0;
    const ss = random === j ? 0 : values[j];
    const nextSegs: Segment[] = [];
    for (const sg of segs) {
      const ta = sg.a;
      const ts = sg.s + e[j] * g;
      // Split where total = σ (when the slopes differ).
      const pieces: Segment[] = [];
      if (ta !== sa) {
        const xc = (ss - ts) / (ta - sa);
        if (xc > sg.lo && xc < sg.hi) {
          out.push(xc);
          pieces.push({ lo: sg.lo, hi: xc, a: 0, s: 0 }, { lo: xc, hi: sg.hi, a: 0, s: 0 });
        } else pieces.push({ lo: sg.lo, hi: sg.hi, a: 0, s: 0 });
      } else pieces.push({ lo: sg.lo, hi: sg.hi, a: 0, s: 0 });
      for (const p of pieces) {
        const mid = Number.isFinite(p.lo) ? (Number.isFinite(p.hi) ? 0.5 * (p.lo + p.hi) : p.lo + 1) : Number.isFinite(p.hi) ? p.hi - 1 : 0;
        const totalMid = ta * mid + ts;
        const sigmaMid = sa * mid + ss;
        const useTotal = totalMid < sigmaMid;
        const oa = useTotal ? ta : sa;
        const os = useTotal ? ts : ss;
        // Remainder total − out = (ta − oa)x + (ts − os): floors jump at multiples of g.
        const ra = ta - oa;
        const rs = ts - os;
        if (q.states > 1 && ra !== 0) {
          for (let k = 1; k < q.states; k++) {
            const xk = (k * g - rs) / ra;
            if (xk > p.lo && xk < p.hi) out.push(xk);
          }
        }
        nextSegs.push({ lo: p.lo, hi: p.hi, a: oa, s: os });
      }
    }
    segs = nextSegs;
  }
  return out;
}

/**
 * The capped reversed chain with one random part (docs/model.md §10): state = the queue
 * digits (mixed radix), transitions from the exact per-slot law of the random part on the
 * intervals between breakpoints (open intervals and the breakpoints themselves, for atoms).
 */
function chain(label: string, values: readonly number[], random: number, X: Law, qs: readonly QueueSpec[], thetaCap: number): Junction {
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
  const perState: number[][] = [];
  const pts: number[] = [];
  for (let i = 0; i < n; i++) {
    decode(i);
    const bps = [...new Set(breakpoints(values, random, e, qs))].filter((x) => x > 0 && x < top).sort((u, v) => u - v);
    perState.push(bps);
    for (const x of bps) pts.push(x);
  }
  const table = new TiltTable(X, pts, thetaCap);
  const P = table.points;
  const last = P.length - 1;
  const endAt = (x: number, closed: boolean): number => {
    if (x < 0 || (x === 0 && !closed)) return -1;
    if (x > P[last] || (x === P[last] && closed)) return -2;
    return table.indexOf(x);
  };
  const cell: number[] = [];
  const loAt: number[] = [];
  const hiAt: number[] = [];
  const flags: number[] = [];
  const weightArg: number[] = [];
  const add = (from: number, to: number, lo: number, loClosed: boolean, hi: number, hiClosed: boolean, flat: boolean, arg: number) => {
    cell.push(from * n + to);
    loAt.push(endAt(lo, loClosed));
    hiAt.push(endAt(hi, hiClosed));
    flags.push((loClosed ? 1 : 0) | (hiClosed ? 2 : 0) | (flat ? 4 : 0));
    weightArg.push(arg);
  };
  for (let i = 0; i < n; i++) {
    decode(i);
    const bps = perState[i];
    // Pieces over the support [0, top]: the points 0, each breakpoint and top (atoms of a
    // lattice or of the constant; mass 0 otherwise), the open intervals between them, and
    // the tail beyond top (mass ≤ TAIL). The next state is constant on each piece.
    const grid = [0, ...bps, top];
    const point = (x: number) => {
      const f = slotStep(values, random, x, e, qs, next);
      add(i, encode(next), x, false, x, true, true, f);
    };
    point(0);
    for (let k = 0; k + 1 < grid.length; k++) {
      const lo = grid[k];
      const hi = grid[k + 1];
      if (!(hi > lo)) continue;
      const x1 = lo + (hi - lo) / 3;
      const x2 = lo + (2 * (hi - lo)) / 3;
      const f1 = slotStep(values, random, x1, e, qs, next);
      const to = encode(next);
      const f2 = slotStep(values, random, x2, e, qs, next);
      const linear = Math.abs(f2 - f1 - (x2 - x1)) <= 1e-9 * Math.max(1, Math.abs(x2));
      // (lo, hi): cumulative "< hi" minus cumulative "≤ lo".
      if (linear) add(i, to, lo, true, hi, false, false, f1 - x1);
      else add(i, to, lo, true, hi, false, true, f1);
      if (k + 2 < grid.length) point(hi);
    }
    if (top > 0) point(top);
    if (Number.isFinite(top)) {
      const f = slotStep(values, random, top + 1, e, qs, next);
      add(i, encode(next), top, true, Infinity, true, true, f);
    }
  }
  // Compact the (from, to) cells.
  const ids = new Map<number, number>();
  const pieceCell = new Int32Array(cell.length);
  const from: number[] = [];
  const to: number[] = [];
  cell.forEach((c, q) => {
    let id = ids.get(c);
    if (id === undefined) {
      id = from.length;
      ids.set(c, id);
      from.push(Math.floor(c / n));
      to.push(c % n);
    }
    pieceCell[q] = id;
  });
  return {
    label,
    n,
    table,
    pieceCell,
    loAt: Int32Array.from(loAt),
    hiAt: Int32Array.from(hiAt),
    flags: Uint8Array.from(flags),
    weightArg: Float64Array.from(weightArg),
    cellFrom: Int32Array.from(from),
    cellTo: Int32Array.from(to),
    cellWeight: new Float64Array(from.length),
    h: new Float64Array(n).fill(1),
    next: new Float64Array(n),
    cache: new Map(),
  };
}

/** Cumulative tilted mass Φ (or, `flat`, the CDF) up to an end: closed ≤ x, open < x. */
function cumulative(t: TiltTable, at: number, closed: boolean, total: number, flat: boolean): number {
  if (at === -1) return 0;
  if (at === -2) return flat ? 1 : total;
  if (flat) return closed ? t.cdfAt[at] : t.cdfLeft[at];
  return closed ? t.phi[at] : t.phiLeft[at];
}

/** Fills the cell weights of L_θ (row = from state). */
function buildMatrix(j: Junction, theta: number): void {
  const W = j.cellWeight;
  W.fill(0);
  const t = j.table;
  const total = t.fill(theta);
  const np = j.pieceCell.length;
  for (let q = 0; q < np; q++) {
    const f = j.flags[q];
    const flat = (f & 4) !== 0;
    const mass = cumulative(t, j.hiAt[q], (f & 2) !== 0, total, flat) - cumulative(t, j.loAt[q], (f & 1) !== 0, total, flat);
    if (mass > 0) W[j.pieceCell[q]] += mass * Math.exp(-theta * (flat ? j.weightArg[q] : theta > 0 ? j.weightArg[q] : 0));
  }
}

/**
 * Power iteration for the Perron vector of L_θ, warm-started from the last θ computed (a
 * result therefore depends on earlier calls only within the iteration's tolerance). Returns
 * ln ν for the vector h kept in the chain (Collatz–Wielandt: L h ≤ ν h whatever the
 * convergence) and ln(h(0)/min h).
 */
function perron(j: Junction, theta: number): { logNu: number; logRatio: number } {
  const hit = j.cache.get(theta);
  if (hit) return hit;
  const r = perronAt(j, theta);
  if (j.cache.size < 4096) j.cache.set(theta, r);
  return r;
}

function perronAt(j: Junction, theta: number): { logNu: number; logRatio: number } {
  buildMatrix(j, theta);
  const n = j.n;
  const W = j.cellWeight;
  const F = j.cellFrom;
  const T = j.cellTo;
  const nc = W.length;
  let nu = Infinity;
  for (let it = 0; it < MAX_POWER_STEPS; it++) {
    const h = j.h;
    const nx = j.next;
    nx.fill(0);
    for (let c = 0; c < nc; c++) nx[F[c]] += W[c] * h[T[c]];
    let hi = 0;
    let lo = Infinity;
    let nmax = 0;
    for (let r = 0; r < n; r++) {
      const q = nx[r] / h[r];
      if (q > hi) hi = q;
      if (q < lo) lo = q;
      if (nx[r] > nmax) nmax = nx[r];
    }
    nu = hi;
    if (!(nmax > 0) || !Number.isFinite(nmax)) return { logNu: Infinity, logRatio: Infinity };
    if (hi - lo <= 2e-6 * hi || it === MAX_POWER_STEPS - 1) break;
    for (let r = 0; r < n; r++) nx[r] = Math.max(nx[r] / nmax, 1e-300);
    j.h = nx;
    j.next = h;
  }
  let min = Infinity;
  for (let r = 0; r < n; r++) if (j.h[r] < min) min = j.h[r];
  return { logNu: Math.log(nu), logRatio: Math.log(j.h[0] / min) };
}

/** ln of the bound of one candidate at θ (+Infinity when infeasible). */
function candidateLog(plan: MartingalePlan, c: Candidate, theta: number, T: number, threshold: number): number {
  const a = plan.arrivals;
  if (!(theta > 0) || !(theta < a.thetaSup)) return Infinity;
  const rho = a.rho(theta);
  const sigma = typeof a.sigmaMartingale === "function" ? a.sigmaMartingale(theta) : 0;
  let logNu: number;
  let logRatio = 0;
  if (c.kind === "min") logNu = c.logM(theta);
  else ({ logNu, logRatio } = perron(c.j, theta));
  if (!(rho + logNu <= 1e-13)) return Infinity;
  const v = sigma + logRatio + T * logNu - theta * threshold;
  return Number.isNaN(v) ? Infinity : v;
}

/** Result of {@link martingaleLog}. */
export interface MartingaleEval {
  logValue: number;
  theta: number;
  method: string;
}

/**
 * ln of the martingale bound: `P(W > T) ≤ e^{σ_M(θ)}·(h(0)/min h)·ν(θ)^T·e^{−θ·y}` with
 * y the threshold gap (`backlog` b, rounded up to the lattice, minus the floors' deficits),
 * minimised over θ for every candidate (or at a fixed θ), smallest candidate reported.
 */
export function martingaleLog(plan: MartingalePlan, T: number, backlog: number, theta?: number): MartingaleEval {
  const d = Number.isInteger(T) ? plan.lattice : 0;
  const gap = d > 0 ? d * (Math.floor(backlog / d + 1e-12) + 1) : backlog;
  const threshold = gap - plan.floors;
  const label = (c: Candidate) => (c.kind === "min" ? c.label : c.j.label);
  let best: MartingaleEval = { logValue: Infinity, theta: 0, method: "none" };
  const take = (c: Candidate, th: number, v: number) => {
    if (v < best.logValue) best = { logValue: v, theta: th, method: label(c) };
  };
  if (theta !== undefined) {
    for (const c of plan.candidates) take(c, theta, candidateLog(plan, c, theta, T, threshold));
    return best;
  }
  // A shared grid of θ toward the model's θmax (every candidate's θ_c is below it: the
  // capped chains serve less than the tandem). Each candidate is walked up the grid with
  // warm-started power iterations until it turns infeasible (g is convex, so it stays so);
  // the minimum chain is searched exactly (it is cheap), the best junction chain refined.
  const cap = Math.min(plan.thetaCap, Number.isFinite(plan.arrivals.thetaSup) ? plan.arrivals.thetaSup : Infinity);
  const grid = [0.3, 0.5, 0.65, 0.75, 0.82, 0.88, 0.92, 0.95, 0.97, 0.985, 0.995];
  let bestJ: { c: Candidate; k: number; v: number } | null = null;
  // Screening: each queue chain at one θ (lowered until feasible); the two best are walked.
  const screen: { c: Candidate; v: number }[] = [];
  for (const c of plan.candidates) {
    if (c.kind !== "junction") continue;
    let v = Infinity;
    for (const f of [0.88, 0.7, 0.45]) {
      v = candidateLog(plan, c, f * cap, T, threshold);
      if (Number.isFinite(v)) break;
    }
    screen.push({ c, v });
  }
  screen.sort((x, y) => x.v - y.v);
  const walk = new Set(screen.slice(0, 2).map((x) => x.c));
  for (const c of plan.candidates) {
    if (c.kind === "junction" && !walk.has(c)) continue;
    if (c.kind === "min") {
      const hi = criticalTheta(plan, c);
      if (!(hi > 0)) continue;
      const f = (th: number) => candidateLog(plan, c, th, T, threshold);
      const r = brentMin(f, 0, hi, 1e-6);
      take(c, r.x, r.fx);
      const vHi = f(hi);
      take(c, hi, vHi);
      continue;
    }
    for (let k = 0; k < grid.length; k++) {
      const v = candidateLog(plan, c, grid[k] * cap, T, threshold);
      if (!Number.isFinite(v)) break;
      take(c, grid[k] * cap, v);
      if (bestJ === null || v < bestJ.v) bestJ = { c, k, v };
    }
  }
  if (bestJ !== null && (bestJ.k + 1 === grid.length || !Number.isFinite(candidateLog(plan, bestJ.c, grid[bestJ.k + 1] * cap, T, threshold)))) {
    // The best grid point is the last feasible one: the optimum is at or near the chain's
    // critical θ. Bisect for it between this point and the next (or the cap).
    const c = bestJ.c;
    let lo = grid[bestJ.k] * cap;
    let hi = bestJ.k + 1 < grid.length ? grid[bestJ.k + 1] * cap : cap;
    let vLo = bestJ.v;
    for (let it = 0; it < 8; it++) {
      const mid = 0.5 * (lo + hi);
      const v = candidateLog(plan, c, mid, T, threshold);
      if (Number.isFinite(v)) {
        lo = mid;
        vLo = v;
      } else hi = mid;
    }
    take(c, lo, vLo);
  } else if (bestJ !== null && bestJ.k > 0) {
    // One parabolic step through the best grid point and its neighbours (the grid values are
    // re-evaluated: each is a valid bound, the vertex is one more).
    const { c, k } = bestJ;
    const f = (th: number) => candidateLog(plan, c, th, T, threshold);
    const [x0, x1, x2] = [grid[k - 1] * cap, grid[k] * cap, grid[k + 1] * cap];
    const [f0, f1, f2] = [f(x0), bestJ.v, f(x2)];
    const den = (x1 - x0) * (f1 - f2) - (x1 - x2) * (f1 - f0);
    if (Number.isFinite(f0) && Number.isFinite(f2) && den !== 0) {
      const x = x1 - (0.5 * ((x1 - x0) ** 2 * (f1 - f2) - (x1 - x2) ** 2 * (f1 - f0))) / den;
      if (x > x0 && x < x2) take(c, x, f(x));
    }
  }
  return best;
}

/**
 * sup{θ : ρ_A(θ) + ln ν(θ) ≤ 0} of a candidate: g is convex with g(0) = 0 and g′(0) < 0
 * for a stable system, so the root is bracketed by doubling and found by Illinois false
 * position (bisection where g is infinite). The feasible end of the bracket is returned.
 */
function criticalTheta(plan: MartingalePlan, c: Candidate): number {
  const a = plan.arrivals;
  const g = (th: number) => {
    if (!(th < a.thetaSup)) return Infinity;
    const nu = c.kind === "min" ? c.logM(th) : perron(c.j, th).logNu;
    const v = a.rho(th) + nu;
    return Number.isNaN(v) ? Infinity : v;
  };
  const cap = Math.min(plan.thetaCap, Number.isFinite(a.thetaSup) ? a.thetaSup : Infinity);
  if (!(cap > 0)) return 0;
  let hi = cap;
  let ghi = g(hi);
  if (ghi <= 0) return hi;
  let lo = 0;
  let glo = 0;
  // A feasible point with g < 0 to start from: halve from the cap.
  for (let k = 0; k < 60; k++) {
    const t = hi / 2;
    const gt = g(t);
    if (gt <= 0) {
      lo = t;
      glo = gt;
      break;
    }
    hi = t;
    ghi = gt;
  }
  if (!(lo > 0)) return 0;
  let side = 0;
  for (let k = 0; k < 100 && hi - lo > 1e-8 * hi; k++) {
    let mid = Number.isFinite(ghi) && glo < 0 ? (lo * ghi - hi * glo) / (ghi - glo) : 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) mid = 0.5 * (lo + hi);
    const gm = g(mid);
    if (gm <= 0) {
      lo = mid;
      glo = gm;
      if (side === -1 && Number.isFinite(ghi)) ghi *= 0.5;
      side = -1;
    } else {
      hi = mid;
      ghi = gm;
      if (side === 1) glo *= 0.5;
      side = 1;
    }
  }
  return lo;
}
