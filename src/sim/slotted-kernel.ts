/**
 * The slotted tandem kernel (docs/model.md §4, §7): one chunk (independent replication).
 *
 * Per slot u: a(u) arrivals enter stage 1; stage i holds q_i, receives what stage i−1
 * released in the same slot (cut-through), releases `min(q_i, s_i(u))`. The virtual delay
 * of slot t exceeds T0 iff `A(0,t) > D(0,t+T0)`, i.e. iff the backlog at the start of slot
 * t exceeds the departures of slots t … t+T0−1 (docs/model.md §7).
 *
 * Why residuals and not cumulative sums: for every observed slot t we keep
 * `r = Q(t) − D(t, u)` and update it each slot as `r ← min(r − d(u), Q(u+1))`. The clamp
 * by the current backlog is exact mathematics (old work left ≤ all work present) and makes
 * r exactly 0 as soon as the system empties, where a comparison of two long cumulative
 * sums would report a false violation from rounding drift. A residual below
 * {@link RESIDUAL_TOLERANCE} requests is treated as drained (rounding noise of the stage
 * recursions, ~1e-16 per operation, never reaches it).
 *
 * Older slots always have smaller residuals (`r(t′) = r(t) − A(t′, t)` for t′ < t), so the
 * unresolved slots form a suffix: a ring buffer of the last max(T0) slots suffices.
 *
 * A kernel: it never throws; the entry point checks every argument.
 *
 * @module
 */

import { rayleighDraw } from "../channel/rayleigh.js";
import { type Rng, poisson, rng as makeRng } from "../random/rng.js";
import { flooredSampler } from "../snc/services.js";
import { type ChunkTask, SLICE_UNITS } from "./plan.js";

/** Residuals at or below this many requests count as drained. */
export const RESIDUAL_TOLERANCE = 1e-9;

/** A process that can produce a per-slot generator (arrivals or one stage's service). */
export interface SlotProcess {
  sampler(rng: Rng): () => number;
}

/** The slotted model as live objects. */
export interface SlottedModel {
  readonly arrivals: SlotProcess;
  readonly stages: readonly SlotProcess[];
}

/** A per-slot process as plain data (for workers). */
export type SlotProcessSpec =
  | { readonly type: "poisson"; readonly mean: number }
  | {
      readonly type: "constant";
      readonly value: number;
      /**
       * Whole requests: slot u (counted from the chunk's start) serves ⌊c(u+1)⌋ − ⌊cu⌋, so any
       * window from the start serves ⌊cτ⌋ — the paper's floored compute service (7), as the
       * snc module's `constantService(c, { floor: true })` samples it.
       */
      readonly floor?: boolean;
    }
  | {
      readonly type: "rayleigh";
      /** Mean SNR γ̄ (linear). */
      readonly meanSnr: number;
      /** Service per slot = q·log2(1 + γ̄X), X ~ Exp(1): this is q = (1 − ξ)BΔ/J (the channel module's `slotScaleKernel`). */
      readonly scale: number;
      readonly floor: boolean;
    };

/** The slotted model as plain data. */
export interface SlottedModelSpec {
  readonly arrivals: SlotProcessSpec;
  readonly stages: readonly SlotProcessSpec[];
}

/** A live process from its plain-data description. */
export function buildSlotProcess(s: SlotProcessSpec): SlotProcess {
  switch (s.type) {
    case "poisson":
      return { sampler: (u) => () => poisson(u, s.mean) };
    case "constant": {
      const c = s.value;
      if (!s.floor) return { sampler: () => () => c };
      return { sampler: () => flooredSampler(c) };
    }
    case "rayleigh": {
      const { meanSnr, floor } = s;
      const perLn2 = s.scale / Math.LN2;
      return {
        sampler: (u) => () => {
          const x = rayleighDraw(u(), perLn2, meanSnr);
          return floor ? Math.floor(x) : x;
        },
      };
    }
  }
}

/** The live model from its plain-data description. */
export function buildSlotted(spec: SlottedModelSpec): SlottedModel {
  return { arrivals: buildSlotProcess(spec.arrivals), stages: spec.stages.map(buildSlotProcess) };
}

/** One chunk of a slotted run (plain data). */
export interface SlottedTask extends ChunkTask {
  /** Sorted, distinct delay thresholds T0 in slots. */
  readonly delays: readonly number[];
}

/** One chunk's statistics (plain data). */
export interface SlottedChunkResult {
  readonly chunk: number;
  readonly counts: number[];
  /** Per batch: Σ end-to-end backlog at slot starts. */
  readonly backlog: number[];
  /** Per batch: Σ arrivals. */
  readonly arrivals: number[];
  /**
   * Violation counts, layout `(tracker·nb + b)·nd + k`: tracker 0 is end to end,
   * tracker i ≥ 1 is stage i−1; b the batch; k the index in `delays`.
   */
  readonly hits: number[];
}

/** The state of one chunk between steps (see {@link slottedChunkSteps}). */
interface ChunkState {
  readonly task: SlottedTask;
  readonly nextA: () => number;
  readonly nextS: (() => number)[];
  readonly q: Float64Array;
  readonly dep: Float64Array;
  readonly checkAt: Int32Array;
  readonly maxT0: number;
  readonly cap: number;
  readonly observed: number;
  // Ring buffers per tracker: residual, age, batch of each pending slot.
  readonly res: Float64Array;
  readonly age: Int32Array;
  readonly bat: Int32Array;
  readonly head: Int32Array;
  readonly size: Int32Array;
  readonly hits: number[];
  readonly counts: number[];
  readonly backlog: number[];
  readonly arrivals: number[];
  batch: number;
  batchLeft: number;
  sumQ: number;
  sumA: number;
}

/**
 * One chunk as steps: after every {@link SLICE_UNITS} slots the generator yields the slots
 * done (warm-up included), so the caller can report progress and honour an AbortSignal
 * mid-chunk; it returns the chunk's statistics. The slots themselves run in
 * {@link advance}, a plain function (a loop inside a generator runs ≈ 7% slower).
 */
export function* slottedChunkSteps(task: SlottedTask, model: SlottedModel): Generator<number, SlottedChunkResult, void> {
  const u = makeRng(task.seed, task.chunk);
  const ns = model.stages.length;
  const nb = task.batchSizes.length;
  const nd = task.delays.length;
  const maxT0 = nd > 0 ? task.delays[nd - 1] : 0;
  const checkAt = new Int32Array(maxT0 + 1).fill(-1);
  for (let k = 0; k < nd; k++) checkAt[task.delays[k]] = k;
  const nTrack = ns + 1;
  const cap = maxT0 + 2;
  const c: ChunkState = {
    task,
    nextA: model.arrivals.sampler(u),
    nextS: model.stages.map((s) => s.sampler(u)),
    q: new Float64Array(ns),
    dep: new Float64Array(ns),
    checkAt,
    maxT0,
    cap,
    observed: task.batchSizes.reduce((a, b) => a + b, 0),
    res: new Float64Array(nTrack * cap),
    age: new Int32Array(nTrack * cap),
    bat: new Int32Array(nTrack * cap),
    head: new Int32Array(nTrack),
    size: new Int32Array(nTrack),
    hits: new Array<number>(nTrack * nb * nd).fill(0),
    counts: [],
    backlog: [],
    arrivals: [],
    batch: -1,
    batchLeft: 0,
    sumQ: 0,
    sumA: 0,
  };
  // Slot schedule: warm-up, then the batches, then maxT0 slots to resolve the last ones.
  const totalSlots = task.warmup + c.observed + maxT0;
  for (let t = 0; t < totalSlots; ) {
    const end = Math.min(totalSlots, t + SLICE_UNITS);
    advance(c, t, end);
    t = end;
    yield t;
  }
  if (c.batch >= 0) {
    c.counts.push(task.batchSizes[c.batch]);
    c.backlog.push(c.sumQ);
    c.arrivals.push(c.sumA);
  }
  return { chunk: task.chunk, counts: c.counts, backlog: c.backlog, arrivals: c.arrivals, hits: c.hits };
}

/** Runs slots [from, to) of a chunk, updating its state. */
function advance(c: ChunkState, from: number, to: number): void {
  const { task, nextA, nextS, q, dep, checkAt, maxT0, cap, observed, res, age, bat, head, size, hits, counts, backlog, arrivals } = c;
  const ns = q.length;
  const nTrack = ns + 1;
  const nb = task.batchSizes.length;
  const nd = task.delays.length;
  let batch = c.batch;
  let batchLeft = c.batchLeft;
  let sumQ = c.sumQ;
  let sumA = c.sumA;
  for (let t = from; t < to; t++) {
    const observing = t >= task.warmup && t < task.warmup + observed;
    if (observing) {
      if (batchLeft === 0) {
        if (batch >= 0) {
          counts.push(task.batchSizes[batch]);
          backlog.push(sumQ);
          arrivals.push(sumA);
        }
        batch++;
        batchLeft = task.batchSizes[batch];
        sumQ = 0;
        sumA = 0;
      }
      batchLeft--;
      let total = 0;
      for (let i = 0; i < ns; i++) total += q[i];
      sumQ += total;
      // Push slot t into every tracker; T0 = 0 is decided right away (Q(t) > 0).
      for (let j = 0; j < nTrack; j++) {
        const r = j === 0 ? total : q[j - 1];
        if (checkAt[0] >= 0 && r > RESIDUAL_TOLERANCE) hits[(j * nb + batch) * nd + checkAt[0]]++;
        if (maxT0 > 0 && r > RESIDUAL_TOLERANCE) {
          const pos = j * cap + ((head[j] + size[j]) % cap);
          res[pos] = r;
          age[pos] = 0;
          bat[pos] = batch;
          size[j]++;
        }
      }
    }
    // One slot of the tandem, cut-through.
    const a = nextA();
    if (observing) sumA += a;
    let inflow = a;
    for (let i = 0; i < ns; i++) {
      const qi = q[i] + inflow;
      const s = nextS[i]();
      const out = s < qi ? s : qi;
      q[i] = qi - out;
      dep[i] = out;
      inflow = out;
    }
    if (maxT0 === 0) continue;
    let total = 0;
    for (let i = 0; i < ns; i++) total += q[i];
    for (let j = 0; j < nTrack; j++) {
      const n = size[j];
      if (n === 0) continue;
      const d = j === 0 ? dep[ns - 1] : dep[j - 1];
      const now = j === 0 ? total : q[j - 1];
      const off = j * cap;
      for (let e = 0; e < n; e++) {
        const pos = off + ((head[j] + e) % cap);
        let r = res[pos];
        if (r <= RESIDUAL_TOLERANCE) continue;
        r -= d;
        if (r > now) r = now;
        res[pos] = r;
        const g = ++age[pos];
        const k = checkAt[g];
        if (k >= 0 && r > RESIDUAL_TOLERANCE) hits[(j * nb + bat[pos]) * nd + k]++;
      }
      // Drop drained slots and slots past the largest T0 from the head (the oldest).
      while (size[j] > 0) {
        const pos = off + head[j];
        if (res[pos] > RESIDUAL_TOLERANCE && age[pos] < maxT0) break;
        head[j] = (head[j] + 1) % cap;
        size[j]--;
      }
    }
  }
  c.batch = batch;
  c.batchLeft = batchLeft;
  c.sumQ = sumQ;
  c.sumA = sumA;
}
