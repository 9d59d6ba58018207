// Request-level simulator speed: requests per second through a 3-stage store-and-forward
// FIFO tandem (Poisson arrivals at λ = 0.8, exponential services of mean 1 at each stage,
// so every stage runs at ρ = 0.8) against a C loop of the same recursion and statistics
// compiled in this run (bench/c/tandem.c, gcc -O2, xoshiro256+, −log(u) exponentials);
// plus the engine with tails and quantiles, with 2 workers, and on the paper's
// deterministic collaborative pipeline shape. Imports the built package (`npm run bench`).
// Rounds are interleaved so load from other processes hits every contender alike; the
// table shows medians and same-run ratios per wall-clock second and per CPU second.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { computeStage, exponential, pipeline } from "../dist/index.js";
import { simulateRequests } from "../dist/sim/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.REQ_BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQ_BENCH_REQUESTS ?? 2e7);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : "n/a");
const cpuSeconds = (c0) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1e6;
};

// --- C baseline, compiled into a temp dir (never committed) ---------------------------
const tmp = mkdtempSync(join(tmpdir(), "edgecalc-bench-"));
let cBinary = join(tmp, "tandem");
try {
  execFileSync("gcc", ["-O2", "-o", cBinary, join(here, "c", "tandem.c"), "-lm"], { stdio: "pipe" });
} catch (e) {
  console.error(`gcc failed, C baseline skipped: ${e.message.split("\n")[0]}`);
  cBinary = null;
}
function runC(seed) {
  const out = execFileSync(cBinary, [String(REQUESTS), "0.8", "1", "1", "1", String(seed)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [n, seconds, meanT, cpu] = out.trim().split(/\s+/).map(Number);
  return { rate: n / seconds, cpuRate: n / cpu, meanT };
}

// --- Node contenders --------------------------------------------------------------------
const stage = (name) => computeStage({ name, node: name, flops: 1, flopsPerSecond: 1, distribution: exponential(1) });
const tandem = pipeline("M/M/1 tandem", [stage("a"), stage("b"), stage("c")]);
// The paper's collaborative shape with constant services (edge 0.9 s, downlink 0.033 s, terminal 0.14 s).
const paperShape = pipeline("deterministic 3-stage", [
  computeStage({ name: "edge", node: "edge", flops: 135.4e12, flopsPerSecond: 150e12 }),
  computeStage({ name: "link", node: "link", flops: 1.0486e6, flopsPerSecond: 3.16e7 }),
  computeStage({ name: "terminal", node: "ue", flops: 8.2154e12, flopsPerSecond: 60e12 }),
]);
async function runNode(p, lambda, workers, seed, extras = { quantiles: [] }) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await simulateRequests({ pipeline: p, lambda, requests: REQUESTS, seed, workers, progress: false, ...extras });
  const seconds = (performance.now() - t0) / 1000;
  // Work done includes each chunk's warm-up requests.
  const work = r.requests + r.warmup * r.chunks;
  return { rate: work / seconds, cpuRate: work / cpuSeconds(c0), meanT: r.endToEnd.mean.value };
}

await runNode(tandem, 0.8, 1, 99); // warm-up (JIT), not recorded
const keys = ["c", "one", "two", "full", "det"];
const rows = Object.fromEntries(keys.map((k) => [k, []]));
const cpu = Object.fromEntries(keys.map((k) => [k, []]));
const add = (key, r) => {
  rows[key].push(r.rate);
  cpu[key].push(r.cpuRate);
  return r;
};
const means = { c: [], js: [] };
for (let k = 0; k < ROUNDS; k++) {
  if (cBinary) means.c.push(add("c", runC(k + 1)).meanT);
  const one = add("one", await runNode(tandem, 0.8, 1, k + 1));
  const two = add("two", await runNode(tandem, 0.8, 2, k + 1));
  if (one.meanT !== two.meanT) throw new Error(`1 and 2 workers disagree: ${one.meanT} vs ${two.meanT}`);
  means.js.push(one.meanT);
  add("full", await runNode(tandem, 0.8, 1, k + 1, { times: [10, 20, 40, 60], quantiles: [0.5, 0.1, 0.01, 0.001] }));
  add("det", await runNode(paperShape, 0.5, 1, k + 1));
}
rmSync(tmp, { recursive: true, force: true });

const m = (key) => median(rows[key]);
const mc = (key) => median(cpu[key]);
const c = cBinary ? m("c") : NaN;
const cc = cBinary ? mc("c") : NaN;
console.log(`3-stage M/M/1 tandem, λ = 0.8, every stage ρ = 0.8; ${REQUESTS.toExponential(0)} requests per run, median of ${ROUNDS} interleaved rounds; ${availableParallelism()} CPUs, ${process.version}.`);
console.log(`E[T] estimates (exact 15): C ${means.c.map((x) => x.toFixed(3)).join(", ")}; simulateRequests ${means.js.map((x) => x.toFixed(3)).join(", ")}\n`);
console.log("| contender | requests per wall second | wall ratio | per CPU second | CPU ratio | target |");
console.log("|---|---|---|---|---|---|");
console.log(`| C -O2 tandem loop (xoshiro256+, −log u) | ${fmt(c)} | 1 | ${fmt(cc)} | 1 | baseline |`);
console.log(`| simulateRequests, 1 thread, means only | ${fmt(m("one"))} | ${(m("one") / c).toFixed(2)} × C | ${fmt(mc("one"))} | ${(mc("one") / cc).toFixed(2)} × C | ≥ 0.8 × C |`);
console.log(`| simulateRequests, 2 workers | ${fmt(m("two"))} | ${(m("two") / m("one")).toFixed(2)} × 1 thread | ${fmt(mc("two"))} | ${(mc("two") / mc("one")).toFixed(2)} × 1 thread | reported |`);
console.log(`| simulateRequests, 1 thread, 4 tails + 4 quantiles | ${fmt(m("full"))} | ${(m("full") / m("one")).toFixed(2)} × means only | ${fmt(mc("full"))} | ${(mc("full") / mc("one")).toFixed(2)} × means only | reported |`);
console.log(`| simulateRequests, deterministic 3-stage (paper shape, λ = 0.5) | ${fmt(m("det"))} | ${(m("det") / c).toFixed(2)} × C | ${fmt(mc("det"))} | ${(mc("det") / cc).toFixed(2)} × C | reported |`);
console.log(`\nLoad average at the end: ${loadavg()[0].toFixed(2)} on ${availableParallelism()} CPUs (wall ratios are only meaningful when it is below the CPU count).`);
