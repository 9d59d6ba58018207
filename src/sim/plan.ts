/**
 * How a run of a given length is cut into chunks and batches. Depends on the run length
 * only — never on the number of workers — which is what makes results reproducible.
 *
 * @module
 */

/** Target units (customers or slots) per chunk before the chunk count saturates. */
export const CHUNK_UNITS = 2 ** 18;
/** At most this many chunks: enough to balance 2–16 workers within a few percent. */
export const MAX_CHUNKS = 64;
/** At least this many batches overall (when the run is that long): ≥ 31 degrees of freedom. */
export const MIN_BATCHES = 32;

/**
 * Units (customers or slots) per step of a chunk: between steps the in-thread runner checks
 * the AbortSignal, reports progress and lets the event loop run, so an abort with
 * `workers: 1` takes effect within one step (≈ 0.1–3 ms) instead of at the end of the chunk
 * (14 s observed). Steps change no number (bench/sim.bench.mjs measures their cost).
 */
export const SLICE_UNITS = 2 ** 13;

/** One chunk: its number (= stream) and observed batch sizes. */
export interface ChunkPlan {
  /** Chunk number = xoshiro stream number. */
  readonly chunk: number;
  /** Observed units per batch, in order. */
  readonly batchSizes: readonly number[];
}

/** What every simulator's chunk task carries (plain data: it crosses to a worker). */
export interface ChunkTask extends ChunkPlan {
  readonly seed: number;
  /** Units simulated and discarded at the start of the chunk. */
  readonly warmup: number;
}

/** Splits `n` observed units into chunks and batches. */
export function planChunks(n: number): ChunkPlan[] {
  const k = Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(n / CHUNK_UNITS)));
  const perBatch = Math.max(1, Math.ceil(MIN_BATCHES / k));
  const plans: ChunkPlan[] = [];
  for (let c = 0; c < k; c++) {
    const nk = Math.floor(n / k) + (c < n % k ? 1 : 0);
    const b = Math.max(1, Math.min(perBatch, nk));
    const sizes: number[] = [];
    for (let j = 0; j < b; j++) sizes.push(Math.floor(nk / b) + (j < nk % b ? 1 : 0));
    plans.push({ chunk: c, batchSizes: sizes.filter((x) => x > 0) });
  }
  return plans;
}

/** The default warm-up per chunk: a tenth of a chunk, at most 20 000 units. */
export function defaultWarmup(n: number): number {
  const k = Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(n / CHUNK_UNITS)));
  return Math.min(20_000, Math.floor(n / k / 10));
}

// ---------------------------------------------------------------------------------------
// Work limits (docs/robustness.md, "Work limits"). A run whose work would exceed them is
// refused before it starts, with an error naming the parameter: a typo such as
// `customers: 1e12` must not start a 17-hour run. Times are for one core of a 2-core
// 2024 laptop-class machine (bench/).

/** simulateMG1: customers × (1 + tails.length) ≤ 1e10 (≈ 10 min for exponential service, ≈ 50 min for a sum of laws). */
export const MAX_MG1_STEPS = 1e10;
/** simulateSlotted: slots × (stages + 1) ≤ 1e10 slot-steps (≈ 20 min for a 3-stage tandem). */
export const MAX_SLOT_STEPS = 1e10;
/**
 * simulateSlotted: slots × (stages + 1) × (1 + max delay) ≤ 1e11: the worst case of the
 * delay trackers, an overloaded tandem that keeps each of the last max-delay slots pending
 * (≈ 5 ns each, so ≈ 10 min).
 */
export const MAX_PENDING_STEPS = 1e11;
/** simulateSlotted: (stages + 1) × (max delay + 2) ≤ 2^24 pending-slot records (256 MB of ring buffers). */
export const MAX_PENDING_RECORDS = 2 ** 24;
/** simulateSlotted: arrivals.meanPerSlot × slots ≤ 2^53, so the run's arrival count stays an exact integer in doubles (and no sum overflows). */
export const MAX_ARRIVALS = 2 ** 53;
