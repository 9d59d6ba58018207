/**
 * The request-level kernel (docs/model.md §9.2): one chunk (an independent replication)
 * of a store-and-forward FIFO pipeline, by the per-stage departure recursion — no event
 * queue.
 *
 * Requests are generated in blocks (of {@link BLOCK}, fewer at a tiny load: see
 * `KernelModel.block`) and pushed through the stages one stage at a time (stage-major:
 * each stage's loop is short and monomorphic). A stage sees
 * its requests in order of arrival at that stage and updates, per request with arrival
 * time a and service s:
 * - one shared server:   start = max(a, d_prev), d = start + s (d_prev its last departure);
 * - c shared servers:    start = max(a, f_min), d = start + s, f_min ← d, where f is the
 *   Kiefer–Wolfowitz vector of the times the c servers next fall free (a binary min-heap);
 * - dedicated:           start = a, d = a + s.
 * The departure d is the next stage's arrival (store-and-forward).
 *
 * Overtaking: c servers, or a dedicated stage with random service, can let a later request
 * leave first. A shared stage downstream must still see its arrivals in time order, so
 * such requests wait in a reorder heap keyed by (time, request number) in front of it and
 * are released once nothing still to come can arrive earlier. That bound is carried along
 * the pipeline: future arrivals at stage 1 are ≥ the last arrival generated; a shared
 * stage's future departures are ≥ max(its future arrivals' bound, the earliest time one of
 * its servers falls free) + its minimum service; a dedicated stage's ≥ its arrivals'
 * bound + its minimum service. Items strictly below the bound are released, so ties are
 * served in request order. Where nothing can overtake (one-server stages, deterministic
 * services) no heap exists and the block runs straight through.
 *
 * After the last observed batch, unobserved requests keep arriving until every observed
 * one has left (a request still queued behind the reorder heap can be delayed by a later
 * request that overtook it). Times are re-based to the first arrival of every block, so
 * absolute times stay small and response times keep full precision however long the run.
 *
 * Exponential services and gaps come from the 256-layer ziggurat on the inlined
 * xoshiro128** step (the same words as `rngState(seed, chunk)` + `nextUint32`);
 * deterministic ones need no draw; any other law calls its `sample(u)` on the same stream.
 *
 * A kernel: it never throws; the entry point checks every argument.
 *
 * @module
 */

import type { Distribution } from "../distributions/types.js";
import { nextUint32, rngState } from "../random/rng.js";
import { ZIGGURAT_RATIO, ZIGGURAT_X, zigguratExponentialTail } from "../random/ziggurat.js";
import { type ChunkTask, SLICE_UNITS } from "./plan.js";
import { HIST_BUCKETS, histogramRecord } from "./stats.js";

/** Requests generated per block at most. */
export const BLOCK = 1024;

const TWO_NEG_32 = 2 ** -32;
const TWO_NEG_24 = 2 ** -24;
const HROW = HIST_BUCKETS + 3;

/** How a stage's service time is drawn: 0 `law.sample(u)`, 1 the constant `a`, 2 `a`·Exp(1) (ziggurat). */
export type DrawCode = 0 | 1 | 2;

/** A stage as the kernel runs it. */
export interface KernelStage {
  /** 0: one shared server; 1: `servers` shared servers; 2: dedicated (no queue). */
  readonly resource: 0 | 1 | 2;
  readonly servers: number;
  readonly code: DrawCode;
  /** The constant (code 1) or the mean (code 2). */
  readonly a: number;
  readonly law: Distribution;
  /** A lower bound on the service time (the constant for code 1, else 0). */
  readonly minService: number;
  /** Requests may reach this stage out of time order and it queues: reorder in front of it. */
  readonly sortInput: boolean;
}

/** The arrival process as the kernel runs it. */
export interface KernelArrivals {
  /** 0: renewal `law.sample(u)`; 1: constant gaps `a`; 2: `a`·Exp(1) gaps (Poisson); 3: MMPP. */
  readonly code: 0 | 1 | 2 | 3;
  readonly a: number;
  readonly law: Distribution | null;
  /** MMPP: Poisson rate per state. */
  readonly rates: readonly number[];
  /** MMPP: rates + leaving rates, per state. */
  readonly totals: readonly number[];
  /** MMPP: per state, cumulative switching rates to states 0 … k−1. */
  readonly cumSwitch: readonly (readonly number[])[];
  /** MMPP: cumulative stationary distribution, for the initial state. */
  readonly cumStationary: readonly number[];
}

/** The whole model as live objects. */
export interface KernelModel {
  readonly stages: readonly KernelStage[];
  readonly arrivals: KernelArrivals;
  /**
   * Requests per block, ≤ {@link BLOCK}: small enough that a block spans at most 2^20 of
   * the shortest mean service time (times are re-based per block, so rounding stays below
   * 2^−33 of a service even when the load is tiny).
   */
  readonly block: number;
}

/** What one chunk must do (plain data: it crosses to a worker). */
export interface RequestsTask extends ChunkTask {
  /** Sorted, distinct thresholds t (seconds) for P(T > t). */
  readonly times: readonly number[];
  /** Histogram base index (see `histogramBase`), or −1 for no histogram. */
  readonly histBase: number;
}

/** One chunk's statistics, per batch (plain data: it crosses back from a worker). */
export interface RequestsChunkResult {
  readonly chunk: number;
  /** Observed requests per batch. */
  readonly counts: number[];
  /** Σ end-to-end response time per batch. */
  readonly sumT: number[];
  /** Batch-major: `hits[b·nt + k]` = requests of batch b with T > times[k]. */
  readonly hits: number[];
  /** Per batch, a histogram of T: `[zeros, under, over]` then HIST_BUCKETS counts (row b at b·(HIST_BUCKETS+3)); empty when not asked. */
  readonly hist: Float64Array;
  /** Stage-major: `sumS[i·nb + b]` = Σ service times at stage i of batch b's requests. */
  readonly sumS: number[];
  /** Stage-major: Σ waiting times (arrival at the stage → start of service). */
  readonly sumW: number[];
  /** Stage-major: requests that waited (W > 0). */
  readonly queued: number[];
}

/** One chunk's end-to-end accumulators (per batch b), shared by both request kernels. */
export interface EndToEndStats {
  readonly counts: number[];
  readonly sumT: number[];
  /** Batch-major hits of the sorted thresholds `times`. */
  readonly hits: number[];
  readonly hist: Float64Array;
  readonly times: readonly number[];
  /** Whether a histogram is kept. */
  readonly wantHist: boolean;
  /** The histogram's shifted base (`histBase − 3`). */
  readonly base: number;
}

/** Records one observed request's end-to-end response time T in batch b. */
export function recordResponse(s: EndToEndStats, b: number, T: number): void {
  const nt = s.times.length;
  s.counts[b]++;
  s.sumT[b] += T;
  for (let k = 0; k < nt; k++) {
    if (T > s.times[k]) s.hits[b * nt + k]++;
    else break;
  }
  if (s.wantHist) histogramRecord(s.hist, b * HROW, T, s.base);
}

/** A growable list of requests in flight (struct of arrays). */
interface List {
  time: Float64Array;
  origin: Float64Array;
  id: Float64Array;
  tag: Int32Array;
}

function makeList(cap: number): List {
  return { time: new Float64Array(cap), origin: new Float64Array(cap), id: new Float64Array(cap), tag: new Int32Array(cap) };
}

function growList(l: List, need: number): void {
  if (need <= l.time.length) return;
  let cap = l.time.length;
  while (cap < need) cap *= 2;
  const n = makeList(cap);
  n.time.set(l.time);
  n.origin.set(l.origin);
  n.id.set(l.id);
  n.tag.set(l.tag);
  l.time = n.time;
  l.origin = n.origin;
  l.id = n.id;
  l.tag = n.tag;
}

/** A binary min-heap of requests keyed by (time, id). */
interface Heap extends List {
  size: number;
}

function less(h: List, i: number, j: number): boolean {
  const a = h.time[i];
  const b = h.time[j];
  return a < b || (a === b && h.id[i] < h.id[j]);
}

function swap(h: List, i: number, j: number): void {
  let x = h.time[i];
  h.time[i] = h.time[j];
  h.time[j] = x;
  x = h.origin[i];
  h.origin[i] = h.origin[j];
  h.origin[j] = x;
  x = h.id[i];
  h.id[i] = h.id[j];
  h.id[j] = x;
  const t = h.tag[i];
  h.tag[i] = h.tag[j];
  h.tag[j] = t;
}

function siftDown(h: Heap, i: number): void {
  const n = h.size;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const r = l + 1;
    const m = r < n && less(h, r, l) ? r : l;
    if (!less(h, m, i)) return;
    swap(h, i, m);
    i = m;
  }
}

function heapPush(h: Heap, l: List, j: number): void {
  growList(h, h.size + 1);
  let i = h.size++;
  h.time[i] = l.time[j];
  h.origin[i] = l.origin[j];
  h.id[i] = l.id[j];
  h.tag[i] = l.tag[j];
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h, i, p)) return;
    swap(h, i, p);
    i = p;
  }
}

/** Moves every request with time < bound from the heap to `out` (from index 0), in (time, id) order. */
function release(h: Heap, bound: number, out: List): number {
  let n = 0;
  while (h.size > 0 && h.time[0] < bound) {
    growList(out, n + 1);
    out.time[n] = h.time[0];
    out.origin[n] = h.origin[0];
    out.id[n] = h.id[0];
    out.tag[n] = h.tag[0];
    n++;
    h.size--;
    if (h.size > 0) {
      h.time[0] = h.time[h.size];
      h.origin[0] = h.origin[h.size];
      h.id[0] = h.id[h.size];
      h.tag[0] = h.tag[h.size];
      siftDown(h, 0);
    }
  }
  return n;
}

/** Per-stage mutable state and per-batch accumulators (index tag + 1; slot 0 discards). */
interface StageState {
  last: number;
  free: Float64Array;
  pending: Heap | null;
  sumS: Float64Array;
  sumW: Float64Array;
  queued: Float64Array;
}

/** The xoshiro state and the two sources the generic laws and the ziggurat tail read. */
export interface Rand {
  st: Uint32Array;
  word: () => number;
  u: () => number;
}

/** Exp(1) by the ziggurat, reading words from the state array (for the non-inlined paths). */
export function exp1(r: Rand): number {
  const w = nextUint32(r.st);
  const i = w & 255;
  const x = ((w >>> 8) + 0.5) * TWO_NEG_24;
  if (x < ZIGGURAT_RATIO[i]) return x * ZIGGURAT_X[i];
  return zigguratExponentialTail(i, x, r.word);
}

/**
 * One shared server over `n` requests of `l` (in order): departures written back into
 * `l.time`. `tag` ≥ −1 when every request of the list has that tag (accumulate in locals),
 * −2 when tags are mixed. One copy per draw code: V8 then keeps each loop's few live
 * values in registers, as in a hand-written single-purpose loop.
 */
function stageSingle(l: List, n: number, s: KernelStage, g: StageState, r: Rand, tag: number): void {
  if (s.code === 2) singleExponential(l, n, s.a, g, r, tag);
  else if (s.code === 1) singleDeterministic(l, n, s.a, g, tag);
  else singleGeneric(l, n, s.law, g, r, tag);
}

function singleExponential(l: List, n: number, a: number, g: StageState, r: Rand, tag: number): void {
  const st = r.st;
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  const time = l.time;
  const tags = l.tag;
  let last = g.last;
  let sumS = 0,
    sumW = 0,
    nq = 0;
  const mixed = tag < -1;
  let m = 0,
    w = 0,
    t = 0;
  for (let j = 0; j < n; j++) {
    let S: number;
    m = Math.imul(s1, 5);
    w = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const i = w & 255;
    const x = ((w >>> 8) + 0.5) * TWO_NEG_24;
    if (x < ZIGGURAT_RATIO[i]) S = a * x * ZIGGURAT_X[i];
    else {
      st[0] = s0;
      st[1] = s1;
      st[2] = s2;
      st[3] = s3;
      S = a * zigguratExponentialTail(i, x, r.word);
      s0 = st[0] | 0;
      s1 = st[1] | 0;
      s2 = st[2] | 0;
      s3 = st[3] | 0;
    }
    const arr = time[j];
    const start = Math.max(arr, last);
    const W = start - arr;
    last = start + S;
    time[j] = last;
    if (mixed) {
      const k = tags[j] + 1;
      g.sumS[k] += S;
      g.sumW[k] += W;
      g.queued[k] += +(W > 0);
    } else {
      sumS += S;
      sumW += W;
      nq += +(W > 0);
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  g.last = last;
  if (!mixed) {
    g.sumS[tag + 1] += sumS;
    g.sumW[tag + 1] += sumW;
    g.queued[tag + 1] += nq;
  }
}

function singleDeterministic(l: List, n: number, S: number, g: StageState, tag: number): void {
  const time = l.time;
  const tags = l.tag;
  let last = g.last;
  let sumW = 0,
    nq = 0;
  const mixed = tag < -1;
  for (let j = 0; j < n; j++) {
    const arr = time[j];
    const start = Math.max(arr, last);
    const W = start - arr;
    last = start + S;
    time[j] = last;
    if (mixed) {
      const k = tags[j] + 1;
      g.sumS[k] += S;
      g.sumW[k] += W;
      g.queued[k] += +(W > 0);
    } else {
      sumW += W;
      nq += +(W > 0);
    }
  }
  g.last = last;
  if (!mixed) {
    g.sumS[tag + 1] += S * n;
    g.sumW[tag + 1] += sumW;
    g.queued[tag + 1] += nq;
  }
}

function singleGeneric(l: List, n: number, law: Distribution, g: StageState, r: Rand, tag: number): void {
  const time = l.time;
  const tags = l.tag;
  const u = r.u;
  let last = g.last;
  let sumS = 0,
    sumW = 0,
    nq = 0;
  const mixed = tag < -1;
  for (let j = 0; j < n; j++) {
    const S = law.sample(u);
    const arr = time[j];
    const start = Math.max(arr, last);
    const W = start - arr;
    last = start + S;
    time[j] = last;
    if (mixed) {
      const k = tags[j] + 1;
      g.sumS[k] += S;
      g.sumW[k] += W;
      g.queued[k] += +(W > 0);
    } else {
      sumS += S;
      sumW += W;
      nq += +(W > 0);
    }
  }
  g.last = last;
  if (!mixed) {
    g.sumS[tag + 1] += sumS;
    g.sumW[tag + 1] += sumW;
    g.queued[tag + 1] += nq;
  }
}

/** A service draw for the multi-server and dedicated loops (not the hot single-server path). */
function draw(s: KernelStage, r: Rand): number {
  if (s.code === 1) return s.a;
  if (s.code === 2) return s.a * exp1(r);
  return s.law.sample(r.u);
}

/** c shared servers (Kiefer–Wolfowitz vector as a min-heap of free times). */
function stageMulti(l: List, n: number, s: KernelStage, g: StageState, r: Rand, tag: number): void {
  const free = g.free;
  const c = free.length;
  const time = l.time;
  const tags = l.tag;
  const mixed = tag < -1;
  let sumS = 0,
    sumW = 0,
    nq = 0;
  for (let j = 0; j < n; j++) {
    const S = draw(s, r);
    const arr = time[j];
    const f = free[0];
    const start = Math.max(arr, f);
    const W = start - arr;
    const d = start + S;
    time[j] = d;
    // Replace the earliest free time by d and restore the heap.
    let i = 0;
    for (;;) {
      const lc = 2 * i + 1;
      if (lc >= c) break;
      const rc = lc + 1;
      const mc = rc < c && free[rc] < free[lc] ? rc : lc;
      if (free[mc] >= d) break;
      free[i] = free[mc];
      i = mc;
    }
    free[i] = d;
    if (mixed) {
      const k = tags[j] + 1;
      g.sumS[k] += S;
      g.sumW[k] += W;
      g.queued[k] += +(W > 0);
    } else {
      sumS += S;
      sumW += W;
      nq += +(W > 0);
    }
  }
  if (!mixed) {
    g.sumS[tag + 1] += sumS;
    g.sumW[tag + 1] += sumW;
    g.queued[tag + 1] += nq;
  }
}

/** A dedicated stage: d = a + s, no waiting. */
function stageDedicated(l: List, n: number, s: KernelStage, g: StageState, r: Rand, tag: number): void {
  const time = l.time;
  const tags = l.tag;
  const mixed = tag < -1;
  let sumS = 0;
  for (let j = 0; j < n; j++) {
    const S = draw(s, r);
    time[j] += S;
    if (mixed) g.sumS[tags[j] + 1] += S;
    else sumS += S;
  }
  if (!mixed) g.sumS[tag + 1] += sumS;
}

/** Arrival-process state carried across blocks. */
interface ArrivalState {
  clock: number;
  state: number;
}

/**
 * Writes `n` arrivals into `l` from index 0 (times = origins), counted from the first of
 * them (time 0), and returns that first arrival's time on the old clock: the shift by
 * which every other stored time must be re-based. Request numbers and tags are written by
 * the caller, and only when a reorder heap needs them.
 */
function generate(l: List, n: number, p: KernelArrivals, as: ArrivalState, r: Rand): number {
  let clock = as.clock;
  let shift = 0;
  const time = l.time;
  const origin = l.origin;
  if (p.code === 2) {
    const st = r.st;
    let s0 = st[0] | 0,
      s1 = st[1] | 0,
      s2 = st[2] | 0,
      s3 = st[3] | 0;
    const a = p.a;
    let m = 0,
      w = 0,
      t = 0;
    for (let j = 0; j < n; j++) {
      m = Math.imul(s1, 5);
      w = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const i = w & 255;
      const x = ((w >>> 8) + 0.5) * TWO_NEG_24;
      if (x < ZIGGURAT_RATIO[i]) clock += a * x * ZIGGURAT_X[i];
      else {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        clock += a * zigguratExponentialTail(i, x, r.word);
        s0 = st[0] | 0;
        s1 = st[1] | 0;
        s2 = st[2] | 0;
        s3 = st[3] | 0;
      }
      if (j === 0) {
        shift = clock;
        clock = 0;
      }
      time[j] = clock;
      origin[j] = clock;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  } else if (p.code === 3) {
    let state = as.state;
    for (let j = 0; j < n; j++) {
      // Next event in `state`: Exp(total) later an arrival (probability rate/total) or a switch.
      for (;;) {
        const total = p.totals[state];
        clock += exp1(r) / total;
        const v = r.u() * total;
        const rate = p.rates[state];
        if (v < rate) break;
        const cum = p.cumSwitch[state];
        const x = v - rate;
        let k = 0;
        while (k < cum.length - 1 && !(x < cum[k])) k++;
        state = k;
      }
      if (j === 0) {
        shift = clock;
        clock = 0;
      }
      time[j] = clock;
      origin[j] = clock;
    }
    as.state = state;
  } else {
    for (let j = 0; j < n; j++) {
      clock += p.code === 1 ? p.a : p.law!.sample(r.u);
      if (j === 0) {
        shift = clock;
        clock = 0;
      }
      time[j] = clock;
      origin[j] = clock;
    }
  }
  as.clock = clock;
  return shift;
}

/**
 * One chunk as steps: `warmup` unobserved requests from an empty pipeline, the batches,
 * and (when requests can overtake) unobserved requests until every observed one has left.
 * After every {@link SLICE_UNITS} requests or so (whole blocks) the generator yields how
 * many requests of this chunk, warm-up included, are done, so the caller can report
 * progress and honour an AbortSignal mid-chunk; the steps change no number.
 */
export function* requestsChunkSteps(task: RequestsTask, model: KernelModel): Generator<number, RequestsChunkResult, void> {
  const st = rngState(task.seed, task.chunk);
  const r: Rand = {
    st,
    word: () => nextUint32(st),
    u: () => (nextUint32(st) + 0.5) * TWO_NEG_32,
  };
  const stages = model.stages;
  const ns = stages.length;
  const nb = task.batchSizes.length;
  const times = task.times;
  const nt = times.length;
  const wantHist = task.histBase >= 0;
  const base = task.histBase - 3;
  const states: StageState[] = stages.map((s) => ({
    last: 0,
    free: new Float64Array(s.resource === 1 ? s.servers : 0),
    pending: s.sortInput ? { ...makeList(64), size: 0 } : null,
    sumS: new Float64Array(nb + 1),
    sumW: new Float64Array(nb + 1),
    queued: new Float64Array(nb + 1),
  }));
  const arrivals = model.arrivals;
  const as: ArrivalState = { clock: 0, state: 0 };
  if (arrivals.code === 3) {
    const v = r.u();
    const cum = arrivals.cumStationary;
    let k = 0;
    while (k < cum.length - 1 && !(v < cum[k])) k++;
    as.state = k;
  }
  const counts = new Array<number>(nb).fill(0);
  const sumT = new Array<number>(nb).fill(0);
  const hits = new Array<number>(nb * nt).fill(0);
  const hist = wantHist ? new Float64Array(nb * HROW) : new Float64Array(0);
  const e2e: EndToEndStats = { counts, sumT, hits, hist, times, wantHist, base };
  const reorders = stages.some((s) => s.sortInput);
  let list = makeList(2 * BLOCK);
  const spare = makeList(2 * BLOCK);
  let nextId = 0;
  let outstanding = 0;

  const B = model.block;
  const block = (n: number, tag: number): void => {
    // Times are re-based on the block's first arrival, so absolute times stay within a
    // block's span (see KernelModel.block) and service times keep full precision however
    // long the run; the reorder heaps are re-heapified because the shift could round two
    // keys into a tie.
    const shift = generate(list, n, arrivals, as, r);
    for (const g of states) {
      g.last -= shift;
      for (let i = 0; i < g.free.length; i++) g.free[i] -= shift;
      const h = g.pending;
      if (h !== null && h.size > 0) {
        for (let i = 0; i < h.size; i++) {
          h.time[i] -= shift;
          h.origin[i] -= shift;
        }
        for (let i = (h.size >> 1) - 1; i >= 0; i--) siftDown(h, i);
      }
    }
    if (reorders) {
      for (let j = 0; j < n; j++) {
        list.id[j] = nextId + j;
        list.tag[j] = tag;
      }
    }
    nextId += n;
    let bound = as.clock;
    let count = n;
    let uniform = tag;
    for (let k = 0; k < ns; k++) {
      const s = stages[k];
      const g = states[k];
      if (g.pending !== null) {
        for (let j = 0; j < count; j++) heapPush(g.pending, list, j);
        count = release(g.pending, bound, spare);
        // The released requests are the list now (swap the two buffers).
        const keep = list;
        list = { time: spare.time, origin: spare.origin, id: spare.id, tag: spare.tag };
        spare.time = keep.time;
        spare.origin = keep.origin;
        spare.id = keep.id;
        spare.tag = keep.tag;
        uniform = -2;
      }
      if (s.resource === 0) {
        stageSingle(list, count, s, g, r, uniform);
        bound = (bound > g.last ? bound : g.last) + s.minService;
      } else if (s.resource === 1) {
        stageMulti(list, count, s, g, r, uniform);
        bound = (bound > g.free[0] ? bound : g.free[0]) + s.minService;
      } else {
        stageDedicated(list, count, s, g, r, uniform);
        bound += s.minService;
      }
    }
    // Requests leaving the last stage: end-to-end statistics.
    if (uniform >= -1 && nt === 0 && !wantHist) {
      // Means only, all of one batch (or all unobserved): the common fast path.
      if (uniform >= 0) {
        let sum = 0;
        for (let j = 0; j < count; j++) sum += list.time[j] - list.origin[j];
        counts[uniform] += count;
        sumT[uniform] += sum;
        outstanding -= count;
      }
    } else {
      const time = list.time;
      const origin = list.origin;
      const tags = list.tag;
      for (let j = 0; j < count; j++) {
        const b = uniform >= -1 ? uniform : tags[j];
        if (b < 0) continue;
        recordResponse(e2e, b, time[j] - origin[j]);
        outstanding--;
      }
    }
  };

  let done = 0;
  let sliceEnd = SLICE_UNITS;
  for (let left = task.warmup; left > 0; ) {
    const n = Math.min(B, left);
    block(n, -1);
    left -= n;
    done += n;
    if (done >= sliceEnd) {
      sliceEnd = done + SLICE_UNITS;
      yield done;
    }
  }
  for (let b = 0; b < nb; b++) {
    for (let left = task.batchSizes[b]; left > 0; ) {
      const n = Math.min(B, left);
      outstanding += n;
      block(n, b);
      left -= n;
      done += n;
      if (done >= sliceEnd) {
        sliceEnd = done + SLICE_UNITS;
        yield done;
      }
    }
  }
  // Unobserved requests until every observed one has left (only when requests overtake).
  // A stable pipeline empties its reorder heaps in finite time; the cap only guards the
  // kernel against a pathological model the entry point let through.
  const cap = 1000 * BLOCK + 10 * done;
  // Progress stays at `done` (these requests are beyond the planned units) but the steps go
  // on, so an abort still takes effect while the heaps drain.
  for (let extra = 0, nextYield = SLICE_UNITS; reorders && outstanding > 0 && extra < cap; extra += B) {
    block(B, -1);
    if (extra + B >= nextYield) {
      nextYield += SLICE_UNITS;
      yield done;
    }
  }

  const flat = (pick: (g: StageState) => Float64Array): number[] => {
    const out: number[] = [];
    for (const g of states) for (let b = 0; b < nb; b++) out.push(pick(g)[b + 1]);
    return out;
  };
  return {
    chunk: task.chunk,
    counts,
    sumT,
    hits,
    hist,
    sumS: flat((g) => g.sumS),
    sumW: flat((g) => g.sumW),
    queued: flat((g) => g.queued),
  };
}
