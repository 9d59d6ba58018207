// Request-level bound tightness (docs/model.md §9.4): on the paper's collaborative and
// edge-only pipelines (PL 90 and 120 dB, f_UE 15 and 60 TFLOP/s, λ = 0.5/s) the bound's
// 1e-3 response-time quantile against the simulated one (simulateRequests, 95 % interval),
// their ratio, which paradigm each ranks first, and the analysis time per pipeline (one
// call, the bound's own memoisation off by building a fresh pipeline object). Imports the
// built package (`npm run bench`). REQ_BOUND_REQUESTS sets the simulated requests (default 4e6).
import { paradigms, paperScenario, rayleighLink, responseTimeAnalysis } from "../dist/index.js";
import { simulateRequests } from "../dist/sim/index.js";

const REQUESTS = Number(process.env.REQ_BOUND_REQUESTS ?? 4e6);
const EPS = 1e-3;
const rows = [];
for (const pl of [90, 120]) {
  for (const fue of [15e12, 60e12]) {
    const params = { ...paperScenario.params, terminalFlops: fue, link: rayleighLink({ ...paperScenario.linkSpec, pathLossDb: pl }) };
    const P = paradigms(params);
    const out = {};
    for (const [name, p] of [["collaborative", P.collaborative], ["edge-only", P.edgeOnly]]) {
      const t0 = performance.now();
      const a = responseTimeAnalysis(p, { lambda: 0.5 });
      const q = a.quantile(EPS);
      const ms = performance.now() - t0;
      const sim = await simulateRequests({ pipeline: p, lambda: 0.5, requests: REQUESTS, seed: 2026, quantiles: [EPS] });
      const s = sim.endToEnd.quantiles[0];
      out[name] = { bound: q.seconds, method: q.method, sim: s.value, lower: s.lower, upper: s.upper, ms };
    }
    const c = out.collaborative;
    const e = out["edge-only"];
    const differ = Math.abs(c.sim - e.sim) > 0.05 * Math.min(c.sim, e.sim);
    const simFirst = c.sim < e.sim ? "collaborative" : "edge-only";
    const boundFirst = c.bound < e.bound ? "collaborative" : "edge-only";
    for (const [name, v] of Object.entries(out)) {
      rows.push(
        `| ${pl} | ${fue / 1e12} | ${name} | ${v.bound.toFixed(3)} (${v.method}) | ${v.sim.toFixed(3)} [${v.lower.toFixed(3)}, ${v.upper.toFixed(3)}] | ${(v.bound / v.sim).toFixed(3)} | ${name === "collaborative" ? `${boundFirst} / ${simFirst}${differ ? "" : " (within 5 %)"}` : ""} | ${v.ms.toFixed(0)} |`,
      );
    }
  }
}
console.log(`Response-time quantile at ε = ${EPS}, λ = 0.5/s, ${REQUESTS.toExponential(0)} simulated requests per pipeline (seconds).\n`);
console.log("| PL (dB) | f_UE (TFLOP/s) | pipeline | bound | simulated [95 %] | bound/simulated | first by bound / simulation | analysis ms |");
console.log("|---:|---:|---|---:|---:|---:|---|---:|");
for (const r of rows) console.log(r);
