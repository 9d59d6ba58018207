// SNC bound engine speed: single-stage bound with θ optimisation, a three-stage tandem at
// T0 = 200, and a 1000-point T0 sweep (delayBoundCurve reusing work vs 1000 delayBound
// calls), side by side with a peer-style θ-grid search measured in the same run and the
// peers' published figures (docs/peers.md); the tandem martingale form (docs/model.md §10)
// beside the exact sum in the same run, first calls (a new link stage object per call, so the
// chains are built every time) and later ones (new tandems and arrivals around a link stage
// seen before: the chains are shared),
// a close-rate tandem (its two-queue chain), and its tightness
// (bound / simulation) from the committed long simulations of scripts/snc-tightness.mjs.
// Imports the built package.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  constantService,
  delayBound,
  delayBoundCurve,
  delayQuantile,
  exponentialArrivals,
  poissonArrivals,
  rayleighLink,
  rayleighService,
  tandem,
} from "../dist/index.js";

const REPEATS = 7;
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** Median seconds per call of fn(i) over REPEATS timed runs of n calls each. */
function perCall(fn, n) {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 50); i++) sink += fn(i); // warm-up
  const times = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += fn(i);
    times.push((performance.now() - t0) / 1000 / n);
  }
  if (Number.isNaN(sink)) throw new Error("NaN in benchmark");
  return median(times);
}

const fmt = (s) => (s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1e3).toFixed(3)} ms`);

// Peer-style baseline: the closed form on a θ grid of step 0.01 (the toolbox uses 0.1 then
// polishes), the same mathematics as the engine's single-stage path.
function gridSearch(lambda, c, T) {
  let best = Infinity;
  for (let th = 0.01; th < lambda; th += 0.01) {
    const z = -Math.log1p(-th / lambda) - th * c;
    if (!(z < 0)) continue;
    const v = -th * c * T - Math.log(-Math.expm1(z));
    if (v < best) best = v;
  }
  return Math.exp(best);
}

const dm1 = exponentialArrivals(1);
const c16 = constantService(1.6);
const poi = poissonArrivals(1);
const link = rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
const ray = rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6 });
const t3 = tandem(constantService(1.5), constantService(1.5), constantService(2));
const t3ray = tandem(constantService(1.6), ray, constantService(2));

const rows = [];
const grid = perCall((i) => gridSearch(1, 1.6, 10 + (i % 10)), 2000);
rows.push(["peer-style θ grid (step 0.01), DM1(1), C = 1.6, T0 = 10 — baseline", grid, 1, "toolbox 0.6–1.5 ms, DiscoSNC 3.4 ms"]);
const single = perCall((i) => delayBound(dm1, c16, 10 + (i % 10)).probability, 20000);
rows.push(["delayBound, 1 stage, DM1(1), C = 1.6, T0 = 10, θ optimised", single, single / grid, "target ≤ 10 µs"]);
const singleP = perCall((i) => delayBound(poi, constantService(1.5), 10 + (i % 10)).probability, 20000);
rows.push(["delayBound, 1 stage, Poisson(1), C = 1.5, T0 = 10", singleP, singleP / grid, ""]);
const tand = perCall((i) => delayBound(poi, t3, 200 - (i % 10)).probability, 500);
rows.push(["delayBound, 3-stage tandem (1.5, 1.5, 2), Poisson(1), T0 = 200", tand, tand / grid, "target ≤ 1 ms"]);
const tandR = perCall((i) => delayBound(poi, t3ray, 200 - (i % 10)).probability, 100);
rows.push(["delayBound, 3-stage tandem with a Rayleigh link, T0 = 200", tandR, tandR / grid, ""]);
const paper = perCall((i) => delayBound(poi, t3, 200 - (i % 10), { form: "paper" }).probability, 500);
rows.push(["delayBound paper form, 3-stage tandem, T0 = 200", paper, paper / grid, ""]);

const exactR = tandR;
// Chains are kept per link stage object (docs/model.md §10.5): a new stage object per call
// builds them in the call; a new tandem and new arrivals around a stage seen before share them.
const newRay = () => rayleighService({ link, slotSeconds: 0.1, bitsPerRequest: 1.0486e6 });
const martCold = perCall((i) => delayBound(poissonArrivals(1), tandem(constantService(1.6), newRay(), constantService(2)), 200 - (i % 10), { form: "martingale" }).probability, 20);
rows.push(["martingale form, 3-stage tandem with a Rayleigh link, T0 = 200, θ optimised, first call (a new link stage: chains built in the call)", martCold, martCold / grid, `${(martCold / exactR).toFixed(1)}× the exact sum; target ≤ 5 ms`]);
const martWarm = perCall((i) => delayBound(poissonArrivals(1), tandem(constantService(1.6), ray, constantService(2)), 200 - (i % 10), { form: "martingale" }).probability, 20);
rows.push(["martingale form, same, a new tandem and arrivals around a link stage seen before (chains shared; no numbers are kept between calls)", martWarm, martWarm / grid, `${(martWarm / exactR).toFixed(1)}× the exact sum`]);
const close = tandem(constantService(2.7), ray, constantService(2.7));
const exactClose = perCall((i) => delayBound(poissonArrivals(2), close, 10 + (i % 3)).probability, 500);
const martClose = perCall((i) => delayBound(poissonArrivals(2), tandem(constantService(2.7), newRay(), constantService(2.7)), 10 + (i % 3), { form: "martingale" }).probability, 5);
rows.push(["martingale form, close rates 2.7 / Rayleigh 2.77 / 2.7, T0 = 10, first call (a new link stage: the two-queue chain built in the call)", martClose, martClose / grid, `${(martClose / exactClose).toFixed(0)}× the exact sum (${fmt(exactClose)}); target ≤ 5 ms`]);
const martCloseSeen = perCall((i) => delayBound(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), 10 + (i % 3), { form: "martingale" }).probability, 10);
rows.push(["martingale form, close rates, a new tandem and arrivals around a link stage seen before (the chain shared)", martCloseSeen, martCloseSeen / grid, `${(martCloseSeen / exactClose).toFixed(0)}× the exact sum`]);
// Heavy load at close rates (load 0.9): the drawdown envelope (docs/model.md §10.8) wins there.
const martHeavy = perCall((i) => delayBound(poissonArrivals(2.43), tandem(constantService(2.7), newRay(), constantService(2.7)), 20 + (i % 3), { form: "martingale" }).probability, 5);
rows.push(["martingale form, close rates under heavy load (Poisson 2.43, load 0.9), T0 = 20, first call (the drawdown envelope wins)", martHeavy, martHeavy / grid, `${(martHeavy / exactClose).toFixed(0)}× the exact sum; target ≤ 5 ms`]);
const martHeavySeen = perCall((i) => delayBound(poissonArrivals(2.43), tandem(constantService(2.7), ray, constantService(2.7)), 20 + (i % 3), { form: "martingale" }).probability, 10);
rows.push(["martingale form, the same, the link stage seen before", martHeavySeen, martHeavySeen / grid, `${(martHeavySeen / exactClose).toFixed(0)}× the exact sum`]);
// The costlier envelopes at heavy load: the Snell envelope of the drawdown walk wins (docs/model.md §10.9).
const martHeavyOs = perCall((i) => delayBound(poissonArrivals(2.43), tandem(constantService(2.7), ray, constantService(2.7)), 20 + (i % 3), { form: "martingale", overshoot: true }).probability, 2);
rows.push(["martingale form with { overshoot: true }, close rates under heavy load, T0 = 20–22, the link stage seen before (the drawdown walk's Snell envelope wins)", martHeavyOs, martHeavyOs / grid, `${(martHeavyOs / martHeavySeen).toFixed(0)}× the default`]);
const heavyQ = (opts) => perCall((i) => delayQuantile(poissonArrivals(2.43), tandem(constantService(2.7), ray, constantService(2.7)), i % 2 ? 1e-6 : 1e-3, { form: "martingale", ...opts }).delaySlots, 2);
const hqStd = heavyQ({ overshoot: false });
const hqRef = heavyQ({});
rows.push(["delayQuantile, martingale form, close rates under heavy load, ε = 1e-3 and 1e-6, the chain shared, overshoot: false / by default (the refinement's Snell envelope wins)", hqRef, hqRef / grid, `${fmt(hqStd)} with overshoot: false`]);
// A faster constant after the link (3.0 after 2.7, load 0.93): the Snell envelope keeps it (docs/model.md §10.9), solving its lattice as a whole.
const heavier = () => tandem(constantService(2.7), ray, constantService(3));
const keptCold = perCall((i) => delayBound(poissonArrivals(2.511), tandem(constantService(2.7), newRay(), constantService(3)), 20 + (i % 3), { form: "martingale" }).probability, 5);
rows.push(["martingale form, 2.7 / Rayleigh 2.77 / 3.0 at load 0.93, T0 = 20–22, first call (the drawdown envelope keeping 3.0 wins)", keptCold, keptCold / grid, `${(keptCold / martHeavy).toFixed(1)}× the load-0.9 first call above; target ≤ 5 ms`]);
const keptOs = perCall((i) => delayBound(poissonArrivals(2.511), heavier(), 20 + (i % 3), { form: "martingale", overshoot: true }).probability, 2);
rows.push(["martingale form with { overshoot: true }, 2.7 / Rayleigh 2.77 / 3.0 at load 0.93, T0 = 20–22, the link stage seen before (the Snell envelope keeping 3.0 wins)", keptOs, keptOs / grid, `${(keptOs / martHeavyOs).toFixed(1)}× the load-0.9 row above (2.7 / 2.77 / 2.7)`]);
const keptQ = perCall(() => delayQuantile(poissonArrivals(2.511), heavier(), 1e-3, { form: "martingale" }).delaySlots, 2);
rows.push(["delayQuantile, martingale form, 2.7 / Rayleigh 2.77 / 3.0 at load 0.93, ε = 1e-3, by default (27 slots against the simulated 25)", keptQ, keptQ / grid, ""]);
// Small delays (their optimum far below the critical θ: the longest walk), the chain shared.
const martCloseSmall = perCall((i) => delayBound(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), 1 + (i % 3), { form: "martingale" }).probability, 10);
rows.push(["martingale form, close rates, T0 = 1–3, the chain shared", martCloseSmall, martCloseSmall / grid, `${(martCloseSmall / exactClose).toFixed(0)}× the exact sum; target ≤ 5 ms`]);
// The overshoot-aware envelope (docs/model.md §10.7; an option): the chain shared.
const martCloseOs = perCall((i) => delayBound(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), 9 + (i % 3), { form: "martingale", overshoot: true }).probability, 5);
rows.push(["martingale form with { overshoot: true }, close rates, T0 = 9–11, the chain shared", martCloseOs, martCloseOs / grid, `${(martCloseOs / exactClose).toFixed(0)}× the exact sum; ${(martCloseOs / martCloseSeen).toFixed(1)}× the default`]);
// Delay quantiles (docs/model.md §10.6–10.7): the default refines the standard search's
// quantile with the overshoot-aware envelope and, at close rates, the wider two-queue chain.
const closeQ = (opts) => perCall((i) => delayQuantile(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), i % 2 ? 1e-6 : 1e-3, { form: "martingale", ...opts }).delaySlots, 2);
const qStd = closeQ({ overshoot: false });
const qRef = closeQ({});
rows.push(["delayQuantile, martingale form, close rates, ε = 1e-3 and 1e-6, the chain shared, overshoot: false (the standard search)", qStd, qStd / grid, ""]);
rows.push(["delayQuantile, the same by default (refined: overshoot-aware envelope, the wider 21 × 21 chain at this load)", qRef, qRef / grid, `${(qRef / qStd).toFixed(1)}× the standard search`]);
// A curve on one plan: each chain's critical θ is searched once per plan (docs/model.md §10.6).
const Ts30 = Array.from({ length: 30 }, (_, i) => i + 1);
const curveClose = perCall(() => delayBoundCurve(poissonArrivals(2), tandem(constantService(2.7), ray, constantService(2.7)), Ts30, { form: "martingale" }).length, 2);
rows.push(["delayBoundCurve, martingale form, close rates, T0 = 1–30, the chain shared", curveClose, curveClose / grid, `${(curveClose / 30 / martCloseSeen).toFixed(2)}× a single bound per delay`]);
const martConst = perCall((i) => delayBound(poi, t3, 200 - (i % 10), { form: "martingale" }).probability, 500);
rows.push(["martingale form, 3-stage constant tandem (1.5, 1.5, 2), T0 = 200", martConst, martConst / grid, `${(martConst / tand).toFixed(2)}× the exact sum`]);
const tight = perCall((i) => delayBound(poi, t3ray, 200 - (i % 10), { form: "tightest" }).probability, 10);
rows.push(["tightest of the three forms, 3-stage tandem with a Rayleigh link, T0 = 200", tight, tight / grid, ""]);

// First calls over a grid of close-rate and bottleneck systems and delays (a new link stage per
// call): the spread of the martingale form's first-call time, not one chosen case.
const firstGrid = [
  [1, 1.6, 2],
  [1.5, 2.7, 2.7],
  [2, 2.7, 2.7],
  [2.43, 2.7, 2.7],
  [2.511, 2.7, 3],
  [2.2, 2.5, 2.9],
  [2, 3, 2.6],
];
const firstTs = [1, 3, 10, 30, 100, 200];
const firstCall = (lam, c1, c2, T) => delayBound(poissonArrivals(lam), tandem(constantService(c1), newRay(), constantService(c2)), T, { form: "martingale" }).probability;
for (const [lam, c1, c2] of firstGrid) for (const T of firstTs) for (let i = 0; i < 3; i++) firstCall(lam, c1, c2, T); // warm-up
const gridMedians = [];
for (const [lam, c1, c2] of firstGrid) {
  for (const T of firstTs) {
    const t = [];
    for (let r = 0; r < 9; r++) {
      const t0 = performance.now();
      firstCall(lam, c1, c2, T);
      t.push((performance.now() - t0) / 1000);
    }
    gridMedians.push({ name: `Poisson ${lam} → ${c1} / Rayleigh / ${c2}, T0 = ${T}`, t: median(t) });
  }
}
gridMedians.sort((a, b) => a.t - b.t);
const quant = (q) => gridMedians[Math.min(gridMedians.length - 1, Math.floor(q * gridMedians.length))].t;
const slowest = gridMedians[gridMedians.length - 1];

const sweep = Array.from({ length: 1000 }, (_, i) => i);
const curve1 = perCall(() => delayBoundCurve(dm1, c16, sweep).length, 5);
const loop1 = perCall(() => sweep.map((T) => delayBound(dm1, c16, T)).length, 5);
const curve3 = perCall(() => delayBoundCurve(poi, t3, sweep).length, 3);
const loop3 = perCall(() => sweep.map((T) => delayBound(poi, t3, T)).length, 1);

console.log(`\n### snc (median of ${REPEATS} runs)\n`);
console.log("| case | time per call | ratio to grid baseline | peers / target |");
console.log("|---|---:|---:|---|");
for (const [name, t, ratio, note] of rows) console.log(`| ${name} | ${fmt(t)} | ${ratio.toFixed(3)} | ${note} |`);
console.log(`\n| martingale form, first call (a new link stage per call), ${firstGrid.length} tandems (constant / Rayleigh 2.77 / constant, loads 0.56–0.93) × T0 = ${firstTs.join(", ")} (median of 9 per case) | median | 90th percentile | slowest | over 5 ms |`);
console.log("|---|---:|---:|---:|---:|");
const over = gridMedians.filter((g) => g.t > 5e-3);
console.log(`| ${gridMedians.length} cases | ${fmt(quant(0.5))} | ${fmt(quant(0.9))} | ${fmt(slowest.t)} (${slowest.name}) | ${over.length}${over.length ? `: ${over.map((g) => `${g.name} (${fmt(g.t)})`).join("; ")}` : ""} |`);
console.log("\n| 1000-point T0 sweep (T0 = 0…999) | delayBoundCurve | 1000 × delayBound | speed-up |");
console.log("|---|---:|---:|---:|");
console.log(`| 1 stage, DM1(1), C = 1.6 | ${fmt(curve1)} | ${fmt(loop1)} | ${(loop1 / curve1).toFixed(1)}× |`);
console.log(`| 3-stage tandem, Poisson(1) | ${fmt(curve3)} | ${fmt(loop3)} | ${(loop3 / curve3).toFixed(1)}× |`);

// With SNC_BASELINE=<path of another build's dist/> (e.g. an earlier commit built in a
// worktree), the martingale form's first calls run on both builds in this process,
// alternating in rounds after a warm-up of 30 calls each, and the table shows the medians
// and the median of the per-round ratios.
if (process.env.SNC_BASELINE) {
  const builds = [
    ["this build", await import("../dist/index.js")],
    ["baseline", await import(pathToFileURL(resolve(process.env.SNC_BASELINE, "index.js")).href)],
  ];
  const firstCalls = (M) => {
    const lk = M.rayleighLink({ bandwidthHz: 1e7, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 121, controlOverhead: 0 });
    const fresh = () => M.rayleighService({ link: lk, slotSeconds: 0.1, bitsPerRequest: 1.0486e6 });
    const at = (lam, c1, c2, T0) => (i) => M.delayBound(M.poissonArrivals(lam), M.tandem(M.constantService(c1), fresh(), M.constantService(c2)), T0 + (i % 3), { form: "martingale" }).probability;
    return [
      ["3-stage tandem, clear bottleneck (1.6 / 2.77 / 2.0), T0 = 198–200", at(1, 1.6, 2, 198)],
      ["close rates 2.7 / 2.77 / 2.7, T0 = 10–12", at(2, 2.7, 2.7, 10)],
      ["close rates under heavy load (load 0.9), T0 = 20–22", at(2.43, 2.7, 2.7, 20)],
    ];
  };
  const cases = builds.map(([, M]) => firstCalls(M));
  console.log("\n| martingale form, first call (a new link stage per call) | this build | baseline | ratio (median of rounds) |");
  console.log("|---|---:|---:|---:|");
  for (let c = 0; c < cases[0].length; c++) {
    for (const b of cases) for (let i = 0; i < 30; i++) b[c][1](i);
    const t = [[], []];
    const ratios = [];
    for (let r = 0; r < 15; r++) {
      const round = [0, 0];
      for (const k of r % 2 ? [1, 0] : [0, 1]) {
        const t0 = performance.now();
        for (let i = 0; i < 6; i++) cases[k][c][1](i);
        round[k] = (performance.now() - t0) / 6 / 1000;
        t[k].push(round[k]);
      }
      ratios.push(round[0] / round[1]);
    }
    console.log(`| ${cases[0][c][0]} | ${fmt(median(t[0]))} | ${fmt(median(t[1]))} | ${median(ratios).toFixed(2)} |`);
  }
}

// Tightness: bound / simulated frequency on the committed long simulations (the README's table).
const tightness = JSON.parse(readFileSync(new URL("../test/fixtures/snc/tightness.json", import.meta.url), "utf8"));
console.log("\n| bound / simulation (scripts/snc-tightness.mjs) | T0 | exact sum | paper | martingale | tightest | martingale, overshoot-aware |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of tightness.configs) {
  const q = (f) => (r.bounds[f].probability / r.simulated.value).toPrecision(3);
  console.log(`| ${r.name} | ${r.T0} | ${q("exact")} | ${q("paper")} | ${q("martingale")} | ${q("tightest")} | ${q("overshoot")} |`);
}
