/**
 * Chunk execution: in the calling thread, or on a pool of worker threads loaded lazily.
 *
 * A run is a fixed list of chunks decided by its length alone; chunk k always uses the
 * random stream `rngState(seed, k)`, and results come back as an array indexed by chunk,
 * so merging "in chunk order" gives the same numbers whatever the number of workers.
 *
 * No `node:` import here: the pool (`pool.ts`) is imported dynamically, only when more than
 * one worker is asked for, so a browser bundle of the in-thread path still works.
 *
 * @module
 */

import type { ProgressSink } from "./progress.js";

/** What the worker needs to rebuild its kernel (plain data). */
export interface JobShared {
  readonly kind: "mg1" | "slotted" | "requests";
  readonly shared: unknown;
}

/** A fixed list of chunk tasks and how to run one in this thread. */
export interface ChunkJob<T, R> {
  /** Plain data for the workers, or `null` when the model cannot cross to a worker. */
  readonly remote: JobShared | null;
  readonly tasks: readonly T[];
  /** Units of work (customers or slots, warm-up included) per task, for progress. */
  readonly units: readonly number[];
  /** Runs one task here; calls `progress(unitsDoneInThisTask)` now and then. */
  runLocal(task: T, progress: (done: number) => void): R;
}

/** Results in chunk order and the number of threads that ran them. */
export interface ChunkOutcome<R> {
  readonly results: R[];
  readonly workersUsed: number;
}

// setImmediate (Node) is not clamped to ≥ 1 ms like setTimeout; browsers only have the latter.
const defer: (f: () => void) => unknown =
  (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate ?? ((f: () => void) => setTimeout(f, 0));
const nextTick = (): Promise<void> => new Promise((resolve) => void defer(resolve));

/** Runs every chunk; rejects with the signal's reason when aborted. */
export async function runChunks<T, R>(
  job: ChunkJob<T, R>,
  workers: number,
  sink: ProgressSink,
  signal: AbortSignal | undefined,
): Promise<ChunkOutcome<R>> {
  const total = job.units.reduce((a, b) => a + b, 0) || 1;
  const nw = Math.min(workers, job.tasks.length);
  // Worker threads exist in Node only; elsewhere (a browser) the run stays in this thread.
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
  if (nw > 1 && job.remote !== null && isNode) {
    // A variable specifier keeps bundlers from following the node:worker_threads import.
    const poolModule = "./pool.js";
    const { runOnPool } = (await import(/* @vite-ignore */ poolModule)) as typeof import("./pool.js");
    const results = await runOnPool<T, R>(job.remote, job.tasks, job.units, nw, (done) => sink.update(done / total), signal);
    return { results, workersUsed: nw };
  }
  const results: R[] = [];
  let before = 0;
  for (let i = 0; i < job.tasks.length; i++) {
    signal?.throwIfAborted();
    // Yield between chunks so an AbortSignal (or a timer driving it) gets a chance to fire.
    if (i > 0) await nextTick();
    signal?.throwIfAborted();
    results.push(job.runLocal(job.tasks[i], (done) => sink.update((before + done) / total)));
    before += job.units[i];
    sink.update(before / total);
  }
  return { results, workersUsed: 1 };
}
