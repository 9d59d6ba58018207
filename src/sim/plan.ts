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

/** One chunk: its number (= stream), warm-up and observed batch sizes. */
export interface ChunkPlan {
  readonly chunk: number;
  readonly batchSizes: readonly number[];
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
