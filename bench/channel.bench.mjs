// Channel benchmarks: Rayleigh link construction + ergodic rate, and the per-slot
// log-MGF (fluid closed form with E_a, and the paper's floor form (8)).
// Imports the built package: run `npx tsc -p tsconfig.build.json` (or `npm run bench`).
// Prints a markdown table of medians over repeats, with ratios against the formula-tier
// ergodic rate measured in the same run.
import { rayleighLink, rayleighMeanRate } from "../dist/index.js";

const REPEATS = 7;
const TARGET_MS = 150;

/** Median evaluations per second of `body(i)` over REPEATS timed batches. */
function measure(body) {
  let sink = 0;
  // Calibrate a batch size that takes about TARGET_MS.
  let n = 64;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += body(i);
    const dt = performance.now() - t0;
    if (dt > TARGET_MS / 4) {
      n = Math.max(1, Math.round((n * TARGET_MS) / dt));
      break;
    }
    n *= 4;
  }
  const rates = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += body(i);
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  if (!Number.isFinite(sink)) throw new Error(`non-finite benchmark output ${sink}`);
  return rates[REPEATS >> 1];
}

const paper = { bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120 };
const link = rayleighLink(paper);
// Table 3 latent downlink, Δ = 100 ms: q = BΔ/J ≈ 0.95 requests per slot per bit/s/Hz.
const slot = { slotSeconds: 0.1, bitsPerRequest: 1.0486e6 };
// Many requests per slot (J = 10 kbit): the floor form needs ~q·log2(40γ̄) ≈ 900 terms.
const slotMany = { slotSeconds: 0.1, bitsPerRequest: 1.0486e4 };
const thetas = Array.from({ length: 64 }, (_, i) => 0.01 + 0.05 * i);
const snrs = Array.from({ length: 64 }, (_, i) => 10 ** (-1 + (6 * i) / 63));

const rows = [
  ["rayleighMeanRate(B, γ̄) (formula tier, baseline)", (i) => rayleighMeanRate(1e7, snrs[i & 63])],
  ["rayleighLink({...}) + .meanRate", (i) => rayleighLink({ ...paper, pathLossDb: 90 + (i & 63) }).meanRate],
  ["link.slotLogMgfNeg(θ, fluid), Table 3 slot", (i) => link.slotLogMgfNeg(thetas[i & 63], slot)],
  ["link.slotLogMgfNeg(θ, floor), Table 3 slot", (i) => link.slotLogMgfNeg(thetas[i & 63], { ...slot, floor: true })],
  ["link.slotLogMgfNeg(θ, fluid), J = 10 kbit", (i) => link.slotLogMgfNeg(thetas[i & 63] / 100, slotMany)],
  ["link.slotLogMgfNeg(θ, floor), J = 10 kbit", (i) => link.slotLogMgfNeg(thetas[i & 63] / 100, { ...slotMany, floor: true })],
];

const results = rows.map(([name, body]) => [name, measure(body)]);
const base = results[0][1];
console.log(`| operation | evaluations/s (median of ${REPEATS}) | time vs baseline |`);
console.log("|---|---:|---:|");
for (const [name, rate] of results) {
  console.log(`| ${name} | ${rate.toExponential(3)} | ${(base / rate).toFixed(2)}× |`);
}
