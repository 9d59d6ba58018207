/**
 * The M/G/1 Lindley kernel: one chunk (an independent replication) of a run.
 *
 * `W_{n+1} = max(0, W_n + S_n − A_{n+1})` (docs/model.md §7), with per customer first the
 * service S_n, then the inter-arrival time A_{n+1} = −ln(U)/λ. The xoshiro128** step of
 * `src/random/rng.ts` is inlined on four local variables (same words, same numbers as
 * `rngState(seed, chunk)` + `nextUint32`) because a call per uniform costs more than the
 * whole Lindley update.
 *
 * A kernel: it never throws; the entry point checks every argument.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { nextUint32, rngState } from "../random/rng.js";
import type { ServiceCode } from "./describe.js";
import { type ChunkTask, SLICE_UNITS } from "./plan.js";
import { HIST_BUCKETS, histogramRecord } from "./stats.js";

const TWO_NEG_32 = 2 ** -32;

/** What one chunk must do (plain data: it crosses to a worker). */
export interface MG1Task extends ChunkTask {
  readonly lambda: number;
  /** Thresholds t for P(W > t) and P(T > t), seconds. */
  readonly tails: readonly number[];
  /** Histogram base index (see `histogramBase`), or −1 for no histogram. */
  readonly histBase: number;
}

/** One chunk's statistics (plain data: it crosses back from a worker). */
export interface MG1ChunkResult {
  readonly chunk: number;
  readonly counts: number[];
  readonly sumW: number[];
  readonly sumT: number[];
  readonly sumS: number[];
  /** Batch-major: `tailW[b·nt + k]` = customers of batch b with W > tails[k]. */
  readonly tailW: number[];
  readonly tailT: number[];
  /** Histograms of W and T: `[zeros, under, over]` then HIST_BUCKETS counts; empty when not asked. */
  readonly histW: Float64Array;
  readonly histT: Float64Array;
}

interface Acc {
  sumW: number;
  sumT: number;
  sumS: number;
  tails: readonly number[];
  tailW: number[];
  tailT: number[];
  offset: number;
  histW: Float64Array | null;
  histT: Float64Array | null;
  base: number;
}


// Lean loops: one per service family, no tail counters and no histogram. Separate
// functions (not one loop with a switch) because V8 then keeps each loop's registers for
// the few live values and reaches the speed of a hand-written single-purpose loop. They
// repeat each other (the inlined xoshiro step, the Lindley update) on purpose: this is the
// one deliberate copy in src/ — folding them into a shared helper or a switch costs the
// speed the benchmark holds them to (bench/sim.bench.mjs, the C-loop ratio).
/** Σw, Σ(w+S), ΣS: set by the caller before a lean segment (the running sums), read after it. */
const LEAN_SUMS = new Float64Array(3);

/** Exponential service, mean a. */
function leanExponential(st: Uint32Array, w: number, n: number, lambda: number, a: number): number {
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const invLambda = 1 / lambda;
  // Running sums continue from LEAN_SUMS (a batch run in slices adds in the same order as in one piece).
  let sumW = LEAN_SUMS[0],
    sumT = LEAN_SUMS[1],
    sumS = LEAN_SUMS[2];
  let r = 0,
    m = 0,
    t = 0;
  for (let i = 0; i < n; i++) {
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const S = -a * Math.log((r + 0.5) * TWO_NEG_32);
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const A = -Math.log((r + 0.5) * TWO_NEG_32) * invLambda;
    sumW += w;
    sumT += w + S;
    sumS += S;
    w = w + S - A;
    if (w < 0) w = 0;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  LEAN_SUMS[0] = sumW;
  LEAN_SUMS[1] = sumT;
  LEAN_SUMS[2] = sumS;
  return w;
}

/** Deterministic service a. */
function leanDeterministic(st: Uint32Array, w: number, n: number, lambda: number, a: number): number {
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const invLambda = 1 / lambda;
  // Running sums continue from LEAN_SUMS (a batch run in slices adds in the same order as in one piece).
  let sumW = LEAN_SUMS[0],
    sumT = LEAN_SUMS[1],
    sumS = LEAN_SUMS[2];
  let r = 0,
    m = 0,
    t = 0;
  for (let i = 0; i < n; i++) {
    const S = a;
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const A = -Math.log((r + 0.5) * TWO_NEG_32) * invLambda;
    sumW += w;
    sumT += w + S;
    sumS += S;
    w = w + S - A;
    if (w < 0) w = 0;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  LEAN_SUMS[0] = sumW;
  LEAN_SUMS[1] = sumT;
  LEAN_SUMS[2] = sumS;
  return w;
}

/** Erlang-k service: −b·ln(u₁⋯u_k). */
function leanErlang(st: Uint32Array, w: number, n: number, lambda: number, k: number, b: number): number {
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const invLambda = 1 / lambda;
  // Running sums continue from LEAN_SUMS (a batch run in slices adds in the same order as in one piece).
  let sumW = LEAN_SUMS[0],
    sumT = LEAN_SUMS[1],
    sumS = LEAN_SUMS[2];
  let r = 0,
    m = 0,
    t = 0;
  for (let i = 0; i < n; i++) {
    let p = 1;
    for (let j = 0; j < k; j++) {
      m = Math.imul(s1, 5);
      r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      p *= (r + 0.5) * TWO_NEG_32;
    }
    const S = -b * Math.log(p);
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const A = -Math.log((r + 0.5) * TWO_NEG_32) * invLambda;
    sumW += w;
    sumT += w + S;
    sumS += S;
    w = w + S - A;
    if (w < 0) w = 0;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  LEAN_SUMS[0] = sumW;
  LEAN_SUMS[1] = sumT;
  LEAN_SUMS[2] = sumS;
  return w;
}

/** Hyperexponential service by cumulative weights. */
function leanHyper(st: Uint32Array, w: number, n: number, lambda: number, cum: readonly number[], means: readonly number[]): number {
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const invLambda = 1 / lambda;
  // Running sums continue from LEAN_SUMS (a batch run in slices adds in the same order as in one piece).
  let sumW = LEAN_SUMS[0],
    sumT = LEAN_SUMS[1],
    sumS = LEAN_SUMS[2];
  let r = 0,
    m = 0,
    t = 0;
  for (let i = 0; i < n; i++) {
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const v = (r + 0.5) * TWO_NEG_32;
    let idx = 0;
    while (idx < cum.length - 1 && v > cum[idx]) idx++;
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const S = -means[idx] * Math.log((r + 0.5) * TWO_NEG_32);
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const A = -Math.log((r + 0.5) * TWO_NEG_32) * invLambda;
    sumW += w;
    sumT += w + S;
    sumS += S;
    w = w + S - A;
    if (w < 0) w = 0;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  LEAN_SUMS[0] = sumW;
  LEAN_SUMS[1] = sumT;
  LEAN_SUMS[2] = sumS;
  return w;
}

/** Runs a lean segment for codes 1–4; sums land in LEAN_SUMS. */
function lean(st: Uint32Array, w: number, n: number, lambda: number, sc: ServiceCode): number {
  switch (sc.code) {
    case 1:
      return leanDeterministic(st, w, n, lambda, sc.a);
    case 2:
      return leanExponential(st, w, n, lambda, sc.a);
    case 3:
      return leanErlang(st, w, n, lambda, sc.k, sc.b);
    default:
      return leanHyper(st, w, n, lambda, sc.cum, sc.means);
  }
}

/**
 * Runs `n` customers from waiting time `w`; updates the 4-word state `st` and, when `acc` is
 * given, the accumulators. Returns the waiting time of the next customer.
 */
function segment(
  st: Uint32Array,
  w: number,
  n: number,
  lambda: number,
  sc: ServiceCode,
  dist: Distribution,
  acc: Acc | null,
): number {
  const code = sc.code;
  if (code === 0) return segmentGeneric(st, w, n, lambda, dist, acc);
  if (acc === null || (acc.tails.length === 0 && acc.histW === null)) {
    LEAN_SUMS[0] = acc !== null ? acc.sumW : 0;
    LEAN_SUMS[1] = acc !== null ? acc.sumT : 0;
    LEAN_SUMS[2] = acc !== null ? acc.sumS : 0;
    w = lean(st, w, n, lambda, sc);
    if (acc !== null) {
      acc.sumW = LEAN_SUMS[0];
      acc.sumT = LEAN_SUMS[1];
      acc.sumS = LEAN_SUMS[2];
    }
    return w;
  }
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const a = sc.a,
    b = sc.b,
    k = sc.k;
  const cum = sc.cum,
    means = sc.means,
    last = cum.length - 1;
  const invLambda = 1 / lambda;
  // Continue the batch's running sums (slices of a batch add in the same order as one piece).
  let sumW = acc !== null ? acc.sumW : 0,
    sumT = acc !== null ? acc.sumT : 0,
    sumS = acc !== null ? acc.sumS : 0;
  const observe = acc !== null;
  const tails = observe ? acc.tails : [];
  const nt = tails.length;
  const tailW = observe ? acc.tailW : [];
  const tailT = observe ? acc.tailT : [];
  const off = observe ? acc.offset : 0;
  const hW = observe ? acc.histW : null;
  const hT = observe ? acc.histT : null;
  const base = observe ? acc.base - 3 : 0;
  for (let i = 0; i < n; i++) {
    let S: number;
    let r: number, m: number, t: number;
    if (code === 2) {
      m = Math.imul(s1, 5);
      r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      S = -a * Math.log((r + 0.5) * TWO_NEG_32);
    } else if (code === 1) {
      S = a;
    } else if (code === 3) {
      let p = 1;
      for (let j = 0; j < k; j++) {
        m = Math.imul(s1, 5);
        r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        p *= (r + 0.5) * TWO_NEG_32;
      }
      S = -b * Math.log(p);
    } else {
      m = Math.imul(s1, 5);
      r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const v = (r + 0.5) * TWO_NEG_32;
      let idx = 0;
      while (idx < last && v > cum[idx]) idx++;
      m = Math.imul(s1, 5);
      r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      S = -means[idx] * Math.log((r + 0.5) * TWO_NEG_32);
    }
    m = Math.imul(s1, 5);
    r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const A = -Math.log((r + 0.5) * TWO_NEG_32) * invLambda;
    if (observe) {
      const T = w + S;
      sumW += w;
      sumT += T;
      sumS += S;
      for (let j = 0; j < nt; j++) {
        const tj = tails[j];
        if (w > tj) tailW[off + j]++;
        if (T > tj) tailT[off + j]++;
      }
      if (hW !== null) {
        histogramRecord(hW, 0, w, base);
        histogramRecord(hT!, 0, T, base);
      }
    }
    w = w + S - A;
    if (w < 0) w = 0;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  if (acc !== null) {
    acc.sumW = sumW;
    acc.sumT = sumT;
    acc.sumS = sumS;
  }
  return w;
}

function segmentGeneric(st: Uint32Array, w: number, n: number, lambda: number, dist: Distribution, acc: Acc | null): number {
  const u = () => (nextUint32(st) + 0.5) * TWO_NEG_32;
  const invLambda = 1 / lambda;
  // Continue the batch's running sums (slices of a batch add in the same order as one piece).
  let sumW = acc !== null ? acc.sumW : 0,
    sumT = acc !== null ? acc.sumT : 0,
    sumS = acc !== null ? acc.sumS : 0;
  const tails = acc ? acc.tails : [];
  const nt = tails.length;
  const base = acc ? acc.base - 3 : 0;
  for (let i = 0; i < n; i++) {
    const S = dist.sample(u);
    const A = -Math.log(u()) * invLambda;
    if (acc !== null) {
      const T = w + S;
      sumW += w;
      sumT += T;
      sumS += S;
      for (let j = 0; j < nt; j++) {
        if (w > tails[j]) acc.tailW[acc.offset + j]++;
        if (T > tails[j]) acc.tailT[acc.offset + j]++;
      }
      if (acc.histW !== null) {
        histogramRecord(acc.histW, 0, w, base);
        histogramRecord(acc.histT!, 0, T, base);
      }
    }
    w = w + S - A;
    if (w < 0) w = 0;
  }
  if (acc !== null) {
    acc.sumW = sumW;
    acc.sumT = sumT;
    acc.sumS = sumS;
  }
  return w;
}


/**
 * One chunk as steps: `warmup` unobserved customers from an empty system, then the
 * batches, run in slices of at most {@link SLICE_UNITS} customers; after each slice the
 * generator yields how many customers of this chunk (warm-up included) are done, so the
 * caller can report progress and honour an AbortSignal mid-chunk. The slices change no
 * number: a batch's running sums continue across them in the same order.
 */
export function* mg1ChunkSteps(task: MG1Task, sc: ServiceCode, dist: Distribution): Generator<number, MG1ChunkResult, void> {
  const st = rngState(task.seed, task.chunk);
  const nb = task.batchSizes.length;
  const nt = task.tails.length;
  const wantHist = task.histBase >= 0;
  const acc: Acc = {
    sumW: 0,
    sumT: 0,
    sumS: 0,
    tails: task.tails.slice(),
    tailW: new Array(nb * nt).fill(0),
    tailT: new Array(nb * nt).fill(0),
    offset: 0,
    histW: wantHist ? new Float64Array(HIST_BUCKETS + 3) : null,
    histT: wantHist ? new Float64Array(HIST_BUCKETS + 3) : null,
    base: task.histBase,
  };
  const counts: number[] = [];
  const sumW: number[] = [];
  const sumT: number[] = [];
  const sumS: number[] = [];
  let w = 0;
  let done = 0;
  for (let left = task.warmup; left > 0; ) {
    const m = Math.min(SLICE_UNITS, left);
    w = segment(st, w, m, task.lambda, sc, dist, null);
    left -= m;
    done += m;
    yield done;
  }
  for (let bi = 0; bi < nb; bi++) {
    acc.sumW = acc.sumT = acc.sumS = 0;
    acc.offset = bi * nt;
    const n = task.batchSizes[bi];
    for (let left = n; left > 0; ) {
      const m = Math.min(SLICE_UNITS, left);
      w = segment(st, w, m, task.lambda, sc, dist, acc);
      left -= m;
      done += m;
      yield done;
    }
    counts.push(n);
    sumW.push(acc.sumW);
    sumT.push(acc.sumT);
    sumS.push(acc.sumS);
  }
  return {
    chunk: task.chunk,
    counts,
    sumW,
    sumT,
    sumS,
    tailW: acc.tailW,
    tailT: acc.tailT,
    histW: acc.histW ?? new Float64Array(0),
    histT: acc.histT ?? new Float64Array(0),
  };
}
