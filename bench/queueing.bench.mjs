// M/G/1 throughput: mg1(...) alone, and mg1 plus 10 waitTail evaluations, against a
// plain-JS Pollaczek–Khintchine loop measured in the same run. Imports the built package.
import { mg1, deterministic, hyperexponential, gammaDistribution, shifted, exponential } from "../dist/index.js";

const REPEATS = 7;
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** Evaluations per second of fn(i), median over REPEATS timed runs of n calls each. */
function rate(fn, n) {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 200); i++) sink += fn(i); // warm-up
  const rates = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += fn(i);
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error("NaN in benchmark");
  return median(rates);
}

const services = [
  ["M/D/1", deterministic(1)],
  ["M/H2/1", hyperexponential([0.8, 0.2], [0.5, 3])],
  ["M/Γ(0.5)/1", gammaDistribution(0.5, 1)],
];
const ts = [0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55];

// Baseline: the PK mean written inline over plain numbers (E[S], E[S²] precomputed).
const pkPlain = (i) => {
  const lam = 0.5 + (i % 100) * 0.004, es = 1, es2 = 4;
  return (lam * es2) / (2 * (1 - lam * es));
};
const base = rate(pkPlain, 2_000_000);

const rows = [["plain-JS PK loop (baseline)", base, 1]];
for (const [name, s] of services) {
  const alone = rate((i) => mg1(0.5 + (i % 100) * 0.004, s).meanWait, 200_000);
  rows.push([`mg1 ${name}`, alone, alone / base]);
  const withTails = rate((i) => {
    const q = mg1(0.5 + (i % 100) * 0.004, s);
    let acc = 0;
    for (const t of ts) acc += q.waitTail(t);
    return acc;
  }, name === "M/D/1" ? 300 : 3000);
  rows.push([`mg1 ${name} + 10 waitTail`, withTails, withTails / base]);
}

// Offset services S = a + X: every new queue builds its renewal grid once (three grids and a
// scan), then answers tails by interpolation; timed as a new queue plus one tail each way.
const offsetServices = [
  ["shifted(0.001, Γ(0.4, 1)), λ = 0.6", 0.6, shifted(0.001, gammaDistribution(0.4, 1))],
  ["shifted(0.25, Γ(0.4, 1)), ρ = 0.6", 0.48, shifted(0.25, gammaDistribution(0.4, 1))],
  ["shifted(0.7, Exp(0.5)), λ = 0.65", 0.65, shifted(0.7, exponential(0.5))],
  ["shifted(2, Exp(0.05)), ρ = 0.3", 0.3 / 2.05, shifted(2, exponential(0.05))],
];
for (const [name, lam, s] of offsetServices) {
  const r = rate((i) => {
    const q = mg1(lam * (1 + (i % 97) * 1e-9), s);
    return q.waitTail(1) + q.sojournTail(2);
  }, 4);
  rows.push([`mg1 ${name}: new queue + 2 tails`, r, r / base]);
}

console.log(`\n### queueing (median of ${REPEATS} runs)\n`);
console.log("| case | evaluations/s | ratio to baseline |");
console.log("|---|---:|---:|");
for (const [name, r, ratio] of rows) console.log(`| ${name} | ${r.toExponential(3)} | ${ratio.toExponential(2)} |`);
