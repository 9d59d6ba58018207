// Numerical extremes of the robustness suite (issue #7), timed: each case must answer
// (or fail with a clear error) "within time". Medians over repeated runs; the baseline is
// the same call at an ordinary operating point, measured in the same run.
// Run: npx tsc -p tsconfig.build.json && node bench/robustness.bench.mjs
import {
  constantService,
  delayBound,
  delayQuantile,
  exponential,
  hyperexponential,
  mg1,
  poissonArrivals,
  rayleighLink,
  rayleighService,
  tandem,
} from "../dist/index.js";

function median(fn, { minRuns = 5, minMs = 200 } = {}) {
  const times = [];
  const start = performance.now();
  let out;
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    try {
      out = fn();
    } catch (e) {
      out = `${e.constructor.name}: ${e.message}`;
    }
    times.push(performance.now() - t0);
    if (times.length >= 200) break;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], out, runs: times.length };
}

const short = (x) => (typeof x === "number" ? x.toPrecision(4) : String(x).slice(0, 60));
const rows = [];
function pair(name, extreme, baseline, show) {
  const e = median(extreme);
  const b = median(baseline);
  rows.push(`| ${name} | ${e.ms.toFixed(3)} | ${b.ms.toFixed(3)} | ${(e.ms / b.ms).toFixed(1)} | ${show(e.out)} |`);
}

const rho = 1 - 1e-12;
pair("mg1 M/M/1, ρ = 1 − 1e-12: E[W] and P(W > 1e6)", () => { const q = mg1(rho, exponential(1)); return q.meanWait + q.waitTail(1e6) * 0; }, () => { const q = mg1(0.5, exponential(1)); return q.meanWait + q.waitTail(1) * 0; }, short);
pair("mg1 M/H2/1, ρ = 1 − 1e-12: P(T > 1e3)", () => mg1(rho, hyperexponential([0.8, 0.2], [0.5, 3])).sojournTail(1e3), () => mg1(0.5, hyperexponential([0.8, 0.2], [0.5, 3])).sojournTail(1), short);
const arr = poissonArrivals(0.5);
const one = constantService(1);
pair("delayBound, T0 = 1e6 slots (ln P)", () => delayBound(arr, one, 1e6).logProbability, () => delayBound(arr, one, 10).logProbability, short);
const free = delayBound(arr, tandem(one, constantService(2)), 10);
pair("delayBound at θ = θmax(1 − 1e-9)", () => delayBound(arr, tandem(one, constantService(2)), 10, { theta: free.thetaMax * (1 - 1e-9) }).probability, () => delayBound(arr, tandem(one, constantService(2)), 10).probability, short);
pair("delayBound at θ = 1e-12", () => delayBound(arr, tandem(one, constantService(2)), 10, { theta: 1e-12 }).probability, () => delayBound(arr, tandem(one, constantService(2)), 10).probability, short);
const spec = (pl) => ({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: pl });
const svcAt = (db) => rayleighService({ link: rayleighLink(spec(131 - db)), slotSeconds: 0.1, bitsPerRequest: 1e6 });
pair("Rayleigh stage at −30 dB: delayBound T0 = 50", () => { const s = svcAt(-30); return delayBound(poissonArrivals(0.5 * s.meanPerSlot), s, 50).probability; }, () => { const s = svcAt(11); return delayBound(poissonArrivals(0.5 * s.meanPerSlot), s, 50).probability; }, short);
pair("Rayleigh stage at +60 dB: delayBound T0 = 50", () => { const s = svcAt(60); return delayBound(poissonArrivals(0.5 * s.meanPerSlot), s, 50).probability; }, () => { const s = svcAt(11); return delayBound(poissonArrivals(0.5 * s.meanPerSlot), s, 50).probability; }, short);
const t50 = tandem(...Array.from({ length: 50 }, (_, i) => constantService(2 + i / 10)));
const t50eq = tandem(...Array.from({ length: 50 }, () => constantService(2)));
const t2 = tandem(constantService(2), constantService(2.1));
pair("50-stage tandem (distinct rates), T0 = 400", () => delayBound(poissonArrivals(1), t50, 400).probability, () => delayBound(poissonArrivals(1), t2, 400).probability, short);
pair("50-stage tandem (equal rates), T0 = 400", () => delayBound(poissonArrivals(1), t50eq, 400).probability, () => delayBound(poissonArrivals(1), t2, 400).probability, short);
pair("delayQuantile ε = 1e-9, 3-stage tandem at ρ = 0.99", () => delayQuantile(poissonArrivals(0.99), tandem(one, constantService(2), constantService(3)), 1e-9).delaySlots, () => delayQuantile(poissonArrivals(0.5), tandem(one, constantService(2), constantService(3)), 1e-9).delaySlots, short);

console.log("| extreme case | median ms | baseline ms (ordinary point) | ratio | answer |");
console.log("|---|---:|---:|---:|---|");
for (const r of rows) console.log(r);
