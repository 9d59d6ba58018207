/**
 * Worker-thread entry: rebuilds the model from plain data once, then runs the chunks it
 * is sent and posts their statistics back (Node only; loaded by `pool.ts`).
 *
 * @module
 */

import { parentPort, workerData } from "node:worker_threads";
import { remoteRunner } from "./kernels.js";
import type { JobShared } from "./run.js";

const port = parentPort!;
const run = remoteRunner(workerData as JobShared);

port.on("message", ({ index, task }: { index: number; task: unknown }) => {
  try {
    const result = run(task, (done) => port.postMessage({ type: "progress", index, done }));
    port.postMessage({ type: "done", index, result });
  } catch (e) {
    port.postMessage({ type: "error", index, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
