// Abort latency and the cost of stepping with `workers: 1` (issue 12): chunks run in steps
// of SLICE_UNITS units; between steps the in-thread runner checks the AbortSignal and lets
// the event loop turn every 20 ms. Measured side by side in one run (medians of interleaved
// rounds, CPU time so other processes on the machine do not count):
//   1. latency: a timer set to abort a 1e8-customer M/M/1 run 100 ms after its start; time
//      from the timer's due time to the promise's rejection (the timer itself waits for the
//      next event-loop turn; before the steps: up to a whole chunk, 14 s observed);
//   2. cost: the public in-thread run (steps + checks + event-loop turns) against the same
//      chunks drained straight through (drainSteps: the steps only), M/M/1 and a slotted run.
// Imports the built package (`npm run bench` builds first).
import { constantService, exponential, poissonArrivals } from "../dist/index.js";
import { simulateMG1, simulateSlotted } from "../dist/sim/index.js";
import { mg1ChunkSteps } from "../dist/sim/lindley.js";
import { describeDistribution, serviceCode } from "../dist/sim/describe.js";
import { defaultWarmup, planChunks } from "../dist/sim/plan.js";
import { drainSteps } from "../dist/sim/run.js";
import { slottedChunkSteps, buildSlotted } from "../dist/sim/slotted-kernel.js";

const ROUNDS = Number(process.env.ABORT_BENCH_ROUNDS ?? 9);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cpuMs = async (f) => {
  const c0 = process.cpuUsage();
  await f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

// 1. Abort latency.
const latencies = [];
for (let r = 0; r < ROUNDS; r++) {
  const ac = new AbortController();
  const due = performance.now() + 100;
  setTimeout(() => ac.abort(new Error("stop")), 100);
  await simulateMG1({ lambda: 0.8, service: exponential(1), customers: 1e8, seed: r + 1, signal: ac.signal, progress: false }).catch(() => {});
  latencies.push(performance.now() - due);
}

// 2. Cost of the steps' checks: public run vs drained chunks (same tasks, same numbers).
const customers = 4e6;
const service = exponential(1);
const sc = serviceCode(describeDistribution(service));
const mg1Tasks = planChunks(customers).map((p) => ({ lambda: 0.8, seed: 1, chunk: p.chunk, warmup: defaultWarmup(customers), batchSizes: p.batchSizes, tails: [], histBase: -1 }));
const slots = 1e6;
const stages = [{ type: "constant", value: 1.3 }, { type: "constant", value: 1.6 }];
const slottedModel = buildSlotted({ arrivals: { type: "poisson", mean: 1 }, stages });
const slottedTasks = planChunks(slots).map((p) => ({ seed: 1, chunk: p.chunk, warmup: defaultWarmup(slots), batchSizes: p.batchSizes, delays: [0, 5] }));
const t = { mg1Public: [], mg1Drained: [], slotPublic: [], slotDrained: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ["public", "drained"] : ["drained", "public"];
  for (const which of order) {
    if (which === "public") {
      t.mg1Public.push(await cpuMs(() => simulateMG1({ lambda: 0.8, service, customers, seed: 1, quantiles: [], progress: false, signal: new AbortController().signal })));
      t.slotPublic.push(await cpuMs(() => simulateSlotted({ arrivals: poissonArrivals(1), stages: [constantService(1.3), constantService(1.6)], slots, delays: [0, 5], seed: 1, signal: new AbortController().signal })));
    } else {
      t.mg1Drained.push(await cpuMs(async () => mg1Tasks.forEach((task) => drainSteps(mg1ChunkSteps(task, sc, service)))));
      t.slotDrained.push(await cpuMs(async () => slottedTasks.forEach((task) => drainSteps(slottedChunkSteps(task, slottedModel)))));
    }
  }
}
console.log("| measurement | median | ratio |\n|---|---:|---:|");
console.log(`| abort latency, workers: 1 (timer due → rejection) | ${median(latencies).toFixed(1)} ms | |`);
console.log(`| M/M/1 ${customers} customers: in-thread run with steps and checks / drained | ${median(t.mg1Public).toFixed(0)} / ${median(t.mg1Drained).toFixed(0)} ms CPU | ${(median(t.mg1Public) / median(t.mg1Drained)).toFixed(3)} |`);
console.log(`| slotted 2 stages ${slots} slots: in-thread run / drained | ${median(t.slotPublic).toFixed(0)} / ${median(t.slotDrained).toFixed(0)} ms CPU | ${(median(t.slotPublic) / median(t.slotDrained)).toFixed(3)} |`);
