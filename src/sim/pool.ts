/**
 * The worker-thread pool (Node only: the one `node:` import of the simulator; `run.ts`
 * loads this file lazily when more than one worker is requested).
 *
 * Chunks are handed out dynamically to whichever worker is free; results are stored by
 * chunk index, so the caller merges them in chunk order and the numbers do not depend on
 * scheduling. An AbortSignal or Ctrl-C terminates every worker of the run before the
 * promise rejects.
 *
 * Workers that finish a run normally are kept (unref'd, so they never hold the process
 * open) and reused by the next run: a sweep of many short runs then pays the thread
 * start-up and the JIT warm-up once, not per run.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { JobShared } from "./job.js";

/**
 * The worker script: the compiled `worker.js` next to this file, or — when this file runs
 * from its TypeScript source — the worker graph transpiled on the fly (`source-worker.ts`),
 * so workers run the same code as the calling thread.
 */
async function workerUrl(): Promise<URL> {
  if (!import.meta.url.endsWith(".ts")) return new URL("./worker.js", import.meta.url);
  const { sourceWorkerUrl } = await import("./source-worker.js");
  return sourceWorkerUrl();
}

/** Idle workers kept for the next run (at most MAX_IDLE). */
const idle: Worker[] = [];
const MAX_IDLE = 16;

function spawnWorker(url: URL): Worker {
  const w = new Worker(url);
  // Permanent listeners: an idle worker that dies leaves the idle list (and never throws).
  const forget = (): void => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  };
  w.on("exit", forget);
  w.on("error", forget);
  return w;
}

function acquire(n: number, url: URL): Worker[] {
  const ws: Worker[] = [];
  while (ws.length < n && idle.length > 0) ws.push(idle.pop()!);
  while (ws.length < n) ws.push(spawnWorker(url));
  for (const w of ws) w.ref();
  return ws;
}

function release(ws: readonly Worker[]): void {
  for (const w of ws) {
    if (idle.length >= MAX_IDLE) {
      void w.terminate();
      continue;
    }
    w.unref();
    idle.push(w);
  }
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
export async function runOnPool<T, R>(
  remote: JobShared,
  tasks: readonly T[],
  units: readonly number[],
  workers: number,
  onProgress: (unitsDone: number) => void,
  signal: AbortSignal | undefined,
): Promise<R[]> {
  signal?.throwIfAborted();
  const url = await workerUrl();
  signal?.throwIfAborted();
  return new Promise<R[]>((resolve, reject) => {
    const results: R[] = new Array(tasks.length);
    const partial = new Array<number>(tasks.length).fill(0);
    let completedUnits = 0;
    let next = 0;
    let finished = 0;
    let settled = false;

    const pool = acquire(workers, url);
    const listeners: [Worker, (m: Message) => void, (e: unknown) => void, (code: number) => void][] = [];
    const detach = (): void => {
      signal?.removeEventListener("abort", onAbort);
      process.removeListener("SIGINT", onSigint);
      for (const [w, onMessage, onError, onExit] of listeners) {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
      }
    };
    const fail = (error: unknown): Promise<unknown> => {
      if (settled) return Promise.resolve();
      settled = true;
      detach();
      return Promise.all(pool.map((w) => w.terminate())).then(() => reject(error));
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
      w.postMessage({ type: "task", index, task: tasks[index] });
    };

    signal?.addEventListener("abort", onAbort, { once: true });
    process.on("SIGINT", onSigint);
    for (const w of pool) {
      const onMessage = (msg: Message): void => {
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
            detach();
            release(pool);
            resolve(results);
          } else dispatch(w);
        } else {
          void fail(new Error(`simulation worker failed: ${msg.message}`));
        }
      };
      const onError = (e: unknown): void => void fail(e);
      const onExit = (code: number): void => {
        if (!settled) void fail(new Error(`simulation worker exited with code ${code}`));
      };
      listeners.push([w, onMessage, onError, onExit]);
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      // Messages are delivered in order: the model is rebuilt before the first task runs.
      w.postMessage({ type: "init", job: remote });
      dispatch(w);
    }
  });
}
