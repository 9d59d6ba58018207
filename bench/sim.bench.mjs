// Monte Carlo engine speed: M/M/1 customers per second (ρ = 0.8) against a C Lindley loop
// compiled in this run (bench/c/lindley.c, gcc -O2, xoshiro256+, −log(u) exponentials), one
// vs two workers, and slots per second of a three-stage slotted pipeline.
// Imports the built package (run `npx tsc -p tsconfig.build.json` or `npm run bench`).
// Rounds are interleaved (C, 1 thread, 2 workers, …) so load from other processes hits
// every contender alike; the table shows medians and same-run ratios, per wall-clock second
// and per CPU second (all threads; robust to other processes sharing the cores, which the
// wall-clock rates are not — but a speed-up from workers only shows in wall-clock time).
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
  const [n, seconds, meanWait, cpu] = execFileSync(cBinary, [String(CUSTOMERS), "0.8", String(seed)], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
  return { rate: n / seconds, cpuRate: n / cpu, meanWait };
}
const cpuSeconds = (c0) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1e6;
};

// --- Node contenders --------------------------------------------------------------------
const service = exponential(1);
async function runNode(workers, seed, extras = { quantiles: [] }) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await simulateMG1({ lambda: 0.8, service, customers: CUSTOMERS, seed, workers, progress: false, ...extras });
  const seconds = (performance.now() - t0) / 1000;
  // Work done includes each chunk's warm-up customers.
  const work = r.customers + r.warmup * r.chunks;
  return { rate: work / seconds, cpuRate: work / cpuSeconds(c0), meanWait: r.wait.value, workersUsed: r.workersUsed };
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
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await simulateSlotted({ arrivals: poissonArrivals(0.05), pipeline, slotSeconds: 0.1, slots: SLOTS, delays: [0, 5, 10, 20, 40], seed, workers, progress: false });
  const seconds = (performance.now() - t0) / 1000;
  const work = r.slots + r.warmup * r.chunks;
  return { rate: work / seconds, cpuRate: work / cpuSeconds(c0), workersUsed: r.workersUsed };
}

// Warm-up round (JIT, worker start-up paths), not recorded.
await runNode(1, 99);
const rows = { c: [], one: [], two: [], full: [], slot1: [], slot2: [] };
const cpu = { c: [], one: [], two: [], full: [], slot1: [], slot2: [] };
const add = (key, r) => {
  rows[key].push(r.rate);
  cpu[key].push(r.cpuRate);
  return r;
};
let meanWaits = [];
for (let k = 0; k < ROUNDS; k++) {
  if (cBinary) add("c", runC(k + 1));
  const one = add("one", await runNode(1, k + 1));
  const two = add("two", await runNode(2, k + 1));
  if (one.meanWait !== two.meanWait) throw new Error(`1 and 2 workers disagree: ${one.meanWait} vs ${two.meanWait}`);
  meanWaits.push(one.meanWait);
  add("full", await runNode(1, k + 1, { tails: [1, 5, 10, 20], quantiles: [0.5, 0.9, 0.99] }));
  add("slot1", await runSlotted(1, k + 1));
  add("slot2", await runSlotted(2, k + 1));
}
rmSync(tmp, { recursive: true, force: true });

const m = (key) => median(rows[key]);
const mc = (key) => median(cpu[key]);
const c = cBinary ? m("c") : NaN;
const cc = cBinary ? mc("c") : NaN;
console.log(`M/M/1 ρ = 0.8, ${CUSTOMERS.toExponential(0)} customers per run, median of ${ROUNDS} interleaved rounds; ${availableParallelism()} CPUs, ${process.version}.`);
console.log(`E[W] estimates (exact 4): ${meanWaits.map((x) => x.toFixed(4)).join(", ")}\n`);
console.log("| contender | per wall second | wall ratio | per CPU second | CPU ratio | target |");
console.log("|---|---|---|---|---|---|");
console.log(`| C -O2 Lindley loop (xoshiro256+), customers | ${fmt(c)} | 1 | ${fmt(cc)} | 1 | baseline |`);
console.log(`| simulateMG1, 1 thread, means only, customers | ${fmt(m("one"))} | ${(m("one") / c).toFixed(2)} × C | ${fmt(mc("one"))} | ${(mc("one") / cc).toFixed(2)} × C | ≥ 0.6 × C |`);
console.log(`| simulateMG1, 2 workers, customers | ${fmt(m("two"))} | ${(m("two") / m("one")).toFixed(2)} × 1 thread | ${fmt(mc("two"))} | ${(mc("two") / mc("one")).toFixed(2)} × 1 thread | ≥ 1.6 × 1 thread (wall) |`);
console.log(`| simulateMG1, 1 thread, 4 tails + 3 quantiles, customers | ${fmt(m("full"))} | ${(m("full") / m("one")).toFixed(2)} × means only | ${fmt(mc("full"))} | ${(mc("full") / mc("one")).toFixed(2)} × means only | — |`);
console.log(`| simulateSlotted, 3-stage pipeline, 5 delays, 1 thread, slots | ${fmt(m("slot1"))} | 1 | ${fmt(mc("slot1"))} | 1 | reported |`);
console.log(`| simulateSlotted, 3-stage pipeline, 2 workers, slots | ${fmt(m("slot2"))} | ${(m("slot2") / m("slot1")).toFixed(2)} × 1 thread | ${fmt(mc("slot2"))} | ${(mc("slot2") / mc("slot1")).toFixed(2)} × 1 thread | reported |`);
const load = (globalThis.process && (await import("node:os")).loadavg()[0]) || NaN;
console.log(`\nLoad average at the end: ${load.toFixed(2)} on ${availableParallelism()} CPUs (wall ratios are only meaningful when it is below the CPU count).`);
