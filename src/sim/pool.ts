/**
 * The worker-thread pool (Node only: the one `node:` import of the simulator; `run.ts`
 * loads this file lazily when more than one worker is requested).
 *
 * Chunks are handed out dynamically to whichever worker is free; results are stored by
 * chunk index, so the caller merges them in chunk order and the numbers do not depend on
 * scheduling. An AbortSignal or Ctrl-C terminates every worker before the promise rejects.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { JobShared } from "./run.js";

/** The compiled worker script next to this file (or under dist/ when running from sources). */
function workerUrl(): URL {
  const here = import.meta.url;
  // Under a TypeScript runner (vitest on src/) the sibling is worker.ts, which a worker
  // thread cannot load: use the built copy instead.
  if (here.endsWith(".ts")) return new URL("../../dist/sim/worker.js", here);
  return new URL("./worker.js", here);
}

interface Message {
  readonly type: "progress" | "done" | "error";
  readonly index: number;
  readonly done?: number;
  readonly result?: unknown;
  readonly message?: string;
}

/**
 * Runs `tasks` on `workers` threads; `onProgress(unitsDone)` reports the total units done.
 * Rejects (after terminating the workers) on abort, on SIGINT, or on a worker error.
 */
export function runOnPool<T, R>(
  remote: JobShared,
  tasks: readonly T[],
  units: readonly number[],
  workers: number,
  onProgress: (unitsDone: number) => void,
  signal: AbortSignal | undefined,
): Promise<R[]> {
  signal?.throwIfAborted();
  return new Promise<R[]>((resolve, reject) => {
    const results: R[] = new Array(tasks.length);
    const partial = new Array<number>(tasks.length).fill(0);
    let completedUnits = 0;
    let next = 0;
    let finished = 0;
    let settled = false;
    const pool: Worker[] = [];

    const stopAll = (): Promise<unknown> => {
      signal?.removeEventListener("abort", onAbort);
      process.removeListener("SIGINT", onSigint);
      return Promise.all(pool.map((w) => w.terminate()));
    };
    const fail = (error: unknown): Promise<unknown> => {
      if (settled) return Promise.resolve();
      settled = true;
      return stopAll().then(() => reject(error));
    };
    function onAbort(): void {
      void fail(signal?.reason ?? new Error("simulation aborted"));
    }
    function onSigint(): void {
      void fail(new Error("simulation interrupted (SIGINT)")).then(() => {
        // Re-raise Ctrl-C with the default behaviour unless the program handles it itself;
        // setImmediate first lets the rejection reach the caller's handlers (microtasks).
        setImmediate(() => {
          if (process.listenerCount("SIGINT") === 0) process.kill(process.pid, "SIGINT");
        });
      });
    }
    const dispatch = (w: Worker): void => {
      if (next >= tasks.length) return;
      const index = next++;
      w.postMessage({ index, task: tasks[index] });
    };

    signal?.addEventListener("abort", onAbort, { once: true });
    process.on("SIGINT", onSigint);
    const url = workerUrl();
    for (let i = 0; i < workers; i++) {
      const w = new Worker(url, { workerData: remote });
      pool.push(w);
      w.on("message", (msg: Message) => {
        if (settled) return;
        if (msg.type === "progress") {
          partial[msg.index] = msg.done ?? 0;
          onProgress(completedUnits + partial.reduce((a, b) => a + b, 0));
        } else if (msg.type === "done") {
          results[msg.index] = msg.result as R;
          partial[msg.index] = 0;
          completedUnits += units[msg.index];
          onProgress(completedUnits + partial.reduce((a, b) => a + b, 0));
          finished++;
          if (finished === tasks.length) {
            settled = true;
            void stopAll().then(() => resolve(results));
          } else dispatch(w);
        } else {
          void fail(new Error(`simulation worker failed: ${msg.message}`));
        }
      });
      w.on("error", (e) => void fail(e));
      w.on("exit", (code) => {
        if (!settled) void fail(new Error(`simulation worker exited with code ${code}`));
      });
      dispatch(w);
    }
  });
}
