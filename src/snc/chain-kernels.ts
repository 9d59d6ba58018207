/**
 * The martingale bounds' hot loops (docs/model.md §10.5): the sparse product `y = A x` for A
 * in compressed rows (row r's entries from `start[r]` to `start[r + 1]`, at columns `idx`,
 * weights `w`) — the chains' power and Snell iterations and window walks —, a piece chain's
 * fill, each cell's weight gathered from its pieces, and the drawdown walk's banded product
 * (./drawdown.ts).
 *
 * Each has a plain TypeScript loop ({@link sparseTimes}, {@link gatherPieces},
 * {@link bandTimes}) and a WebAssembly one (./chain-kernels.wat) in the same arithmetic, so
 * both give the same bits; {@link rowsTimes}, {@link gatherCompiled} and {@link bandCompiled}
 * use the compiled one where WebAssembly is available. It runs about 2.8× faster on a
 * 289-state chain: V8 compiles the plain loops with a map check, a data-pointer load and a
 * bounds check per array access, inside the loop.
 *
 * The compiled kernels work on their own memory: a matrix is copied in once per (key,
 * version) — a chain and the count of its fills — and x in and y out per product; a chain's
 * pieces once per chain, its tables in and its weights out per fill; a drawdown band once per
 * θ. Four slots keep a chain, a transpose for the window walk, a chain's pieces and a band at
 * once. Nothing here throws: without WebAssembly (or when its memory cannot grow) the plain
 * loops run. The memory is a cache of inputs, never of a result: every call gives the number
 * its plain loop gives.
 *
 * @module
 */

import { CHAIN_KERNELS_WASM } from "./chain-kernels-wasm.js";

/**
 * y = A x in plain TypeScript (four partial sums per row: its adds do not wait on each
 * other). `x` and `y` must not overlap.
 *
 * @example
 * ```ts
 * // [[1, 2], [0, 3]] · [1, 1]
 * const y = new Float64Array(2);
 * sparseTimes(2, Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 1), Float64Array.of(1, 2, 3), Float64Array.of(1, 1), y);
 * Array.from(y); // [3, 3]
 * ```
 * @internal
 */
export function sparseTimes(n: number, start: Int32Array, idx: Int32Array, w: Float64Array, x: Float64Array, y: Float64Array): void {
  let q = start[0];
  for (let r = 0; r < n; r++) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    const end = start[r + 1];
    for (; q + 3 < end; q += 4) {
      a0 += w[q] * x[idx[q]];
      a1 += w[q + 1] * x[idx[q + 1]];
      a2 += w[q + 2] * x[idx[q + 2]];
      a3 += w[q + 3] * x[idx[q + 3]];
    }
    for (; q < end; q++) a0 += w[q] * x[idx[q]];
    y[r] = a0 + a1 + (a2 + a3);
  }
}

/**
 * A piece chain's weights from its pieces: `weight[cell[q]] += (cum[up[q]] − cum[down[q]])·
 * expArg[arg[q]]` over the pieces in order, for each positive mass, after zeroing the
 * weights.
 *
 * @example
 * ```ts
 * // two pieces into cell 0 (masses 0.5 and 0.25, the second weighted 2), one into cell 1
 * const w = new Float64Array(2);
 * gatherPieces(Int32Array.of(1, 2, 2), Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 0), Float64Array.of(0, 0.5, 0.75), Float64Array.of(1, 2), w);
 * Array.from(w); // [1, 0.25]
 * ```
 * @internal
 */
export function gatherPieces(up: Int32Array, down: Int32Array, cell: Int32Array, arg: Int32Array, cum: Float64Array, expArg: Float64Array, weight: Float64Array): void {
  weight.fill(0);
  const np = cell.length;
  for (let q = 0; q < np; q++) {
    const mass = cum[up[q]] - cum[down[q]];
    if (mass > 0) weight[cell[q]] += mass * expArg[arg[q]];
  }
}

/**
 * y = K x for the drawdown walk's kernel: row j is `col0[j]` at column 0 plus the band entries
 * t0 … t1 of its row of M + 1 (columns off + t, off = j + U − M), four partial sums (the first
 * from col0[j]·x[0], the band by fours from t0, the rest into the first).
 *
 * @example
 * ```ts
 * // n = 2, U = 1, M = 1: row 0 reads columns 0 (col0) and 1 (t = 1), row 1 column 0 only
 * const y = new Float64Array(2);
 * bandTimes(2, 1, 1, Float64Array.of(1, 2), Float64Array.of(0, 3, 0, 0), Float64Array.of(1, 10), y);
 * Array.from(y); // [31, 2]
 * ```
 * @internal
 */
export function bandTimes(n: number, U: number, M: number, col0: Float64Array, band: Float64Array, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const off = j + U - M;
    const row = j * (M + 1);
    const t0 = Math.max(0, 1 - off);
    const t1 = Math.min(M, n - 1 - off);
    // Four partial sums: the adds of one row do not wait on each other.
    let a0 = col0[j] * x[0];
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let t = t0;
    for (; t + 3 <= t1; t += 4) {
      a0 += band[row + t] * x[off + t];
      a1 += band[row + t + 1] * x[off + t + 1];
      a2 += band[row + t + 2] * x[off + t + 2];
      a3 += band[row + t + 3] * x[off + t + 3];
    }
    for (; t <= t1; t++) a0 += band[row + t] * x[off + t];
    y[j] = a0 + a1 + (a2 + a3);
  }
}

/** Below this many entries (or pieces) the copies cost more than the compiled loop saves. */
const COMPILED_MIN_ENTRIES = 256;
const PAGE = 65536;
/** Slots: a chain's rows, a window walk's transposed rows, a chain's pieces, a drawdown band. */
const ROWS = 0;
const WALK = 1;
const PIECES = 2;
const BAND = 3;

/** One matrix (or piece list) resident in the compiled kernels' memory. */
interface Slot {
  key: object | null;
  version: number;
  /** Byte offset and room (bytes) of the slot; byte offsets of its arrays. */
  at: number;
  room: number;
  p0: number;
  p1: number;
  p2: number;
  p3: number;
}

interface Compiled {
  readonly memory: WebAssembly.Memory;
  readonly times: (n: number, start: number, idx: number, w: number, x: number, y: number) => void;
  readonly gather: (np: number, nc: number, up: number, down: number, cell: number, arg: number, cum: number, exp: number, weight: number) => void;
  readonly band: (n: number, U: number, M: number, col0: number, band: number, x: number, y: number) => void;
  i32: Int32Array;
  f64: Float64Array;
  readonly slots: Slot[];
  /** Byte offset and room (doubles) of the scratch after the slots (vectors, tables). */
  scratch: number;
  scratchRoom: number;
}

/** The compiled kernels: undefined until first asked for, null when unavailable. */
let compiled: Compiled | null | undefined;

function instantiate(): Compiled | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(CHAIN_KERNELS_WASM as BufferSource), {});
    const memory = inst.exports.memory as WebAssembly.Memory;
    const slot = (): Slot => ({ key: null, version: NaN, at: 0, room: 0, p0: 0, p1: 0, p2: 0, p3: 0 });
    return {
      memory,
      times: inst.exports.times as Compiled["times"],
      gather: inst.exports.gather as Compiled["gather"],
      band: inst.exports.band as Compiled["band"],
      i32: new Int32Array(memory.buffer),
      f64: new Float64Array(memory.buffer),
      slots: [slot(), slot(), slot(), slot()],
      scratch: 0,
      scratchRoom: 0,
    };
  } catch {
    return null;
  }
}

/** The compiled kernels, instantiated on first use; null when unavailable. */
function kernels(): Compiled | null {
  if (compiled === undefined) compiled = instantiate();
  return compiled;
}

const align8 = (b: number) => (b + 7) & ~7;

/** `to[0 … n)` from `from[at …]` (a loop: a subarray view per product was garbage for the collector). */
function copyOut(from: Float64Array, at: number, to: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) to[i] = from[at + i];
}

/**
 * Room for `need` bytes in slot `s` and `doubles` in the scratch: when either outgrows its
 * room the layout is redone (slots one after another, then the scratch, each with room to
 * double), the memory grown, every slot emptied. False when the memory cannot grow (the
 * compiled kernels are then given up).
 */
function makeRoom(k: Compiled, s: number, need: number, doubles: number): boolean {
  if (need <= k.slots[s].room && doubles <= k.scratchRoom) return true;
  let at = 0;
  for (let i = 0; i < k.slots.length; i++) {
    const sl = k.slots[i];
    if (i === s && need > sl.room) sl.room = 2 * need;
    sl.at = at;
    sl.key = null;
    at = align8(at + sl.room);
  }
  if (doubles > k.scratchRoom) k.scratchRoom = 2 * doubles;
  k.scratch = at;
  const total = at + 8 * k.scratchRoom;
  const have = k.memory.buffer.byteLength;
  if (total > have) {
    try {
      k.memory.grow(Math.ceil((total - have) / PAGE));
    } catch {
      compiled = null;
      return false;
    }
  }
  k.i32 = new Int32Array(k.memory.buffer);
  k.f64 = new Float64Array(k.memory.buffer);
  return true;
}

/**
 * y = A x, by the compiled kernel when available (same bits as {@link sparseTimes}). `key`
 * names the matrix and `version` its weights: the kernel copies A in only when its slot (0: a
 * chain's rows, 1: a window walk's transposed rows) last held another key or version, so
 * every change of `w` must come with a new version. `x` and `y` must not overlap.
 * @internal
 */
export function rowsTimes(slot: 0 | 1, key: object, version: number, n: number, start: Int32Array, idx: Int32Array, w: Float64Array, x: Float64Array, y: Float64Array): void {
  const k = start[n] - start[0] < COMPILED_MIN_ENTRIES ? null : kernels();
  const pIdx = align8(4 * start.length);
  const pW = align8(pIdx + 4 * idx.length);
  if (k === null || !makeRoom(k, slot === 0 ? ROWS : WALK, pW + 8 * w.length, x.length + n)) return sparseTimes(n, start, idx, w, x, y);
  const sl = k.slots[slot === 0 ? ROWS : WALK];
  if (sl.key !== key) {
    sl.key = key;
    sl.version = NaN;
    sl.p0 = sl.at;
    sl.p1 = sl.at + pIdx;
    sl.p2 = sl.at + pW;
    k.i32.set(start, sl.p0 >> 2);
    k.i32.set(idx, sl.p1 >> 2);
  }
  if (sl.version !== version) {
    sl.version = version;
    k.f64.set(w, sl.p2 >> 3);
  }
  const pX = k.scratch;
  const pY = pX + 8 * x.length;
  k.f64.set(x, pX >> 3);
  k.times(n, sl.p0, sl.p1, sl.p2, pX, pY);
  copyOut(k.f64, pY >> 3, y, n);
}

/**
 * {@link gatherPieces}, by the compiled kernel when available (same bits). `key` names the
 * pieces (θ-free: copied in once per key); the tables `cum` and `expArg` are copied in and
 * the weights out on every call.
 * @internal
 */
export function gatherCompiled(key: object, up: Int32Array, down: Int32Array, cell: Int32Array, arg: Int32Array, cum: Float64Array, expArg: Float64Array, weight: Float64Array): void {
  const np = cell.length;
  const k = np < COMPILED_MIN_ENTRIES ? null : kernels();
  if (k === null || !makeRoom(k, PIECES, 16 * np, cum.length + expArg.length + weight.length)) return gatherPieces(up, down, cell, arg, cum, expArg, weight);
  const sl = k.slots[PIECES];
  if (sl.key !== key) {
    sl.key = key;
    sl.p0 = sl.at;
    sl.p1 = sl.at + 4 * np;
    sl.p2 = sl.at + 8 * np;
    sl.p3 = sl.at + 12 * np;
    k.i32.set(up, sl.p0 >> 2);
    k.i32.set(down, sl.p1 >> 2);
    k.i32.set(cell, sl.p2 >> 2);
    k.i32.set(arg, sl.p3 >> 2);
  }
  const pCum = k.scratch;
  const pExp = pCum + 8 * cum.length;
  const pW = pExp + 8 * expArg.length;
  k.f64.set(cum, pCum >> 3);
  k.f64.set(expArg, pExp >> 3);
  k.gather(np, weight.length, sl.p0, sl.p1, sl.p2, sl.p3, pCum, pExp, pW);
  copyOut(k.f64, pW >> 3, weight, weight.length);
}

/**
 * {@link bandTimes}, by the compiled kernel when available (same bits). `key` names the band
 * and its `col0` (copied in once per key: a band must not change under its key); x in, y out.
 * @internal
 */
export function bandCompiled(key: object, n: number, U: number, M: number, col0: Float64Array, band: Float64Array, x: Float64Array, y: Float64Array): void {
  const k = band.length < COMPILED_MIN_ENTRIES ? null : kernels();
  if (k === null || !makeRoom(k, BAND, 8 * (col0.length + band.length), x.length + n)) return bandTimes(n, U, M, col0, band, x, y);
  const sl = k.slots[BAND];
  if (sl.key !== key) {
    sl.key = key;
    sl.p0 = sl.at;
    sl.p1 = sl.at + 8 * col0.length;
    k.f64.set(col0, sl.p0 >> 3);
    k.f64.set(band, sl.p1 >> 3);
  }
  const pX = k.scratch;
  const pY = pX + 8 * x.length;
  k.f64.set(x, pX >> 3);
  k.band(n, U, M, sl.p0, sl.p1, pX, pY);
  copyOut(k.f64, pY >> 3, y, n);
}

/** Whether the compiled kernels are in use (WebAssembly available and the module instantiated). @internal */
export function kernelsCompiled(): boolean {
  return kernels() !== null;
}
