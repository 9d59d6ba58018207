// Graph pipelines (docs/model.md §11): simulateRequests on a 6-stage DAG with a batching
// stage (in → fork [a → batching LLM (b = 4)] ∥ [b] → c → out; exponential and constant
// services, Poisson λ = 2.5) against the same engine on the 6-stage chain of the same
// leaves without fork or batching (the per-stage recursion kernel), interleaved rounds,
// medians and the same-run ratio; and maxThroughput per call (the bound alone, and with
// its simulated interval). Imports the built package (`npm run bench`).
import { batchStage, computeStage, deterministic, exponential, microservicePreset, parallelStage, pipeline } from "../dist/index.js";
import { maxThroughput, simulateRequests } from "../dist/sim/index.js";

const ROUNDS = Number(process.env.GRAPH_BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.GRAPH_BENCH_REQUESTS ?? 1e6);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : "n/a");
const st = (name, d) => computeStage({ name, node: name, flops: d.mean, flopsPerSecond: 1, distribution: d });
const llm = batchStage({ name: "llm", node: "llm", maxBatch: 4, time: (n) => 0.2 + 0.1 * n });
const dag = pipeline("6-stage DAG", [
  st("in", exponential(0.1)),
  parallelStage({ branches: [[st("a", exponential(0.2)), llm], [st("b", exponential(0.3))]] }),
  st("c", deterministic(0.1)),
  st("out", exponential(0.15)),
]);
const chain = pipeline("6-stage chain", [st("in", exponential(0.1)), st("a", exponential(0.2)), st("llm", deterministic(0.3)), st("b", exponential(0.3)), st("c", deterministic(0.1)), st("out", exponential(0.15))]);
// For maxThroughput: the fork with a batching branch between two dedicated constant stages.
const ded = (name, s) => computeStage({ name, node: name, flops: s, flopsPerSecond: 1, resource: "dedicated" });
// A fresh pipeline object per call: the bound's analyses are memoised per pipeline object, so a first call is measured.
const fj = () => pipeline("fork with batching", [ded("pre", 0.05), parallelStage({ branches: [[batchStage({ node: "llm", maxBatch: 4, time: (n) => 0.3 + 0.1 * n })], [st("kv", exponential(0.2))]] }), ded("post", 0.05)]);

async function rate(p, seed) {
  const t0 = performance.now();
  await simulateRequests({ pipeline: p, lambda: 2.5, requests: REQUESTS, seed, times: [2], quantiles: [1e-3] });
  return REQUESTS / ((performance.now() - t0) / 1000);
}
async function seconds(f) {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

const dagRates = [];
const chainRates = [];
const capBound = [];
const capSim = [];
const capPreset = [];
for (let r = 0; r < ROUNDS; r++) {
  dagRates.push(await rate(dag, r + 1));
  chainRates.push(await rate(chain, r + 1));
  capBound.push(await seconds(() => maxThroughput(fj(), { deadline: 3, epsilon: 1e-3, tolerance: 1e-3 })));
  // The microservice preset: shared stages around the fork, so the chain bounds take the split route.
  capPreset.push(await seconds(() => maxThroughput(pipeline("microservice", microservicePreset.pipeline.stages), { deadline: 1, epsilon: 1e-4, tolerance: 1e-2 })));
  capSim.push(await seconds(() => maxThroughput(fj(), { deadline: 3, epsilon: 1e-2, tolerance: 1e-3, simulate: { requests: 2e5, seed: r + 1 } })));
}
const ratios = dagRates.map((x, i) => x / chainRates[i]);
console.log(`${ROUNDS} interleaved rounds, ${fmt(REQUESTS)} requests per simulation, medians`);
console.log("");
console.log("| contender | value |");
console.log("|---|---|");
console.log(`| simulateRequests, 6-stage DAG with a batching stage (event kernel) | ${fmt(median(dagRates))} requests/s |`);
console.log(`| simulateRequests, 6-stage chain of the same leaves (recursion kernel) | ${fmt(median(chainRates))} requests/s |`);
console.log(`| DAG / chain, same round | ${median(ratios).toFixed(3)} |`);
console.log(`| maxThroughput, fork with batching, bound only, first call (tolerance 1e-3) | ${median(capBound).toFixed(3)} s per call |`);
console.log(`| maxThroughput, microservice preset (split route), bound only, first call (tolerance 1e-2) | ${median(capPreset).toFixed(2)} s per call |`);
console.log(`| maxThroughput, fork with batching, with the simulated interval (2e5 requests per rate) | ${median(capSim).toFixed(2)} s per call |`);
