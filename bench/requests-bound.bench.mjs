// Request-level bound: speed and tightness (docs/model.md §9.4). Imports the built package
// (`npm run bench`).
//
// Speed, on the paper's collaborative and edge-only pipelines (PL 90/120/135 dB, f_UE 15 and
// 60 TFLOP/s, λ = 0.5/s): a first analysis of each pipeline (`responseTimeAnalysis` plus its
// quantiles at 1e-3 and 1e-6; a new link builds its Rayleigh transfer laws inside the call,
// a pipeline that shares them with an earlier one reuses them), the same analysis of an
// equal pipeline built anew (what a sweep or a notebook recomputing its cells does), and the
// transfer-law build alone (mean, variance and the conservative MGF of each (bits, link)).
// Medians over the pipelines, in ms of one core's CPU time (the machine is shared: CPU time
// varies less than wall time).
//
// With REQ_BOUND_BASELINE=<path of another build's dist/> (e.g. main's, built in a
// worktree) the same steps run on it too, interleaved in the same process, and the table
// shows both and their ratio.
//
// Tightness: the bound's 1e-3 quantile against the simulated one (simulateRequests, 95 %
// interval) at PL 90/120 dB, and which paradigm each ranks first. REQ_BOUND_REQUESTS sets
// the simulated requests (default 4e6; 0 skips the simulation).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import * as current from "../dist/index.js";
import { simulateRequests } from "../dist/sim/index.js";

const REQUESTS = Number(process.env.REQ_BOUND_REQUESTS ?? 4e6);
const EPS = 1e-3;
const baseDir = process.env.REQ_BOUND_BASELINE;
const baseline = baseDir ? await import(pathToFileURL(resolve(baseDir, "index.js")).href) : null;
const builds = [["this build", current], ...(baseline ? [["baseline", baseline]] : [])];

const cpu = (f) => {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return { v, ms: (c.user + c.system) / 1000 };
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

const scenario = (lib, pl, fue) => lib.paradigms({ ...lib.paperScenario.params, terminalFlops: fue, link: lib.rayleighLink({ ...lib.paperScenario.linkSpec, pathLossDb: pl }) });
const cases = [];
for (const pl of [90, 120, 135]) for (const fue of [15e12, 60e12]) for (const name of ["collaborative", "edgeOnly"]) cases.push({ pl, fue, name });

// Transfer laws first (cold: no pipeline has asked for them yet), then the analyses (for
// the analyses' "first call" to include a law's build, use links the laws step has not seen).
const timing = Object.fromEntries(builds.map(([b]) => [b, { law: [], first: [], firstBuilds: [], again: [], q3: {} }]));
for (const pl of [91, 121, 136]) {
  for (const bits of [1.0486e6, 5.2429e6]) {
    for (const [b, lib] of builds) {
      const link = lib.rayleighLink({ ...lib.paperScenario.linkSpec, pathLossDb: pl });
      timing[b].law.push(cpu(() => {
        const d = lib.rayleighTransferTime(link, bits);
        return d.mean + d.variance + d.logMgfUpper(1 / d.mean);
      }).ms);
    }
  }
}
for (const c of cases) {
  for (const [b, lib] of builds) {
    const p = scenario(lib, c.pl, c.fue)[c.name];
    const first = cpu(() => {
      const a = lib.responseTimeAnalysis(p, { lambda: 0.5 });
      return [a.quantile(EPS), a.quantile(1e-6)];
    });
    // The first pipeline on a link builds its transfer law; later ones reuse it.
    (c.fue === 15e12 ? timing[b].firstBuilds : timing[b].first).push(first.ms);
    const fresh = scenario(lib, c.pl, c.fue)[c.name];
    timing[b].again.push(cpu(() => lib.responseTimeAnalysis(fresh, { lambda: 0.5 }).quantile(EPS)).ms);
    timing[b].q3[`${c.pl}|${c.fue}|${c.name}`] = first.v[0];
  }
}

console.log(`Request-level analysis, CPU ms per call (medians; ${cases.length} pipelines, 6 transfer laws):\n`);
console.log(`| step | ${builds.map(([b]) => b).join(" | ")} |${baseline ? " baseline / this build |" : ""}`);
console.log(`|---|${builds.map(() => "---:").join("|")}|${baseline ? "---:|" : ""}`);
const row = (label, key) => {
  const ms = builds.map(([b]) => median(timing[b][key]));
  console.log(`| ${label} | ${ms.map(fmt).join(" | ")} |${baseline ? ` ${(ms[1] / ms[0]).toFixed(1)}× |` : ""}`);
};
row("transfer law build (mean, variance, MGF bound)", "law");
row("first analysis + quantiles 1e-3, 1e-6, building its transfer law", "firstBuilds");
row("first analysis + quantiles, transfer law already built", "first");
row("same analysis, equal pipeline built anew", "again");

if (baseline) {
  console.log("\nBound quantile at 1e-3 (seconds), this build vs baseline:\n");
  console.log("| PL (dB) | f_UE (TFLOP/s) | pipeline | this build | baseline | ratio |");
  console.log("|---:|---:|---|---:|---:|---:|");
  for (const c of cases) {
    const k = `${c.pl}|${c.fue}|${c.name}`;
    const [x, y] = [timing["this build"].q3[k], timing.baseline.q3[k]];
    console.log(`| ${c.pl} | ${c.fue / 1e12} | ${c.name} | ${x.seconds.toFixed(3)} (${x.method}) | ${y.seconds.toFixed(3)} (${y.method}) | ${(x.seconds / y.seconds).toFixed(4)} |`);
  }
}

if (REQUESTS > 0) {
  const rows = [];
  for (const pl of [90, 120]) {
    for (const fue of [15e12, 60e12]) {
      const P = scenario(current, pl, fue);
      const out = {};
      for (const [name, p] of [["collaborative", P.collaborative], ["edge-only", P.edgeOnly]]) {
        const q = current.responseTimeAnalysis(p, { lambda: 0.5 }).quantile(EPS);
        const sim = await simulateRequests({ pipeline: p, lambda: 0.5, requests: REQUESTS, seed: 2026, quantiles: [EPS] });
        const s = sim.endToEnd.quantiles[0];
        out[name] = { bound: q.seconds, method: q.method, sim: s.value, lower: s.lower, upper: s.upper };
      }
      const c = out.collaborative;
      const e = out["edge-only"];
      const differ = Math.abs(c.sim - e.sim) > 0.05 * Math.min(c.sim, e.sim);
      const simFirst = c.sim < e.sim ? "collaborative" : "edge-only";
      const boundFirst = c.bound < e.bound ? "collaborative" : "edge-only";
      for (const [name, v] of Object.entries(out)) {
        rows.push(
          `| ${pl} | ${fue / 1e12} | ${name} | ${v.bound.toFixed(3)} (${v.method}) | ${v.sim.toFixed(3)} [${v.lower.toFixed(3)}, ${v.upper.toFixed(3)}] | ${(v.bound / v.sim).toFixed(3)} | ${name === "collaborative" ? `${boundFirst} / ${simFirst}${differ ? "" : " (within 5 %)"}` : ""} |`,
        );
      }
    }
  }
  console.log(`\nResponse-time quantile at ε = ${EPS}, λ = 0.5/s, ${REQUESTS.toExponential(0)} simulated requests per pipeline (seconds).\n`);
  console.log("| PL (dB) | f_UE (TFLOP/s) | pipeline | bound | simulated [95 %] | bound/simulated | first by bound / simulation |");
  console.log("|---:|---:|---|---:|---:|---:|---|");
  for (const r of rows) console.log(r);
}
