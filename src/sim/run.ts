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

import type { JobShared } from "./job.js";
import type { ProgressSink } from "./progress.js";

/** A fixed list of chunk tasks and how to run one in this thread. */
export interface ChunkJob<T, R> {
  /** Plain data for the workers, or `null` when the model cannot cross to a worker. */
  readonly remote: JobShared | null;
  readonly tasks: readonly T[];
  /** Units of work (customers or slots, warm-up included) per task, for progress. */
  readonly units: readonly number[];
  /**
   * One task here, as steps: the generator yields the units of this task done so far (every
   * few thousand units) and returns the task's result.
   */
  steps(task: T): Generator<number, R, void>;
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
  let lastYield = now();
  for (let i = 0; i < job.tasks.length; i++) {
    signal?.throwIfAborted();
    // Yield between chunks so an AbortSignal (or a timer driving it) gets a chance to fire.
    if (i > 0) {
      await nextTick();
      lastYield = now();
    }
    signal?.throwIfAborted();
    const steps = job.steps(job.tasks[i]);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        results.push(step.value);
        break;
      }
      sink.update((before + step.value) / total);
      // Every step: an abort from a progress callback stops the run here. Every
      // YIELD_MS: the event loop runs, so a timer or another task can abort too.
      signal?.throwIfAborted();
      if (now() - lastYield >= YIELD_MS) {
        await nextTick();
        lastYield = now();
        signal?.throwIfAborted();
      }
    }
    before += job.units[i];
    sink.update(before / total);
  }
  return { results, workersUsed: 1 };
}

/** Longest stretch of in-thread work between two turns of the event loop, ms. */
const YIELD_MS = 20;
const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Runs a chunk's steps to the end (in a worker thread), telling `progress(done)` at most
 * every 50 ms and at the end: a message per step would cost more than the step.
 */
export function drainSteps<R>(steps: Generator<number, R, void>, progress?: (done: number) => void): R {
  let last = now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (progress !== undefined && now() - last >= 50) {
      progress(step.value);
      last = now();
    }
  }
}
