/**
 * Worker-thread entry (Node only; started by `pool.ts`): an `init` message carries a run's
 * model as plain data, which is rebuilt once; each `task` message is one chunk, whose
 * statistics are posted back. A worker serves run after run.
 *
 * @module
 */

import { parentPort } from "node:worker_threads";
import { remoteRunner } from "./kernels.js";
import type { JobShared } from "./job.js";

type Runner = ReturnType<typeof remoteRunner>;
type Incoming = { type: "init"; job: JobShared } | { type: "task"; index: number; task: unknown };

const port = parentPort!;
let run: Runner | null = null;

port.on("message", (msg: Incoming) => {
  if (msg.type === "init") {
    run = remoteRunner(msg.job);
    return;
  }
  const { index, task } = msg;
  try {
    if (run === null) throw new Error("task before init");
    const result = run(task, (done) => port.postMessage({ type: "progress", index, done }));
    port.postMessage({ type: "done", index, result });
  } catch (e) {
    port.postMessage({ type: "error", index, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
