// Monte Carlo engine speed: M/M/1 customers per second (ρ = 0.8) against a C Lindley loop
// compiled in this run (bench/c/lindley.c, gcc -O2, xoshiro256+, −log(u) exponentials), one
// vs two workers, and slots per second of a three-stage slotted pipeline.
// Imports the built package (run `npx tsc -p tsconfig.build.json` or `npm run bench`).
// Rounds are interleaved (C, 1 thread, 2 workers, …) so load from other processes hits
// every contender alike; the table shows medians and same-run ratios.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { exponential, poissonArrivals, rayleighLink } from "../dist/index.js";
import { simulateMG1, simulateSlotted } from "../dist/sim/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.SIM_BENCH_ROUNDS ?? 5);
const CUSTOMERS = Number(process.env.SIM_BENCH_CUSTOMERS ?? 3e7);
const SLOTS = Number(process.env.SIM_BENCH_SLOTS ?? 2e6);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : "n/a");

// --- C baseline, compiled into a temp dir (never committed) ---------------------------
const tmp = mkdtempSync(join(tmpdir(), "edgecalc-bench-"));
let cBinary = null;
try {
  cBinary = join(tmp, "lindley");
  execFileSync("gcc", ["-O2", "-o", cBinary, join(here, "c", "lindley.c"), "-lm"], { stdio: "pipe" });
} catch (e) {
  console.error(`gcc failed, C baseline skipped: ${e.message.split("\n")[0]}`);
  cBinary = null;
}
function runC(seed) {
  const [n, seconds, meanWait] = execFileSync(cBinary, [String(CUSTOMERS), "0.8", String(seed)], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
  return { rate: n / seconds, meanWait };
}

// --- Node contenders --------------------------------------------------------------------
const service = exponential(1);
async function runNode(workers, seed, extras = { quantiles: [] }) {
  const t0 = performance.now();
  const r = await simulateMG1({ lambda: 0.8, service, customers: CUSTOMERS, seed, workers, progress: false, ...extras });
  const seconds = (performance.now() - t0) / 1000;
  // Work done includes each chunk's warm-up customers.
  return { rate: (r.customers + r.warmup * r.chunks) / seconds, meanWait: r.wait.value, workersUsed: r.workersUsed };
}

// Three-stage slotted pipeline: edge compute → Rayleigh downlink → terminal compute (Δ = 0.1 s).
const link = rayleighLink({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 });
const pipeline = {
  name: "split",
  stages: [
    { kind: "compute", name: "edge", node: "edge", flops: 135.4e12, flopsPerSecond: 150e12 },
    { kind: "transfer", name: "downlink", linkName: "dl", bits: 1.0486e6, link },
    { kind: "compute", name: "terminal", node: "ue", flops: 8.2154e12, flopsPerSecond: 60e12 },
  ],
};
async function runSlotted(workers, seed) {
  const t0 = performance.now();
  const r = await simulateSlotted({ arrivals: poissonArrivals(0.05), pipeline, slotSeconds: 0.1, slots: SLOTS, delays: [0, 5, 10, 20, 40], seed, workers, progress: false });
  const seconds = (performance.now() - t0) / 1000;
  return { rate: (r.slots + r.warmup * r.chunks) / seconds, workersUsed: r.workersUsed };
}

// Warm-up round (JIT, worker start-up paths), not recorded.
await runNode(1, 99);
const rows = { c: [], one: [], two: [], full: [], slot1: [], slot2: [] };
let meanWaits = [];
for (let k = 0; k < ROUNDS; k++) {
  if (cBinary) rows.c.push(runC(k + 1).rate);
  const one = await runNode(1, k + 1);
  const two = await runNode(2, k + 1);
  if (one.meanWait !== two.meanWait) throw new Error(`1 and 2 workers disagree: ${one.meanWait} vs ${two.meanWait}`);
  meanWaits.push(one.meanWait);
  rows.one.push(one.rate);
  rows.two.push(two.rate);
  rows.full.push((await runNode(1, k + 1, { tails: [1, 5, 10, 20], quantiles: [0.5, 0.9, 0.99] })).rate);
  rows.slot1.push((await runSlotted(1, k + 1)).rate);
  rows.slot2.push((await runSlotted(2, k + 1)).rate);
}
rmSync(tmp, { recursive: true, force: true });

const c = cBinary ? median(rows.c) : NaN;
const one = median(rows.one);
const two = median(rows.two);
const s1 = median(rows.slot1);
console.log(`M/M/1 ρ = 0.8, ${CUSTOMERS.toExponential(0)} customers per run, median of ${ROUNDS} interleaved rounds; ${availableParallelism()} CPUs, ${process.version}.`);
console.log(`E[W] estimates (exact 4): ${meanWaits.map((x) => x.toFixed(4)).join(", ")}\n`);
console.log("| contender | rate (/s) | ratio | target |");
console.log("|---|---|---|---|");
console.log(`| C -O2 Lindley loop (xoshiro256+, customers) | ${fmt(c)} | 1 | baseline |`);
console.log(`| simulateMG1, 1 thread, means only (customers) | ${fmt(one)} | ${(one / c).toFixed(2)} × C | ≥ 0.6 × C |`);
console.log(`| simulateMG1, 2 workers (customers) | ${fmt(two)} | ${(two / one).toFixed(2)} × 1 thread | ≥ 1.6 × 1 thread |`);
console.log(`| simulateMG1, 1 thread, 4 tails + quantiles (customers) | ${fmt(median(rows.full))} | ${(median(rows.full) / one).toFixed(2)} × means only | — |`);
console.log(`| simulateSlotted, 3-stage pipeline, 5 delays, 1 thread (slots) | ${fmt(s1)} | 1 | reported |`);
console.log(`| simulateSlotted, 3-stage pipeline, 2 workers (slots) | ${fmt(median(rows.slot2))} | ${(median(rows.slot2) / s1).toFixed(2)} × 1 thread | reported |`);
